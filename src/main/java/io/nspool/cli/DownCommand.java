package io.nspool.cli;

import io.nspool.localcluster.Component;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop everything `nspool up` started (nspool's server and the local cluster). Its data is kept for the next"
          + " `up` unless --purge is given. Stopping a stopped cluster does nothing."
    })
final class DownCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  @Option(names = "--purge", description = "Also delete the cluster's data, keys and logs.")
  boolean purge;

  @Override
  public Integer call() throws IOException {
    StateDir state = local.state();
    List<Component> stopped = LocalCluster.stop(state, line -> System.err.println("==> " + line));
    System.out.println(
        stopped.isEmpty() ? "No local cluster is running." : "Local cluster stopped.");
    if (purge && Files.exists(state.root())) {
      try (Stream<Path> files = Files.walk(state.root())) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
      System.out.println("Deleted " + state.root());
    }
    return 0;
  }
}
