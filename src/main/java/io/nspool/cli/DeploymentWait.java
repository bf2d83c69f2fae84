package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.DeploymentView.Component;
import io.nspool.api.model.DeploymentView.ConditionView;
import io.nspool.cli.client.ApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --wait}: polls a deployment until it is Ready, printing each change of phase and of a
 * component's readiness as it is seen.
 */
final class DeploymentWait {
  private final ApiClient client;
  private final PrintWriter progress;
  private final Duration interval;
  private final Duration timeout;

  private String phase;
  private final Map<String, String> components = new HashMap<>();

  DeploymentWait(ApiClient client, PrintWriter progress, Duration interval, Duration timeout) {
    this.client = client;
    this.progress = progress;
    this.interval = interval;
    this.timeout = timeout;
  }

  /** The deployment once Ready, as the API shows it; a {@link CliException} otherwise. */
  JsonNode untilReady(String name, JsonNode current) {
    return until(name, current, view -> true, true);
  }

  /**
   * The deployment once Ready at a release revision newer than {@code revision}: an upgrade has
   * been applied. A deployment that was Failed before the change may stay Failed until the
   * controller retries with the new values, so Failed only ends the wait when it was not Failed
   * before.
   */
  JsonNode untilUpgraded(String name, JsonNode current, int revision, boolean failedBefore) {
    return until(
        name,
        current,
        view ->
            view.release() != null
                && view.release().revision() != null
                && view.release().revision() > revision,
        !failedBefore);
  }

  private JsonNode until(
      String name,
      JsonNode current,
      java.util.function.Predicate<DeploymentView> settled,
      boolean failedIsFinal) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      DeploymentView view = ApiClient.as(current, DeploymentView.class);
      report(view);
      switch (Objects.requireNonNullElse(view.phase(), "Pending")) {
        case "Ready":
          if (settled.test(view)) {
            return current;
          }
          break;
        case "Failed":
          if (!failedIsFinal) {
            break;
          }
          throw new CliException(
              ExitCode.DEPLOYMENT_FAILED,
              "deployment "
                  + name
                  + " failed"
                  + because(view)
                  + "; see `nspool deployment events "
                  + name
                  + "`");
        case "Deleting":
        case "Retained":
          throw new CliException(
              ExitCode.DEPLOYMENT_FAILED,
              "deployment " + name + " is " + view.phase() + ": it was deleted while waiting");
        default:
          break;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new CliException(
            ExitCode.TIMED_OUT,
            "deployment "
                + name
                + " is not Ready after "
                + HumanTime.duration(timeout)
                + " (phase "
                + view.phase()
                + because(view)
                + "); it goes on in the background: `nspool deployment get "
                + name
                + "`");
      }
      sleep();
      current = client.get("/deployments/" + ApiClient.segment(name));
    }
  }

  private void report(DeploymentView view) {
    if (!Objects.equals(view.phase(), phase)) {
      phase = view.phase();
      String where = view.namespace() == null ? "" : " in namespace " + view.namespace();
      progress.println(view.name() + ": " + phase + where + because(view));
    }
    List<Component> list = view.components() == null ? List.of() : view.components();
    for (Component c : list) {
      String state = c.readyReplicas() + "/" + c.replicas() + (c.ready() ? " ready" : " not ready");
      if (!state.equals(components.put(c.name(), state))) {
        progress.println("  " + c.kind() + " " + c.name() + ": " + state);
      }
    }
    progress.flush();
  }

  /** ": reason: message" of the first condition that is not True, or "". */
  private static String because(DeploymentView view) {
    if (view.conditions() == null || "Ready".equals(view.phase())) {
      return "";
    }
    return view.conditions().stream()
        .filter(c -> !"True".equals(c.status()) && c.reason() != null)
        .findFirst()
        .map(DeploymentWait::describe)
        .orElse("");
  }

  private static String describe(ConditionView c) {
    return ": " + c.reason() + (c.message() == null ? "" : ": " + c.message());
  }

  private void sleep() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILURE, "interrupted while waiting");
    }
  }
}
