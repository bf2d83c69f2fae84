package io.nspool.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.install.InstallPlan;
import io.nspool.install.Installer;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.Finding;
import io.nspool.rbac.LintedRole;
import io.nspool.rbac.RbacLint;
import io.nspool.rbac.RoleDocuments;
import io.nspool.rbac.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rbac",
    mixinStandardHelpOptions = true,
    description = "Kubernetes RBAC: check Roles before they are applied.",
    subcommands = {RbacCommand.Lint.class, RbacCommand.ChartRoleCommand.class})
final class RbacCommand extends CommandGroup {

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = {
        "Flag rules that can never work in a namespaced Role (errors: cluster-scoped resources,"
            + " nonResourceURLs, unknown verbs, ...), that grant too much (warnings: wildcards,"
            + " escalate/bind/impersonate, writing Namespaces, listing Secrets, exec and tokens"
            + " without resourceNames, * on roles) or that are redundant or dated (infos:"
            + " duplicates, shadowed rules, the extensions group). Nothing is sent to a cluster.",
        "",
        "FILE (or - for stdin) holds YAML: one or many documents, Role, ClusterRole or a List;"
            + " other kinds are skipped. --pool NAME lints nspool's own Roles as `nspool install`"
            + " renders them for that pool instead.",
      },
      footer = {
        "",
        "Exit codes:",
        "  0  no error (warnings and infos may be listed)",
        "  1  at least one error: a rule that can never work as written",
        "  2  bad usage: an option; FILE unreadable, not YAML, or with no Role in it",
      })
  static final class Lint implements Callable<Integer> {
    enum Format {
      table,
      json
    }

    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Parameters(
        arity = "0..1",
        paramLabel = "FILE|-",
        description = "YAML with Roles and ClusterRoles; - reads stdin.")
    String file;

    @Option(
        names = "--pool",
        paramLabel = "NAME",
        description = "Lint nspool's own Roles as `nspool install --pool NAME` renders them.")
    String pool;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        defaultValue = "nspool-system",
        description = "With --pool: nspool's control namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
        names = "--service-account",
        paramLabel = "NAME",
        defaultValue = "nspool",
        description = "With --pool: nspool's ServiceAccount (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(
        names = "--pool-namespaces",
        split = ",",
        paramLabel = "NS",
        description =
            "With --pool: the pool's namespaces (default: one sample namespace, tenant-1; every"
                + " pool namespace gets the same Roles).")
    List<String> poolNamespaces;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Override
    public Integer call() {
      List<LintedRole> roles = roles();
      List<Finding> findings = RbacLint.lint(roles);
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.json) {
        out.print(json(roles, findings));
      } else {
        table(out, roles, findings);
      }
      out.flush();
      return RbacLint.failed(findings) ? ExitCode.FAILURE : ExitCode.OK;
    }

    private List<LintedRole> roles() {
      if ((file == null) == (pool == null)) {
        throw new ParameterException(
            spec.commandLine(), "give either FILE (or - for stdin) or --pool NAME");
      }
      if (pool != null) {
        return poolRoles();
      }
      String source = file.equals("-") ? "stdin" : file;
      RoleDocuments.Parsed parsed;
      try {
        parsed = RoleDocuments.parse(read(), source);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage());
      }
      if (parsed.roles().isEmpty()) {
        throw new CliException(
            ExitCode.USAGE,
            source
                + ": no Role or ClusterRole in it"
                + (parsed.skipped().isEmpty() ? "" : " (found " + parsed.skipped() + ")"));
      }
      return parsed.roles();
    }

    private String read() {
      try {
        return file.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new CliException(ExitCode.USAGE, file + ": no such file");
      } catch (IOException e) {
        throw new CliException(ExitCode.USAGE, file + ": cannot read it: " + e.getMessage());
      }
    }

    /** The Roles `nspool install` renders: the control namespace's, then each pool namespace's. */
    private List<LintedRole> poolRoles() {
      label("--pool", pool);
      label("--namespace", namespace);
      label("--service-account", serviceAccount);
      List<String> names = poolNamespaces == null ? List.of("tenant-1") : poolNamespaces;
      names.forEach(n -> label("--pool-namespaces", n));
      InstallPlan plan =
          new InstallPlan(
              namespace, serviceAccount, pool, names, "14d", false, PodSecurityLevel.BASELINE);
      return Installer.manifests(plan, new KubernetesSerialization()).stream()
          .filter(Role.class::isInstance)
          .map(o -> LintedRole.of((Role) o))
          .toList();
    }

    private void label(String option, String value) {
      if (value.length() > io.nspool.pool.Names.MAX_LABEL
          || !InstallCommand.LABEL.matcher(value).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            option
                + " \""
                + value
                + "\": must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)");
      }
    }

    private static void table(PrintWriter out, List<LintedRole> roles, List<Finding> findings) {
      if (!findings.isEmpty()) {
        Table table = new Table("SEVERITY", "ROLE", "RULE", "CHECK", "WHY", "FIX");
        for (Finding f : findings) {
          table.row(
              f.severity().label(),
              f.role(),
              "#" + f.rule() + " " + f.ruleText(),
              f.check(),
              f.why(),
              f.fix());
        }
        table.print(out);
        out.println();
      }
      out.println(summary(roles, findings));
    }

    static String summary(List<LintedRole> roles, List<Finding> findings) {
      List<String> counts = new ArrayList<>();
      for (Severity s : Severity.values()) {
        long n = findings.stream().filter(f -> f.severity() == s).count();
        counts.add(n + " " + s.label() + (n == 1 ? "" : "s"));
      }
      return String.join(", ", counts)
          + " in "
          + roles.size()
          + (roles.size() == 1 ? " role" : " roles")
          + " ("
          + String.join(", ", roles.stream().map(LintedRole::display).toList())
          + ")";
    }

    private static String json(List<LintedRole> roles, List<Finding> findings) {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode list = root.putArray("findings");
      for (Finding f : findings) {
        list.addObject()
            .put("severity", f.severity().label())
            .put("role", f.role())
            .put("rule", f.rule())
            .put("ruleText", f.ruleText())
            .put("check", f.check())
            .put("why", f.why())
            .put("fix", f.fix());
      }
      ObjectNode summary = root.putObject("summary");
      for (Severity s : Severity.values()) {
        summary.put(s.label(), findings.stream().filter(f -> f.severity() == s).count());
      }
      ArrayNode linted = summary.putArray("roles");
      roles.forEach(r -> linted.add(r.display()));
      try {
        return JSON.writeValueAsString(root) + System.lineSeparator();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Command(
      name = "role",
      mixinStandardHelpOptions = true,
      description = {
        "Print the namespaced installer Role a chart needs: Helm renders the chart (manifest,"
            + " hooks and crds/, subcharts included) with these values, and the Role grants the"
            + " verbs Helm uses on every kind it creates (get, list, watch, create, update, patch,"
            + " delete; the group from each apiVersion), Secrets for Helm's release record, and"
            + " every rule of every Role the chart creates (Kubernetes lets the installer create a"
            + " Role only if it holds what the Role grants).",
        "",
        "It is the same computation nspool's pre-flight checks before each install. Objects no"
            + " Role can cover (cluster-scoped kinds, CRDs, other namespaces) are listed as"
            + " comments: pre-flight refuses them. Templates' lookups run as your own kubeconfig,"
            + " as with `helm template`; kinds are resolved offline (built-in cluster-scoped list,"
            + " plurals guessed as Kubernetes does).",
      },
      footer = {
        "",
        "Example:",
        "  nspool rbac role --chart ./airflow -f prod.yaml --set executor=KubernetesExecutor \\",
        "    -n tenant-1 > installer-role.yaml",
      })
  static final class ChartRoleCommand implements Callable<Integer> {
    /** kubectl's style: block YAML, plain scalars, list items indented under their key. */
    static String yaml(Role role) {
      org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
      options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
      options.setIndent(2);
      options.setIndicatorIndent(2);
      options.setIndentWithIndicator(true);
      Object tree = new KubernetesSerialization().convertValue(role, java.util.Map.class);
      return new org.yaml.snakeyaml.Yaml(options).dump(tree);
    }

    @Spec CommandSpec spec;

    @Option(
        names = "--chart",
        required = true,
        paramLabel = "PATH",
        description = "The chart: a folder or a packaged .tgz.")
    Path chart;

    @picocli.CommandLine.Mixin ValuesOptions valueOptions;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        defaultValue = "tenant-1",
        description = "The namespace the Role is for (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
        names = "--release",
        paramLabel = "NAME",
        defaultValue = "release",
        description = "The release name to render with (default: ${DEFAULT-VALUE}).")
    String release;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        defaultValue = io.nspool.rbac.NspoolRoles.INSTALLER,
        description = "The Role's name (default: ${DEFAULT-VALUE}).")
    String roleName;

    @Override
    public Integer call() {
      if (!Files.exists(chart)) {
        throw new CliException(ExitCode.USAGE, "--chart " + chart + ": no such file or folder");
      }
      java.util.Map<String, Object> values = valueOptions.values();
      io.nspool.deploy.ChartRender render;
      try {
        render = io.nspool.deploy.ChartRender.asCaller(chart, release, namespace, values);
      } catch (RuntimeException e) {
        throw new CliException(ExitCode.FAILURE, "the chart does not render: " + e.getMessage());
      }
      io.nspool.deploy.ResourceScopes scopes = io.nspool.deploy.ResourceScopes.builtIn();
      Role role = io.nspool.deploy.ChartRole.role(render, namespace, roleName, scopes);
      PrintWriter out = spec.commandLine().getOut();
      out.println("# The Role chart " + chart + " needs in " + namespace + " (nspool rbac role).");
      for (io.nspool.deploy.RenderedObject o : render.installed()) {
        var scope = scopes.of(o.apiVersion(), o.kind());
        String why =
            o.crd()
                ? "a CRD"
                : scope.isPresent() && !scope.get().namespaced()
                    ? "cluster-scoped"
                    : o.namespace() != null && !o.namespace().equals(namespace)
                        ? "in namespace " + o.namespace()
                        : null;
        if (why != null) {
          out.println(
              "# No Role can cover " + o.describe() + " (" + why + "): pre-flight refuses it.");
        }
      }
      out.print(yaml(role));
      out.flush();
      return ExitCode.OK;
    }
  }
}
