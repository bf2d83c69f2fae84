package io.nspool.cli;

import io.nspool.localcluster.LocalBinaries;
import io.nspool.localcluster.StateDir;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

@Command(
    name = "kubectl",
    description = {
      "Run kubectl of the embedded cluster's version as its admin, e.g. `nspool kubectl get ns`.",
      "Every argument after `kubectl` is passed to kubectl unchanged."
    })
final class KubectlCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  /** Everything after the command, options included, goes to kubectl unchanged. */
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    StateDir state = local.state();
    if (!Files.exists(state.kubeconfig())) {
      throw new IllegalStateException(
          "no local cluster in " + state.root() + "; start one with `nspool up --detach`");
    }
    List<String> command = new ArrayList<>();
    command.add(LocalBinaries.kubeLocalOnly(LocalOptions.repoRoot()).kubeLocal().toString());
    command.add("kubectl");
    command.add("--kubeconfig=" + state.kubeconfig());
    command.addAll(args);
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
