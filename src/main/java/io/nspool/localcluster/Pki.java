package io.nspool.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of the local cluster: the service-account signing key pair (TokenRequest needs it)
 * and a static bearer token for each identity: the admin (group {@code system:masters}),
 * kube-controller-manager and kube-scheduler as the users Kubernetes' bootstrap RBAC policy binds
 * ({@code system:kube-controller-manager}, {@code system:kube-scheduler}), and kwok, which stands
 * in for every node's kubelet and acts as admin. Created once per state folder and kept, so
 * kubeconfigs stay valid across {@code down}/{@code up}. The apiserver generates its own
 * self-signed serving certificate in its cert folder.
 */
final class Pki {
  static final String ADMIN_USER = "nspool-admin";

  /** One static-token identity: its token file's name, user name and groups. */
  enum User {
    ADMIN("admin.token", ADMIN_USER, "system:masters"),
    CONTROLLER_MANAGER("kube-controller-manager.token", "system:kube-controller-manager", null),
    SCHEDULER("kube-scheduler.token", "system:kube-scheduler", null),
    KWOK("kwok.token", "kwok-controller", "system:masters");

    final String file;
    final String name;
    final String groups;

    User(String file, String name, String groups) {
      this.file = file;
      this.name = name;
      this.groups = groups;
    }
  }

  private final Path dir;

  Pki(Path dir) {
    this.dir = dir;
  }

  Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  Path serviceAccountPub() {
    return dir.resolve("sa.pub");
  }

  Path tokenFile() {
    return dir.resolve("tokens.csv");
  }

  Path adminTokenFile() {
    return dir.resolve(User.ADMIN.file);
  }

  void ensure() {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      if (!Files.exists(serviceAccountKey()) || !Files.exists(serviceAccountPub())) {
        KeyPair pair = rsaKeyPair();
        Files.writeString(serviceAccountKey(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(serviceAccountPub(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      }
      StringBuilder csv = new StringBuilder();
      for (User user : User.values()) {
        Path file = dir.resolve(user.file);
        if (!Files.exists(file)) {
          byte[] random = new byte[32];
          new SecureRandom().nextBytes(random);
          Files.writeString(file, HexFormat.of().formatHex(random));
        }
        csv.append(token(user)).append(',').append(user.name).append(',').append(user.name);
        if (user.groups != null) {
          csv.append(",\"").append(user.groups).append('"');
        }
        csv.append('\n');
      }
      if (!Files.exists(tokenFile()) || !Files.readString(tokenFile()).contentEquals(csv)) {
        Files.writeString(tokenFile(), csv);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local cluster's keys under " + dir, e);
    }
  }

  String adminToken() {
    return token(User.ADMIN);
  }

  String token(User user) {
    try {
      return Files.readString(dir.resolve(user.file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is always available in the JDK", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
