package io.nspool.deploy;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Helm's renderer ({@code helm template}, through helm-java) in a child JVM whose only
 * Kubernetes identity is the one it is given. helm-java's template takes no kubeconfig: it runs a
 * chart's {@code lookup}s with the process's default identity, which inside nspool is nspool
 * itself. The child starts with an environment holding nothing but a kubeconfig of the installer
 * (no in-cluster variables, no inherited {@code KUBECONFIG}), so every lookup is made as the
 * installer and Kubernetes refuses whatever reaches outside its namespace.
 */
final class TemplateProcess {
  /** Far above any render; a chart that loops forever must not hold a Helm thread forever. */
  private static final long TIMEOUT_SECONDS = 120;

  private TemplateProcess() {}

  /** {@code nice}, where the system has it; renders run at normal priority where it does not. */
  private static final Path NICE =
      java.util.stream.Stream.of("/usr/bin/nice", "/bin/nice")
          .map(Path::of)
          .filter(Files::isExecutable)
          .findFirst()
          .orElse(null);

  /** Who the render's lookups act as. */
  sealed interface Identity {
    /** A kubeconfig holding only an installer's token (nspool at run time). */
    record Kubeconfig(String contents) implements Identity {}

    /** The caller's own environment, as {@code helm template} would (an admin's CLI). */
    record Callers() implements Identity {}
  }

  /** The rendered manifest; a failure carries Helm's own message. */
  static String render(
      Path chart, String release, String namespace, Path valuesFile, Identity identity) {
    Path home = null;
    try {
      home = Files.createTempDirectory("nspool-render-");
      List<String> command = new ArrayList<>();
      if (NICE != null) {
        // A render is background work of an install that was already answered; on a small
        // machine 16 of these JVMs starting at once took the CPU from the API's next claims.
        command.addAll(List.of(NICE.toString(), "-n", "10"));
      }
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(TemplateProcess.class.getName());
      command.addAll(List.of(chart.toString(), release, namespace, valuesFile.toString()));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      if (identity instanceof Identity.Kubeconfig kubeconfig) {
        String path = System.getenv("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("HOME", home.toString());
        Path file = home.resolve("kubeconfig");
        Files.writeString(file, kubeconfig.contents());
        env.put("KUBECONFIG", file.toString());
      }
      Path out = home.resolve("out");
      Path err = home.resolve("err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new HelmException(
            HelmFailure.classify(
                "rendering the chart took longer than " + TIMEOUT_SECONDS + "s", namespace));
      }
      if (process.exitValue() != 0) {
        String message = Files.readString(err, StandardCharsets.UTF_8).strip();
        throw new RenderFailed(helmMessage(message));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Helm's renderer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HelmException(HelmFailure.classify("interrupted while rendering", namespace));
    } finally {
      if (home != null) {
        deleteQuietly(home);
      }
    }
  }

  /** Helm's error message: the child prints it last, after a marker, below any Go logging. */
  private static String helmMessage(String stderr) {
    int marker = stderr.lastIndexOf(ERROR_MARKER);
    return marker < 0 ? stderr : stderr.substring(marker + ERROR_MARKER.length()).strip();
  }

  private static final String ERROR_MARKER = "nspool-render-error:";

  /** The render failed; the message is Helm's. */
  static final class RenderFailed extends RuntimeException {
    RenderFailed(String message) {
      super(message);
    }
  }

  /** The child: renders and prints the manifest, or prints Helm's error after the marker. */
  public static void main(String[] args) {
    try {
      String manifest =
          new Helm(Path.of(args[0]))
              .template()
              .withName(args[1])
              .withNamespace(args[2])
              .withValuesFile(Path.of(args[3]))
              .call();
      System.out.print(manifest);
      System.out.flush();
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println(ERROR_MARKER + " " + e.getMessage());
      System.err.flush();
      System.exit(3);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temp folder readable by its owner only
    }
  }
}
