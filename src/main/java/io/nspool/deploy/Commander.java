package io.nspool.deploy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.rbac.InstallerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades and uninstalls each deployment as a real Helm release (Helm's Go library,
 * in-process through helm-java) in its claimed namespace. Helm never acts as nspool: every
 * operation gets a fresh short-lived token of that namespace's installer ServiceAccount and a
 * kubeconfig holding nothing else, so Kubernetes RBAC stops a chart, a value or a {@code lookup}
 * from reaching any other namespace. Before every install or upgrade the chart is pre-flighted (see
 * {@link #preflight}): nothing is created when it could not be installed whole. The release is
 * named after the deployment; Helm keeps its history in Secrets of the namespace, as the helm CLI
 * does.
 */
public final class Commander {
  private static final Logger log = LoggerFactory.getLogger(Commander.class);

  /** Helm's {@code driver.ErrReleaseNotFound}, the error of asking for a release it has not. */
  private static final String RELEASE_NOT_FOUND = "release: not found";

  /** One release as Helm reports it. */
  public record ReleaseInfo(
      String name, String namespace, String status, int revision, String chart) {}

  private final KubernetesClient client;
  private final String controlNamespace;
  private final boolean preflight;

  /**
   * {@code client} acts as nspool; it only requests the installers' tokens, of ServiceAccounts in
   * {@code controlNamespace}.
   */
  public Commander(KubernetesClient client, String controlNamespace) {
    this(client, controlNamespace, true);
  }

  /**
   * The same with the control namespace taken from {@code client}'s own namespace, which is
   * nspool's ServiceAccount's when it runs in-cluster (and in every test's nspool client).
   */
  public Commander(KubernetesClient client) {
    this(client, controlNamespaceOf(client), true);
  }

  /** Without pre-flight only in tests that prove Kubernetes itself refuses what it would. */
  Commander(KubernetesClient client, boolean preflight) {
    this(client, controlNamespaceOf(client), preflight);
  }

  private static String controlNamespaceOf(KubernetesClient client) {
    if (client.getNamespace() == null) {
      throw new IllegalArgumentException(
          "this client has no namespace: name nspool's control namespace, where the installers'"
              + " ServiceAccounts are (new Commander(client, controlNamespace))");
    }
    return client.getNamespace();
  }

  private Commander(KubernetesClient client, String controlNamespace, boolean preflight) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.preflight = preflight;
  }

  /**
   * {@code helm upgrade --install}: installs the release, or upgrades it to these values, as the
   * installer of {@code namespace}, once pre-flight found nothing aimed elsewhere.
   */
  public ReleaseInfo apply(
      Path chart, String namespace, String release, Map<String, Object> values) {
    return apply(chart, namespace, release, values, null);
  }

  /**
   * As {@link #apply(Path, String, String, Map)}, with Helm's timeout for each of its waits (hook
   * Jobs above all) set to {@code timeout}; null keeps Helm's default of 5 minutes.
   */
  public ReleaseInfo apply(
      Path chart,
      String namespace,
      String release,
      Map<String, Object> values,
      java.time.Duration timeout) {
    if (preflight) {
      preflight(chart, namespace, release, values);
    }
    Path valuesFile = writeValues(values);
    Path kubeconfig = kubeconfigFile(namespace);
    try {
      Release result =
          helm(
              namespace,
              () -> {
                com.marcnuri.helm.UpgradeCommand upgrade =
                    new Helm(chart)
                        .upgrade()
                        .install()
                        .withName(release)
                        .withNamespace(namespace)
                        .withValuesFile(valuesFile)
                        .withKubeConfig(kubeconfig);
                if (timeout != null) {
                  upgrade.withTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
                }
                return upgrade.call();
              });
      log.info(
          "Release({}/{}) {} revision {} of chart {}",
          namespace,
          release,
          result.getStatus(),
          result.getRevision(),
          result.getChart());
      return new ReleaseInfo(
          result.getName(),
          result.getNamespace(),
          result.getStatus(),
          Integer.parseInt(result.getRevision()),
          result.getChart());
    } finally {
      deleteQuietly(valuesFile);
      deleteQuietly(kubeconfig);
    }
  }

  /**
   * Pre-flight, before anything is created. First Helm's own render, hooks and CRDs included, with
   * its {@code lookup}s made as the installer ({@link ChartRender}), reviewed against what a
   * namespace-scoped installer can ever create and against the rules Kubernetes says this installer
   * holds ({@link PreflightReview}); every RoleBinding of the chart to a ClusterRole is tried as a
   * server-side dry run as the installer, which only Kubernetes can judge. Then the install itself
   * as a dry run on the server as the installer ({@code helm upgrade --install --dry-run=server}),
   * which checks each object against what already exists there. Every refusal is a {@link
   * HelmFailure.Kind#PREFLIGHT_REFUSED}, permanent until the chart, the values or the installer's
   * Role change.
   */
  private void preflight(Path chart, String namespace, String release, Map<String, Object> values) {
    String kubeconfig = kubeconfig(namespace);
    ChartRender render;
    try {
      render =
          ChartRender.of(
              chart,
              release,
              namespace,
              values,
              new TemplateProcess.Identity.Kubeconfig(kubeconfig));
    } catch (TemplateProcess.RenderFailed e) {
      throw new HelmException(
          Preflight.refusal(e.getMessage(), namespace, values)
              .map(HelmFailure::refused)
              .orElseGet(() -> HelmFailure.classify(e.getMessage(), namespace)));
    }
    try (KubernetesClient installer = InstallerClient.of(kubeconfig)) {
      Map<String, List<ResourceRule>> rules = new java.util.HashMap<>();
      Optional<String> refusal =
          PreflightReview.refusal(
              render,
              namespace,
              executorNamespaces(values),
              values,
              ResourceScopes.discovery(client),
              ns -> rules.computeIfAbsent(ns, n -> InstallerClient.rules(installer, n)),
              InstallerIdentity.of(controlNamespace, namespace).username());
      if (refusal.isEmpty()) {
        refusal = InstallerClient.clusterRoleBindings(installer, render, namespace);
      }
      if (refusal.isPresent()) {
        throw new HelmException(HelmFailure.refused(refusal.get()));
      }
    }
    Path valuesFile = writeValues(values);
    Path kubeconfigFile = writePrivate("nspool-kubeconfig-", kubeconfig);
    try {
      new Helm(chart)
          .upgrade()
          .install()
          .dryRun()
          .withDryRunOption(DryRun.SERVER)
          .withName(release)
          .withNamespace(namespace)
          .withValuesFile(valuesFile)
          .withKubeConfig(kubeconfigFile)
          .call();
    } catch (RuntimeException e) {
      throw new HelmException(
          Preflight.refusal(e.getMessage(), namespace, values)
              .map(HelmFailure::refused)
              .orElseGet(() -> HelmFailure.classify(e.getMessage(), namespace)));
    } finally {
      HelmSignals.reassert();
      deleteQuietly(valuesFile);
      deleteQuietly(kubeconfigFile);
    }
  }

  /**
   * The deployment's executor namespaces, as nspool itself wrote them under {@code
   * nspool.executorNamespaces} (neither a tenant nor a catalogue may set {@code nspool}).
   */
  static List<String> executorNamespaces(Map<String, Object> values) {
    if (values.get("nspool") instanceof Map<?, ?> nspool
        && nspool.get("executorNamespaces") instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  /** {@code helm uninstall}; a release that does not exist is already uninstalled. */
  public void uninstall(String namespace, String release) {
    helm(
        namespace,
        () ->
            Helm.uninstall(release)
                .withNamespace(namespace)
                .ignoreNotFound()
                .withKubeConfigContents(kubeconfig(namespace))
                .call());
    log.info("Release({}/{}) uninstalled", namespace, release);
  }

  /**
   * The revisions of a release, oldest first ({@code helm history}); none for a release that is not
   * installed (never yet, or uninstalled by a soft delete).
   */
  public List<ReleaseHistory> history(String namespace, String release) {
    try {
      return helm(
          namespace,
          () ->
              Helm.history(release)
                  .withNamespace(namespace)
                  .withKubeConfigContents(kubeconfig(namespace))
                  .call());
    } catch (HelmException e) {
      if (e.getMessage().contains(RELEASE_NOT_FOUND)) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * The manifests the chart renders to ({@code helm template}: the manifest only, no hooks); used
   * by the install benchmark only. Never for a tenant's chart: helm-java runs the chart's {@code
   * lookup}s with the process's default kubeconfig (or in-cluster identity), so render only charts
   * that do no lookup (the bundled chart with {@code nspool.offline=true}). Pre-flight and {@code
   * nspool rbac role} use {@link ChartRender}, which renders hooks too and runs lookups as the
   * installer.
   */
  public static String render(
      Path chart, String namespace, String release, Map<String, Object> values) {
    Path valuesFile = writeValues(values);
    try {
      return helm(
          namespace,
          () ->
              new Helm(chart)
                  .template()
                  .withName(release)
                  .withNamespace(namespace)
                  .withValuesFile(valuesFile)
                  .call());
    } finally {
      deleteQuietly(valuesFile);
    }
  }

  /** A kubeconfig holding only a fresh token of {@code namespace}'s installer. */
  private String kubeconfig(String namespace) {
    return HelmKubeconfig.of(
        client.getConfiguration(),
        InstallerIdentity.token(client, controlNamespace, namespace),
        namespace);
  }

  /**
   * The kubeconfig as a file: helm-java 0.0.21 ignores kubeconfig contents on upgrade --install and
   * falls back to localhost:8080, so the apply path passes a file (owner-only, deleted after).
   */
  private Path kubeconfigFile(String namespace) {
    return writePrivate("nspool-kubeconfig-", kubeconfig(namespace));
  }

  private static <T> T helm(String namespace, Callable<T> operation) {
    try {
      return operation.call();
    } catch (HelmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HelmException(HelmFailure.classify(e.getMessage(), namespace));
    } catch (Exception e) {
      throw new HelmException(HelmFailure.classify(e.toString(), namespace));
    } finally {
      HelmSignals.reassert(); // each Helm operation takes SIGTERM and SIGINT over again
    }
  }

  /** Values go through a file readable only by nspool: they may hold secrets. */
  private static Path writeValues(Map<String, Object> values) {
    return writePrivate(
        "nspool-values-", io.fabric8.kubernetes.client.utils.Serialization.asYaml(values));
  }

  private static Path writePrivate(String prefix, String content) {
    try {
      Path file =
          Files.createTempFile(
              prefix,
              ".yaml",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a file for Helm", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temp file left behind is readable by its owner only.
    }
  }
}
