package io.nspool.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.error.AlreadyExistsException;
import io.nspool.error.InvalidArgumentException;
import io.nspool.pool.Names;
import io.nspool.rbac.NspoolRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API users, kept in one Secret ({@code nspool-users}) in the control namespace: one entry per user
 * with role, workspaces and the SHA-256 of its token. The token itself is shown once, when the user
 * is created, and stored nowhere. Lookups come from a watch-backed cache.
 */
public final class UserStore implements AutoCloseable {
  public static final String SECRET = NspoolRoles.USERS_SECRET;
  private static final Pattern NAME = Pattern.compile(Names.DNS_LABEL);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One stored user. */
  record Entry(String role, List<String> workspaces, String tokenHash, String createdAt) {}

  private final KubernetesClient client;
  private final String namespace;
  private final SharedIndexInformer<Secret> informer;

  public UserStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informer = client.secrets().inNamespace(namespace).withName(SECRET).inform();
  }

  public boolean isSynced() {
    return informer.hasSynced();
  }

  /** The user holding this token, if any. */
  public Optional<Principal> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String hash = hash(token);
    for (Map.Entry<String, Entry> e : entries(current()).entrySet()) {
      if (MessageDigest.isEqual(
          e.getValue().tokenHash().getBytes(StandardCharsets.US_ASCII),
          hash.getBytes(StandardCharsets.US_ASCII))) {
        return Optional.of(
            new Principal(e.getKey(), Role.parse(e.getValue().role()), e.getValue().workspaces()));
      }
    }
    return Optional.empty();
  }

  /** Creates a user and returns its token, the only time it exists outside the caller. */
  public String create(String name, Role role, List<String> workspaces) {
    if (name == null || name.length() > Names.MAX_LABEL || !NAME.matcher(name).matches()) {
      throw new InvalidArgumentException(
          "name \"" + name + "\" must be a DNS-1123 label: lowercase letters, digits and '-'");
    }
    for (String w : workspaces) {
      if (w == null || w.length() > Names.MAX_LABEL || !NAME.matcher(w).matches()) {
        throw new InvalidArgumentException(
            "workspaces: \""
                + w
                + "\" must be a DNS-1123 label: at most 63 lowercase letters, digits and '-'");
      }
    }
    if (role != Role.ADMIN && workspaces.isEmpty()) {
      throw new InvalidArgumentException(
          "workspaces: a " + role.wireName() + " needs at least one workspace");
    }
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String token = "nsp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Entry entry =
        new Entry(role.wireName(), List.copyOf(workspaces), hash(token), Instant.now().toString());
    for (int attempt = 0; attempt < 5; attempt++) {
      Secret secret = client.secrets().inNamespace(namespace).withName(SECRET).get();
      Map<String, Entry> users = entries(secret);
      if (users.containsKey(name)) {
        throw new AlreadyExistsException("user \"" + name + "\" already exists");
      }
      Map<String, String> data =
          new HashMap<>(secret == null || secret.getData() == null ? Map.of() : secret.getData());
      data.put(name, Base64.getEncoder().encodeToString(json(entry)));
      try {
        if (secret == null) {
          // nspool may not create Secrets in its control namespace (a Role cannot limit create
          // to one name); nspool install creates this one.
          throw new IllegalStateException(
              "Secret "
                  + namespace
                  + "/"
                  + SECRET
                  + " does not exist; run nspool install (or apply nspool install --render) to"
                  + " create it");
        }
        client
            .resource(new SecretBuilder(secret).withData(data).build())
            .update(); // resourceVersion: CAS
        awaitCached(name);
        return token;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("users Secret kept changing; try again");
  }

  /**
   * Waits (briefly) until the watch-backed cache has the new user, so the token works the moment it
   * is handed out, on this replica at least.
   */
  private void awaitCached(String name) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!entries(current()).containsKey(name) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Secret current() {
    return informer.getStore().getByKey(namespace + "/" + SECRET);
  }

  private static Map<String, Entry> entries(Secret secret) {
    Map<String, Entry> users = new HashMap<>();
    if (secret == null || secret.getData() == null) {
      return users;
    }
    secret
        .getData()
        .forEach(
            (name, value) -> {
              try {
                users.put(name, JSON.readValue(Base64.getDecoder().decode(value), Entry.class));
              } catch (IOException | IllegalArgumentException e) {
                // An entry nspool cannot read authenticates nobody.
              }
            });
    return users;
  }

  private static byte[] json(Entry entry) {
    try {
      return JSON.writeValueAsBytes(entry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
