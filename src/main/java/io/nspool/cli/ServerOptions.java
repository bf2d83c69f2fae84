package io.nspool.cli;

import io.nspool.cli.client.ApiClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the nspool server is and who is asking: shared by every client command. */
final class ServerOptions {
  static final String SERVER_ENV = "NSPOOL_SERVER";
  static final String TOKEN_ENV = "NSPOOL_TOKEN";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The nspool server, e.g. http://127.0.0.1:8080 (default: $" + SERVER_ENV + ").")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "API token (default: $"
              + TOKEN_ENV
              + "; prefer the variable, options end up in shell history).")
  String token;

  ApiClient client() {
    CliContext context = CliContext.of(mixee);
    String url = firstSet(server, context.env().apply(SERVER_ENV));
    if (url == null) {
      throw new ParameterException(
          mixee.commandLine(),
          "no nspool server given: pass --server URL or set "
              + SERVER_ENV
              + ", e.g. http://127.0.0.1:8080");
    }
    String secret = firstSet(token, context.env().apply(TOKEN_ENV));
    if (secret == null) {
      throw new ParameterException(
          mixee.commandLine(),
          "no API token given: pass --token TOKEN or set "
              + TOKEN_ENV
              + " (an admin creates"
              + " one with `nspool user add`)");
    }
    return new ApiClient(parse(url), secret);
  }

  private URI parse(String url) {
    String trimmed = url.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ParameterException(
        mixee.commandLine(),
        "--server / "
            + SERVER_ENV
            + ": '"
            + url
            + "' is not an http(s) URL like http://127.0.0.1:8080");
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
