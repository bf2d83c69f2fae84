package io.nspool.cli;

import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalCluster.ComponentStatus;
import io.nspool.localcluster.StateDir;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each process of the local cluster `nspool up` started: its pid, loopback port and"
          + " health (what its health endpoint answers). Exits 0 when every one runs and is"
          + " healthy, 1 otherwise; `nspool up --detach` restarts what is missing."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  @Override
  public Integer call() {
    StateDir state = local.state();
    List<ComponentStatus> all = LocalCluster.status(state);
    System.out.println("Local cluster in " + state.root() + ":");
    System.out.printf("  %-24s %-8s %-6s %s%n", "COMPONENT", "PID", "PORT", "HEALTH");
    for (ComponentStatus c : all) {
      System.out.printf(
          "  %-24s %-8s %-6s %s%n",
          c.component().role(),
          c.pid() < 0 ? "-" : Long.toString(c.pid()),
          c.port() < 0 ? "-" : Integer.toString(c.port()),
          oneLine(c.health()));
    }
    return all.stream().allMatch(ComponentStatus::healthy) ? ExitCode.OK : ExitCode.FAILURE;
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 100 ? line.substring(0, 100) + "..." : line;
  }
}
