package io.nspool.deploy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig for in-process Helm that carries exactly nspool's own credentials (the fabric8
 * client's server, CA and token or client certificate), so every release is installed as nspool's
 * namespace-scoped identity and never as anyone else.
 */
final class HelmKubeconfig {
  private HelmKubeconfig() {}

  static String of(Config config) {
    StringBuilder user = new StringBuilder();
    String token =
        config.getAutoOAuthToken() != null ? config.getAutoOAuthToken() : config.getOauthToken();
    if (token != null) {
      user.append("    token: ").append(token).append('\n');
    }
    String certData = data(config.getClientCertData(), config.getClientCertFile());
    String keyData = data(config.getClientKeyData(), config.getClientKeyFile());
    if (certData != null && keyData != null) {
      user.append("    client-certificate-data: ").append(certData).append('\n');
      user.append("    client-key-data: ").append(keyData).append('\n');
    }
    String ca = data(config.getCaCertData(), config.getCaCertFile());
    String cluster =
        config.isTrustCerts()
            ? "    insecure-skip-tls-verify: true\n"
            : ca != null ? "    certificate-authority-data: " + ca + "\n" : "";
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: nspool\n  cluster:\n    server: "
        + config.getMasterUrl()
        + "\n"
        + cluster
        + "users:\n- name: nspool\n  user:\n"
        + user
        + "contexts:\n- name: nspool\n  context:\n    cluster: nspool\n    user: nspool\n"
        + "current-context: nspool\n";
  }

  /** Base64 data as kubeconfigs carry it: given as data already, or read from a file. */
  private static String data(String data, String file) {
    if (data != null && !data.isBlank()) {
      return data;
    }
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
