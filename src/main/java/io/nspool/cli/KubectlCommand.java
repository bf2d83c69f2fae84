package io.nspool.cli;

import io.nspool.localcluster.KubeLocalBinary;
import io.nspool.localcluster.StateDir;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "kubectl",
    description = {
      "Run kubectl of the embedded cluster's version as its admin, e.g. `nspool kubectl get ns`."
    })
final class KubectlCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  @Parameters(paramLabel = "ARGS", description = "Arguments passed to kubectl unchanged.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    StateDir state = local.state();
    List<String> command = new ArrayList<>();
    command.add(KubeLocalBinary.resolve(LocalOptions.repoRoot()).toString());
    command.add("kubectl");
    command.add("--kubeconfig=" + state.kubeconfig());
    command.addAll(args);
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
