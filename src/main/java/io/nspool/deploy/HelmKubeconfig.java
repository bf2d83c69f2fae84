package io.nspool.deploy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig for in-process Helm: the API server and CA of nspool's own client, and a token of
 * one namespace's installer, nothing else. nspool's own credentials (token or client certificate)
 * never reach Helm.
 */
final class HelmKubeconfig {
  private HelmKubeconfig() {}

  static String of(Config nspool, String installerToken, String namespace) {
    String ca = data(nspool.getCaCertData(), nspool.getCaCertFile());
    String cluster =
        nspool.isTrustCerts()
            ? "    insecure-skip-tls-verify: true\n"
            : ca != null ? "    certificate-authority-data: " + ca + "\n" : "";
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: nspool\n  cluster:\n    server: "
        + nspool.getMasterUrl()
        + "\n"
        + cluster
        + "users:\n- name: installer\n  user:\n    token: "
        + installerToken
        + "\ncontexts:\n- name: installer\n  context:\n    cluster: nspool\n    user: installer\n"
        + "    namespace: "
        + namespace
        + "\ncurrent-context: installer\n";
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
