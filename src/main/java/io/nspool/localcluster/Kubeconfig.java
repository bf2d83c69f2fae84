package io.nspool.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a kubeconfig with one cluster, one bearer-token user and one context. */
final class Kubeconfig {
  private Kubeconfig() {}

  static void write(Path file, String server, Path caFile, String user, String token) {
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nspool-local
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: %s@nspool-local
          context:
            cluster: nspool-local
            user: %s
        current-context: %s@nspool-local
        """
            .formatted(server, caFile.toAbsolutePath(), user, token, user, user, user);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      // A token inside: readable by its owner only.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
