package io.nspool.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for nspool.",
      "bash: `source <(nspool completion bash)`, or save it in" + " /etc/bash_completion.d/nspool.",
      "zsh: `source <(nspool completion zsh)` in ~/.zshrc (it loads bashcompinit)."
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    // picocli's script serves both: under zsh it turns on bashcompinit first.
    spec.commandLine().getOut().print(AutoComplete.bash("nspool", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
