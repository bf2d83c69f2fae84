package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.CreateUserRequest;
import io.nspool.api.model.UserView;
import io.nspool.cli.client.ApiClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "API users and their tokens (admin).",
    subcommands = UserCommand.Add.class)
final class UserCommand extends CommandGroup {

  enum Role {
    admin,
    member,
    viewer
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Create a user and print its API token, once: nspool keeps only its hash.",
        "admin: everything; member: deployments of its workspaces; viewer: read only."
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME", description = "The user's name.")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(
        names = "--workspace",
        paramLabel = "W",
        description = "A workspace the user works in; repeatable (not needed for admin).")
    List<String> workspaces = new ArrayList<>();

    @Override
    public Integer call() {
      if (workspaces.isEmpty() && role != Role.admin) {
        throw new ParameterException(
            spec.commandLine(),
            "--workspace is required for role "
                + role
                + ": a "
                + role
                + " sees only its workspaces");
      }
      JsonNode answer =
          server.client().post("/users", new CreateUserRequest(name, role.name(), workspaces));
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!output.table()) {
        output.print(out, answer);
      } else {
        UserView user = ApiClient.as(answer, UserView.class);
        out.println(
            "user "
                + user.name()
                + " created (role "
                + user.role()
                + (user.workspaces() == null || user.workspaces().isEmpty()
                    ? ""
                    : ", workspaces " + String.join(", ", user.workspaces()))
                + ")");
        out.println("token: " + user.token());
        out.flush();
      }
      err.println(
          "warning: this token is shown now and never again (nspool keeps only its hash); store"
              + " it in a secret manager or give it to "
              + name
              + " now");
      err.flush();
      return ExitCode.OK;
    }
  }
}
