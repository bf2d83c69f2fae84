package io.nspool.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds nspool's container image the way {@code image/build.sh --push} does, for the tests: the
 * base from {@code image/build-base.sh} (cached in {@code ~/.cache/nspool/image-base}), then Jib
 * ({@code mvn jib:build}, the pom's configuration) pushing to a registry. Needs the jar and the
 * classes (the {@code package} phase: failsafe runs after it) and Maven online, as Jib refuses to
 * push in offline mode.
 */
public final class ImageBuild {
  private final Path repoRoot;
  private final Path logs;

  public ImageBuild(Path repoRoot) throws IOException {
    this.repoRoot = repoRoot;
    this.logs = Files.createDirectories(repoRoot.resolve("target/it-logs"));
  }

  /** The base image tarball, built when the cache has none for these inputs. */
  public Path base() throws IOException, InterruptedException {
    Path log = logs.resolve("image-base.log");
    Process p =
        new ProcessBuilder(repoRoot.resolve("image/build-base.sh").toString())
            .directory(repoRoot.toFile())
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          "image/build-base.sh failed (exit " + p.exitValue() + "): " + tail(log));
    }
    return Path.of(out);
  }

  /**
   * Pushes the image onto {@code base} as {@code image} (a plain-HTTP registry is allowed) and
   * returns the manifest digest Jib reports.
   */
  public String push(Path base, String image) throws IOException, InterruptedException {
    String mavenHome = System.getProperty("nspool.mavenHome", "");
    String mvn = mavenHome.isBlank() ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
    Path log = logs.resolve("image-jib.log");
    Path digest = repoRoot.resolve("target/jib-image.digest");
    Files.deleteIfExists(digest);
    List<String> command =
        List.of(
            mvn,
            "-B",
            "jib:build",
            "-Dnspool.image.base=tar://" + base,
            "-Dnspool.image=" + image,
            "-Djib.allowInsecureRegistries=true",
            // The test registry has no credentials; nothing to send over HTTP, said explicitly.
            "-Djib.sendCredentialsOverHttp=false",
            // No network but the package registries: Jib's check for a newer Jib would only wait.
            "-Djib.disableUpdateChecks=true",
            "-Djib.console=plain");
    Process p =
        new ProcessBuilder(command)
            .directory(repoRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (p.waitFor() != 0 || !Files.exists(digest)) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + tail(log));
    }
    return Files.readString(digest).trim();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return "see "
        + log
        + ":\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
