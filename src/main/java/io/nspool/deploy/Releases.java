package io.nspool.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.chart.Catalogue;
import io.nspool.chart.ChartCache;
import io.nspool.chart.ChartEntry;
import io.nspool.chart.Values;
import io.nspool.chart.WaitTimeout;
import io.nspool.pool.NamespacePool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a bound deployment's Helm release matching its spec and reports it: install or upgrade when
 * chart or values change (retrying failures with backoff, never an invalid chart), readiness of
 * each component, and the phase that follows. Also uninstalls before a release of the namespace.
 */
final class Releases {
  /** The condition reason of a deployment naming a chart or version its pool does not offer. */
  static final String NOT_IN_CATALOGUE = "ChartNotInCatalogue";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Releases.class);

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final KubernetesClient client;
  private final ReleaseWorker worker;
  private final ChartCache charts;
  private final Clock clock;
  private final Duration retryBase;
  private final WorkloadCache workloads;
  private final InstalledWorkloads installedWorkloads;

  /**
   * The last successful install or upgrade of each deployment (by UID) done by this process. Helm
   * revisions only grow, so a status showing an older revision is a stale read, never a rollback.
   */
  private final Map<String, ReleaseWorker.Outcome> lastApplied = new ConcurrentHashMap<>();

  Releases(
      KubernetesClient client,
      ReleaseWorker worker,
      ChartCache charts,
      Clock clock,
      Duration retryBase,
      WorkloadCache workloads) {
    this.client = client;
    this.worker = worker;
    this.charts = charts;
    this.clock = clock;
    this.retryBase = retryBase;
    this.workloads = workloads;
    this.installedWorkloads = new InstalledWorkloads(client);
  }

  /**
   * The result for the reconciler: what to put in status, and when to look again if something is
   * due by time alone (a retry's backoff ends; null: when an event says so).
   */
  record Report(
      String phase, String conditionStatus, String reason, String message, Instant retryAt) {
    Report(String phase, String conditionStatus, String reason, String message) {
      this(phase, conditionStatus, reason, message, null);
    }
  }

  Report ensure(
      TenantDeployment deployment, NamespacePool pool, String namespace, DeploymentStatus status) {
    String uid = deployment.getMetadata().getUid();
    String release = deployment.getMetadata().getName();
    ReleaseStatus rel =
        status.getRelease() == null ? new ReleaseStatus() : status.getRelease().copy();
    rel.setName(release);
    Catalogue.Choice choice;
    try {
      choice =
          Catalogue.of(pool.getSpec().getCharts())
              .choose(deployment.getSpec().getChart(), deployment.getSpec().getVersion());
    } catch (Catalogue.ChoiceException e) {
      status.setRelease(rel);
      return new Report(
          "Failed",
          "False",
          NOT_IN_CATALOGUE,
          e.getMessage() + " (change the deployment's " + e.field() + " or the pool's catalogue)");
    }
    ChartEntry entry = choice.entry();
    if (entry.getPath() != null && !Files.exists(Path.of(entry.getPath()))) {
      status.setRelease(rel);
      return new Report(
          "Failed",
          "False",
          "InvalidChart",
          "chart "
              + entry.getName()
              + ": "
              + entry.getPath()
              + " does not exist on nspool's server");
    }
    Duration timeout;
    try {
      timeout =
          entry.getWaitTimeout() == null
              ? null
              : WaitTimeout.parse(
                  "charts[" + entry.getName() + "].waitTimeout", entry.getWaitTimeout());
    } catch (IllegalArgumentException e) {
      status.setRelease(rel);
      return new Report("Failed", "False", "InvalidChart", e.getMessage());
    }
    Map<String, Object> values = values(deployment, pool, entry, status.getExecutorNamespaces());
    String hash = hash(entry, values);
    // A failure is tied to what it was tried with: the chart, the values and the installer's Role
    // (pre-flight and Kubernetes refuse by the Role). Adding the missing rule retries it.
    java.util.function.Supplier<String> failKey =
        memo(() -> hash + "|" + installerRulesKey(namespace));
    Optional<ReleaseWorker.Outcome> outcome =
        worker.take(uid).filter(o -> o.op() == ReleaseWorker.Op.APPLY);
    String failureReason = null;
    String failureMessage = null;
    if (outcome.isPresent()) {
      ReleaseWorker.Outcome o = outcome.get();
      if (o.ok()) {
        applied(rel, o);
        lastApplied.put(uid, o);
      } else {
        rel.setAttempts(rel.getAttempts() + 1);
        rel.setFailedHash(o.hash().equals(hash) ? failKey.get() : o.hash());
        if (o.info() != null) {
          // Rolled back: a new revision serves the values deployed before the failed upgrade.
          rel.setRevision(o.info().revision());
          rel.setChart(o.info().chart());
        }
        failureReason = o.failure().reason();
        failureMessage =
            o.recovery() == null
                ? o.failure().message()
                : o.recovery() + "; then: " + o.failure().message();
      }
      rel.setLastAttemptTime(o.finished().toString());
    } else {
      ReleaseWorker.Outcome mine = lastApplied.get(uid);
      if (mine != null
          && (rel.getRevision() == null || mine.info().revision() > rel.getRevision())) {
        // The status read is older than a release this process installed (the cache has not
        // seen the status write yet, or that write lost a conflict): trust the newer revision
        // instead of installing the same values again.
        applied(rel, mine);
        rel.setLastAttemptTime(mine.finished().toString());
      }
    }
    status.setRelease(rel);
    if (hash.equals(rel.getValuesHash())) {
      return readiness(namespace, release, status, rel);
    }
    if (worker.busy(uid)) {
      return installing(status, rel, release, namespace);
    }
    Optional<String> previousFailure = lastFailure(status);
    boolean failedAsNow = rel.getFailedHash() != null && failKey.get().equals(rel.getFailedHash());
    if (failedAsNow && failureReason == null && previousFailure.isPresent()) {
      failureReason = conditionReason(status).orElse("InstallFailed");
      failureMessage = previousFailure.get();
    }
    if (failedAsNow && HelmFailure.Kind.permanent(failureReason)) {
      // Not tried again as it is; looked at again in a minute, since the installer's Role is
      // not watched and adding the missing rule must be enough.
      return new Report(
          "Failed",
          "False",
          failureReason,
          failureMessage
              + " (fix the chart, the values or the installer's Role; nspool retries when one"
              + " changes)",
          clock.instant().plus(Duration.ofMinutes(1)));
    }
    Instant due =
        rel.getLastAttemptTime() == null || !failedAsNow
            ? Instant.MIN
            : Instant.parse(rel.getLastAttemptTime()).plus(backoff(rel.getAttempts()));
    if (!clock.instant().isBefore(due)) {
      // Before the chart: its values point at these Secrets, and they must hold the same bytes
      // for the deployment's whole life, so nspool (not the chart) makes them, once.
      PersistedSecrets.ensure(client, namespace, entry.getPersistedSecrets());
      worker.apply(
          uid, release, () -> charts.fetch(entry), timeout, namespace, release, values, hash);
      return installing(status, rel, release, namespace);
    }
    return new Report(
        "Failed",
        "False",
        failureReason == null ? "InstallFailed" : failureReason,
        failureMessage
            + "; retrying in "
            + Math.max(1, Duration.between(clock.instant(), due).toSeconds())
            + "s (attempt "
            + rel.getAttempts()
            + ", at "
            + due
            + ")",
        due);
  }

  /**
   * Uninstalls the release before the namespace is retained or released. Returns true once an
   * uninstall has finished. It always runs one, after whatever Helm operation is in flight: the
   * status cannot say that nothing is installed (an install may finish after the delete began, a
   * failed install leaves a failed release with its objects, the status read may be stale), and
   * uninstalling a release Helm does not have is a no-op. A failed uninstall does not block the
   * release of the namespace, since the janitor removes everything anyway when it is scrubbed.
   */
  boolean remove(TenantDeployment deployment, String namespace, DeploymentStatus status) {
    String uid = deployment.getMetadata().getUid();
    Optional<ReleaseWorker.Outcome> outcome = worker.take(uid);
    if (outcome.isPresent() && outcome.get().op() == ReleaseWorker.Op.UNINSTALL) {
      if (!outcome.get().ok()) {
        log.warn(
            "Release({}/{}) could not be uninstalled, its objects stay until the namespace is"
                + " scrubbed: {}",
            namespace,
            deployment.getMetadata().getName(),
            outcome.get().failure().message());
      }
      lastApplied.remove(uid);
      installedWorkloads.forget(namespace, deployment.getMetadata().getName());
      status.setRelease(null);
      status.setComponents(new ArrayList<>());
      return true;
    }
    // Ignored while another operation runs; its outcome requeues the deployment to ask again.
    worker.uninstall(
        uid, deployment.getMetadata().getName(), namespace, deployment.getMetadata().getName());
    return false;
  }

  /** Forgets what this process installed for a deployment that lost its namespace. */
  void forget(String uid) {
    lastApplied.remove(uid);
    worker.take(uid);
  }

  /**
   * Readiness from the release itself: its components are the workloads its installed revision's
   * manifest and install hooks name (see {@link ReleaseWorkloads}), each judged by {@link
   * ComponentReadiness} against the namespace's workloads as the informers see them.
   */
  private Report readiness(
      String namespace, String release, DeploymentStatus status, ReleaseStatus rel) {
    String installed =
        "Helm release " + release + " revision " + rel.getRevision() + " (" + rel.getChart() + ")";
    String recovered = rel.getRecovery() == null ? "" : ". Recovered: " + rel.getRecovery();
    boolean wasUp = "Ready".equals(status.getPhase()) || "Degraded".equals(status.getPhase());
    List<ReleaseWorkloads.Workload> declared;
    try {
      declared = installedWorkloads.of(namespace, release, rel.getRevision(), rel.getValuesHash());
    } catch (InstalledWorkloads.Unreadable e) {
      // Without the manifest nothing says the release runs: never Ready on a guess.
      // Nothing announces the manifest becoming readable: look again after the retry delay.
      return new Report(
          wasUp ? "Degraded" : "Provisioning",
          "True",
          "Installed",
          installed + "; " + e.getMessage() + recovered,
          clock.instant().plus(retryBase));
    }
    workloads.expect(
        namespace,
        release,
        declared.stream().map(ReleaseWorkloads.Workload::ref).collect(Collectors.toSet()));
    Map<WorkloadCache.Ref, HasMetadata> current =
        workloads.of(namespace).orElseGet(() -> workloads.list(namespace));
    List<ComponentReadiness.Judged> judged =
        declared.stream()
            .collect(
                Collectors.toMap(
                    ReleaseWorkloads.Workload::ref,
                    w -> w,
                    (first, again) -> first,
                    LinkedHashMap::new))
            .values()
            .stream()
            .map(w -> ComponentReadiness.judge(w, Optional.ofNullable(current.get(w.ref()))))
            .sorted(
                Comparator.comparing((ComponentReadiness.Judged j) -> j.status().getName())
                    .thenComparing(j -> j.status().getKind()))
            .toList();
    status.setComponents(
        judged.stream().map(ComponentReadiness.Judged::status).collect(Collectors.toList()));
    if (judged.isEmpty()) {
      return new Report(
          "Ready",
          "True",
          "Installed",
          installed
              + "; it has no workloads (no Deployment, StatefulSet, DaemonSet or Job), so there is"
              + " nothing to wait for"
              + recovered);
    }
    List<String> waiting =
        judged.stream()
            .filter(j -> !j.status().isReady())
            .map(j -> j.status().getName() + " " + j.note())
            .toList();
    if (waiting.isEmpty()) {
      String notes =
          judged.stream()
              .filter(j -> j.note() != null)
              .map(j -> "; " + j.status().getKind() + " " + j.status().getName() + " " + j.note())
              .collect(Collectors.joining());
      return new Report(
          "Ready",
          "True",
          "Installed",
          installed + "; every component is ready" + notes + recovered);
    }
    return new Report(
        wasUp ? "Degraded" : "Provisioning",
        "True",
        "Installed",
        installed + "; not ready: " + String.join(", ", waiting) + recovered);
  }

  private static void applied(ReleaseStatus rel, ReleaseWorker.Outcome ok) {
    rel.setRevision(ok.info().revision());
    rel.setChart(ok.info().chart());
    rel.setValuesHash(ok.hash());
    rel.setAttempts(0);
    rel.setFailedHash(null);
    rel.setRecovery(ok.recovery());
  }

  private static Report installing(
      DeploymentStatus status, ReleaseStatus rel, String release, String namespace) {
    return new Report(
        progressPhase(status),
        "Unknown",
        "Installing",
        (rel.getRevision() == null ? "installing" : "upgrading")
            + " Helm release "
            + release
            + " in "
            + namespace);
  }

  private static String progressPhase(DeploymentStatus status) {
    return "Ready".equals(status.getPhase()) || "Degraded".equals(status.getPhase())
        ? status.getPhase()
        : "Provisioning";
  }

  private static Optional<String> lastFailure(DeploymentStatus status) {
    return status.getConditions().stream()
        .filter(c -> "Installed".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(
            c ->
                c.getMessage()
                    .replaceAll("; retrying in \\d+s \\(attempt.*\\)$", "")
                    .replaceAll(" \\(fix the chart.*\\)$", ""))
        .findFirst();
  }

  private static Optional<String> conditionReason(DeploymentStatus status) {
    return status.getConditions().stream()
        .filter(c -> "Installed".equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst();
  }

  Duration backoff(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 10);
    Duration delay = retryBase.multipliedBy(factor);
    return delay.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : delay;
  }

  /** The installer Role's rules in {@code namespace}, as a short fingerprint ("" if unreadable). */
  private String installerRulesKey(String namespace) {
    try {
      io.fabric8.kubernetes.api.model.rbac.Role role =
          client
              .rbac()
              .roles()
              .inNamespace(namespace)
              .withName(io.nspool.rbac.NspoolRoles.INSTALLER)
              .get();
      return role == null
          ? "none"
          : Integer.toHexString(CANONICAL.writeValueAsString(role.getRules()).hashCode());
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return "";
    }
  }

  private static <T> java.util.function.Supplier<T> memo(java.util.function.Supplier<T> supplier) {
    return new java.util.function.Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  /**
   * The catalogue entry's default values, the tenant's merged over them as Helm merges a second
   * values file, plus nspool's own under {@code nspool} (which neither can set): the deployment's
   * executor namespaces, for the executor's namespace list, and the names of the pull secrets
   * nspool keeps in the namespace, for the chart's imagePullSecrets.
   */
  static Map<String, Object> values(
      TenantDeployment deployment,
      NamespacePool pool,
      ChartEntry entry,
      List<String> executorNamespaces) {
    return values(
        deployment.getSpec().getValues(),
        pool == null ? List.of() : pool.getSpec().getPullSecrets(),
        entry,
        executorNamespaces);
  }

  /**
   * The same for any tenant values ({@code nspool install} derives a catalogue entry's Role from
   * its values with none): one rule for what a chart of the catalogue is rendered with.
   */
  static Map<String, Object> values(
      Map<String, Object> tenantValues,
      List<String> poolPullSecrets,
      ChartEntry entry,
      List<String> executorNamespaces) {
    Map<String, Object> values =
        Values.merge(
            entry == null ? Map.of() : entry.getValues(),
            tenantValues == null ? Map.of() : tenantValues);
    Map<String, Object> nspool = new LinkedHashMap<>();
    nspool.put("executorNamespaces", List.copyOf(executorNamespaces));
    List<String> pullSecrets = List.copyOf(poolPullSecrets);
    nspool.put("pullSecrets", pullSecrets);
    if (entry != null) {
      values = PersistedSecrets.pointValues(values, entry.getPersistedSecrets());
      if (entry.getValuesMapping() != null) {
        entry.getValuesMapping().apply(values, executorNamespaces, pullSecrets);
      }
    }
    values.put("nspool", nspool);
    return values;
  }

  /**
   * Identifies what is installed: for a chart on the server its content (not its path, which for
   * the bundled chart changes with every process), for a remote chart its source and version
   * (immutable once published; the cache verifies the bytes), and the values. A different hash
   * means an upgrade is due.
   */
  static String hash(ChartEntry entry, Map<String, Object> values) {
    if (entry.getPath() != null || Catalogue.isBundled(entry)) {
      return hash(
          entry.getPath() != null
              ? Path.of(entry.getPath())
              : BundledChart.path(BundledChart.DEFAULT),
          values);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ChartCache.identity(entry).getBytes(StandardCharsets.UTF_8));
      sha.update(CANONICAL.writeValueAsBytes(values));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String hash(Path chart, Map<String, Object> values) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (java.util.stream.Stream<Path> files = Files.walk(chart)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          sha.update(chart.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
          sha.update(Files.readAllBytes(file));
        }
      }
      sha.update(CANONICAL.writeValueAsBytes(values));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read chart " + chart, e);
    }
  }
}
