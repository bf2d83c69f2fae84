package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pods are a release's: those its components' workloads select, each by its own {@code
 * spec.selector}. The components are the workloads of the release's manifest ({@link
 * ReleaseWorkloads}, kept in the status), so a chart that labels its pods {@code release=} and
 * {@code component=} (the official Airflow chart) is found as well as one using the {@code
 * app.kubernetes.io} labels; no label is guessed.
 */
public final class ComponentSelectors {
  /** One component of the status and the selector of its workload as it exists now. */
  public record Selected(ComponentStatus component, LabelSelector selector) {}

  private ComponentSelectors() {}

  /**
   * The selector of each of these components' workloads in the release's namespace, in the order
   * given; a component whose workload is gone (a hook Helm deleted once it succeeded) or selects
   * nothing is left out.
   */
  public static List<Selected> of(
      KubernetesClient client, String namespace, List<ComponentStatus> components) {
    List<Selected> selected = new ArrayList<>();
    for (ComponentStatus component : components) {
      Optional<WorkloadKind> kind = WorkloadKind.named(component.getKind());
      if (kind.isEmpty()) {
        continue;
      }
      HasMetadata workload =
          client
              .resources(kind.get().type())
              .inNamespace(namespace)
              .withName(component.getName())
              .get();
      LabelSelector selector = selector(workload);
      if (selector != null && !isEmpty(selector)) {
        selected.add(new Selected(component, selector));
      }
    }
    return selected;
  }

  private static LabelSelector selector(HasMetadata workload) {
    if (workload instanceof Deployment d && d.getSpec() != null) {
      return d.getSpec().getSelector();
    }
    if (workload instanceof StatefulSet s && s.getSpec() != null) {
      return s.getSpec().getSelector();
    }
    if (workload instanceof DaemonSet s && s.getSpec() != null) {
      return s.getSpec().getSelector();
    }
    if (workload instanceof Job j && j.getSpec() != null) {
      return j.getSpec().getSelector();
    }
    return null;
  }

  /** An empty selector selects every pod of the namespace; no workload means that. */
  private static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }
}
