package io.nspool.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades and uninstalls each deployment as a real Helm release (Helm's Go library,
 * in-process through helm-java) in its claimed namespace, acting as nspool's own identity. The
 * release is named after the deployment. Helm keeps the release history in Secrets of the
 * namespace, as the helm CLI does.
 */
public final class Commander {
  private static final Logger log = LoggerFactory.getLogger(Commander.class);

  /** Helm's {@code driver.ErrReleaseNotFound}, the error of asking for a release it has not. */
  private static final String RELEASE_NOT_FOUND = "release: not found";

  /** One release as Helm reports it. */
  public record ReleaseInfo(
      String name, String namespace, String status, int revision, String chart) {}

  private final KubernetesClient client;

  public Commander(KubernetesClient client) {
    this.client = client;
  }

  /** {@code helm upgrade --install}: installs the release, or upgrades it to these values. */
  public ReleaseInfo apply(
      Path chart, String namespace, String release, Map<String, Object> values) {
    Path valuesFile = writeValues(values);
    Path kubeconfig = kubeconfigFile();
    try {
      Release result =
          helm(
              () ->
                  new Helm(chart)
                      .upgrade()
                      .install()
                      .withName(release)
                      .withNamespace(namespace)
                      .withValuesFile(valuesFile)
                      .withKubeConfig(kubeconfig)
                      .call());
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

  /** {@code helm uninstall}; a release that does not exist is already uninstalled. */
  public void uninstall(String namespace, String release) {
    helm(
        () ->
            Helm.uninstall(release)
                .withNamespace(namespace)
                .ignoreNotFound()
                .withKubeConfigContents(kubeconfig())
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
          () ->
              Helm.history(release)
                  .withNamespace(namespace)
                  .withKubeConfigContents(kubeconfig())
                  .call());
    } catch (HelmException e) {
      if (e.getMessage().contains(RELEASE_NOT_FOUND)) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * The manifests the chart renders to, without a cluster ({@code helm template}); used to derive
   * the Role nspool needs for a chart.
   */
  public static String render(
      Path chart, String namespace, String release, Map<String, Object> values) {
    Path valuesFile = writeValues(values);
    try {
      return helm(
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

  private String kubeconfig() {
    return HelmKubeconfig.of(client.getConfiguration());
  }

  /**
   * The kubeconfig as a file: helm-java 0.0.21 ignores kubeconfig contents on upgrade --install and
   * falls back to localhost:8080, so the apply path passes a file (owner-only, deleted after).
   */
  private Path kubeconfigFile() {
    return writePrivate("nspool-kubeconfig-", kubeconfig());
  }

  private static <T> T helm(Callable<T> operation) {
    try {
      return operation.call();
    } catch (RuntimeException e) {
      throw new HelmException(HelmFailure.classify(e.getMessage()));
    } catch (Exception e) {
      throw new HelmException(HelmFailure.classify(e.toString()));
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
