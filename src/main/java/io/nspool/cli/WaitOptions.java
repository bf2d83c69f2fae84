package io.nspool.cli;

import io.nspool.cli.client.ApiClient;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --wait} and {@code --timeout} of the commands that change a deployment. */
final class WaitOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--wait",
      description =
          "Show progress until the deployment is Ready (exit 0) or Failed (exit 7); give up after"
              + " --timeout (exit 8).")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 5m, 1h (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--poll-interval-ms", hidden = true, defaultValue = "2000")
  long pollIntervalMs;

  /** Polls through {@code client}, reporting progress on the command's stderr. */
  DeploymentWait waiter(ApiClient client) {
    return new DeploymentWait(
        client, spec.commandLine().getErr(), Duration.ofMillis(pollIntervalMs), timeout);
  }
}
