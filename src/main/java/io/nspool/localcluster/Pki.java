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
 * and the admin's bearer token (a static token in group {@code system:masters}). Created once per
 * state folder and kept, so kubeconfigs stay valid across {@code down}/{@code up}. The apiserver
 * generates its own self-signed serving certificate in its cert folder.
 */
final class Pki {
  static final String ADMIN_USER = "nspool-admin";

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
    return dir.resolve("admin.token");
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
      if (!Files.exists(adminTokenFile())) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.writeString(adminTokenFile(), token);
        Files.writeString(
            tokenFile(), token + "," + ADMIN_USER + "," + ADMIN_USER + ",\"system:masters\"\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local cluster's keys under " + dir, e);
    }
  }

  String adminToken() {
    try {
      return Files.readString(adminTokenFile()).trim();
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
