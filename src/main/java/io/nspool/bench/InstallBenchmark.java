package io.nspool.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.deploy.BundledChart;
import io.nspool.deploy.Commander;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.rbac.NspoolRoles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long it takes to get the default chart's objects applied into a fresh pool namespace, three
 * ways, as nspool's ServiceAccount, in the same run: nspool's in-process Helm (the Commander), the
 * helm CLI built from the same Helm version, and kubectl apply of the rendered manifests.
 */
public final class InstallBenchmark {
  private final KubernetesClient admin;
  private final PrintStream out;
  private final Path helm;
  private final Path kubeLocal;
  private final Path caFile;
  private final int rounds;

  public InstallBenchmark(
      KubernetesClient admin, PrintStream out, Path helm, Path kubeLocal, Path caFile, int rounds) {
    this.admin = admin;
    this.out = out;
    this.helm = helm;
    this.kubeLocal = kubeLocal;
    this.caFile = caFile;
    this.rounds = rounds;
  }

  public void run() throws Exception {
    ServiceAccountIdentity identity = new ServiceAccountIdentity("bench-system", "nspool");
    namespace(identity.namespace());
    identity.ensureExists(admin);
    Path work = Files.createTempDirectory("nspool-bench-install-");
    Path kubeconfig =
        identity.writeKubeconfig(admin, work.resolve("kubeconfig"), caFile, Duration.ofHours(2));
    Path chart = BundledChart.path(BundledChart.DEFAULT);
    Map<String, Object> values = Map.of("size", "small");
    Path valuesFile = work.resolve("values.yaml");
    Files.writeString(valuesFile, "size: small\n");
    Path rendered = work.resolve("rendered.yaml");
    List<Long> nspool = new ArrayList<>();
    List<Long> cli = new ArrayList<>();
    List<Long> kubectl = new ArrayList<>();
    try (KubernetesClient sa = identity.client(admin)) {
      Commander commander = new Commander(sa);
      // Warm-up of each path: JIT, Go runtimes, API server caches.
      commander.apply(chart, prepare(identity, "warm-nspool"), "demo", values);
      run(
          List.of(
              helm.toString(),
              "install",
              "demo",
              chart.toString(),
              "-n",
              prepare(identity, "warm-helm"),
              "-f",
              valuesFile.toString(),
              "--kubeconfig",
              kubeconfig.toString()));
      for (int i = 0; i < rounds; i++) {
        String a = prepare(identity, "nspool-" + i);
        String b = prepare(identity, "helm-" + i);
        String c = prepare(identity, "kubectl-" + i);
        // Rendered for its target namespace beforehand: rendering is not what is timed.
        Files.writeString(
            rendered,
            Commander.render(
                chart, c, "demo", Map.of("size", "small", "nspool", Map.of("offline", true))));
        // Rotate the order so no path always runs first.
        for (int k = 0; k < 3; k++) {
          switch ((i + k) % 3) {
            case 0 -> nspool.add(time(() -> commander.apply(chart, a, "demo", values)));
            case 1 ->
                cli.add(
                    time(
                        () ->
                            run(
                                List.of(
                                    helm.toString(),
                                    "install",
                                    "demo",
                                    chart.toString(),
                                    "-n",
                                    b,
                                    "-f",
                                    valuesFile.toString(),
                                    "--kubeconfig",
                                    kubeconfig.toString()))));
            default ->
                kubectl.add(
                    time(
                        () ->
                            run(
                                List.of(
                                    kubeLocal.toString(),
                                    "kubectl",
                                    "apply",
                                    "-f",
                                    rendered.toString(),
                                    "-n",
                                    c,
                                    "--kubeconfig",
                                    kubeconfig.toString()))));
          }
        }
      }
    }
    out.println(
        "| install of the default chart ("
            + rounds
            + " rounds, fresh namespace each) | p50 ms | min ms | max ms | p50 vs helm CLI |");
    out.println("|---|---:|---:|---:|---:|");
    double base = p50(cli);
    row("helm CLI `helm install` (" + helmVersion() + ")", cli, base);
    row("nspool Commander (helm-java, in-process)", nspool, base);
    row("`kubectl apply -f` of the rendered manifests", kubectl, base);
  }

  private void row(String what, List<Long> nanos, double base) {
    out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.0f | %.0f | %.2fx |%n",
        what,
        p50(nanos) / 1e6,
        nanos.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
        nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6,
        p50(nanos) / base);
  }

  private static double p50(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return LatencyStats.percentile(sorted, 0.5);
  }

  private String helmVersion() throws IOException, InterruptedException {
    return run(List.of(helm.toString(), "version", "--short")).strip();
  }

  private String prepare(ServiceAccountIdentity identity, String name) {
    String ns = "bench-" + name;
    namespace(ns);
    admin.resource(NspoolRoles.poolRole(ns, List.of())).serverSideApply();
    admin
        .resource(NspoolRoles.binding(ns, identity.namespace(), identity.name()))
        .serverSideApply();
    NspoolRoles.installerInControl(identity.namespace(), ns, identity.name())
        .forEach(o -> admin.resource(o).serverSideApply());
    NspoolRoles.installerInPool(identity.namespace(), ns, List.of())
        .forEach(o -> admin.resource(o).serverSideApply());
    return ns;
  }

  private void namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  private interface Op {
    void run() throws Exception;
  }

  private static long time(Op op) throws Exception {
    long t0 = System.nanoTime();
    op.run();
    return System.nanoTime() - t0;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
