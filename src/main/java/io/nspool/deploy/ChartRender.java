package io.nspool.deploy;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a chart would create, rendered by Helm's own renderer for one release in one
 * namespace: the manifest, the hooks (with their events) and the CRDs of its {@code crds/} folders,
 * subcharts included. Pre-flight and {@code nspool rbac role} both read this one render.
 */
public record ChartRender(List<RenderedObject> objects) {

  /**
   * Renders {@code chart} with {@code values}; {@code lookup}s act as {@code identity} only.
   *
   * @throws TemplateProcess.RenderFailed with Helm's message when the chart does not render
   */
  static ChartRender of(
      Path chart,
      String release,
      String namespace,
      Map<String, Object> values,
      TemplateProcess.Identity identity) {
    List<RenderedObject> objects = new ArrayList<>();
    try (ChartCopy copy = ChartCopy.of(chart)) {
      Path valuesFile = writeValues(ChartCopy.renameInValues(values));
      try {
        String manifest =
            TemplateProcess.render(copy.chart(), release, namespace, valuesFile, identity);
        objects.addAll(Manifests.parse(manifest, false));
      } finally {
        deleteQuietly(valuesFile);
      }
      objects.addAll(crds(copy.chart()));
    }
    return new ChartRender(List.copyOf(objects));
  }

  /** For an admin's CLI: lookups act as the caller, as {@code helm template} does. */
  public static ChartRender asCaller(
      Path chart, String release, String namespace, Map<String, Object> values) {
    return of(chart, release, namespace, values, new TemplateProcess.Identity.Callers());
  }

  /** What an install creates: the manifest, the hooks it runs and the CRDs; no test hooks. */
  public List<RenderedObject> installed() {
    return objects.stream().filter(o -> !o.testOnly()).toList();
  }

  /** The CRDs Helm would install first ({@code helm show crds}: Helm's loader, no cluster). */
  private static List<RenderedObject> crds(Path chart) {
    String crds;
    try {
      crds = Helm.show(chart.toString()).crds().call();
    } catch (RuntimeException e) {
      throw new TemplateProcess.RenderFailed(e.getMessage());
    } finally {
      HelmSignals.reassert();
    }
    return Manifests.parse(crds, true);
  }

  private static Path writeValues(Object values) {
    try {
      Path file =
          Files.createTempFile(
              "nspool-values-",
              ".yaml",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, io.fabric8.kubernetes.client.utils.Serialization.asYaml(values));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the values for Helm", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // readable by its owner only
    }
  }
}
