package io.nspool.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.deploy.ComponentSelectors;
import io.nspool.deploy.ComponentStatus;
import io.nspool.deploy.DeploymentNamespaces;
import io.nspool.deploy.TenantDeployment;
import io.nspool.error.FailedPreconditionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The containers whose logs are a deployment's, in every namespace it occupies:
 *
 * <ul>
 *   <li>in its release's namespace, the pods of each component (the workloads of the release's
 *       manifest, as the status lists them), selected by that workload's own {@code spec.selector}
 *       — whatever labels the chart uses;
 *   <li>in each executor namespace, every pod, as component {@value #WORKERS}: the namespace is
 *       claimed for this deployment alone, so every pod there is a task pod its executor launched,
 *       however the chart's pod template labels them.
 * </ul>
 */
public final class DeploymentPods {
  /** The component name of the task pods in a deployment's executor namespaces. */
  public static final String WORKERS = "workers";

  private DeploymentPods() {}

  /**
   * The containers of the deployment's pods that the filter selects, release namespace first, then
   * in component order and by pod name; init containers are left out.
   *
   * @throws FailedPreconditionException when the deployment has no namespace yet
   * @throws io.nspool.error.InvalidArgumentException when the filter names no component of it
   */
  public static List<LogSource> of(
      KubernetesClient client, TenantDeployment deployment, ComponentFilter filter) {
    List<DeploymentNamespaces.Member> namespaces = DeploymentNamespaces.of(deployment);
    if (namespaces.isEmpty()) {
      throw new FailedPreconditionException(
          "deployment \"" + deployment.getMetadata().getName() + "\" has no namespace yet");
    }
    List<ComponentStatus> components = deployment.getStatus().getComponents();
    List<String> known =
        new ArrayList<>(components.stream().map(ComponentStatus::getName).toList());
    if (namespaces.stream().anyMatch(m -> m.role() == DeploymentNamespaces.Role.EXECUTOR)) {
      known.add(WORKERS);
    }
    filter.requireAmong(known);

    List<LogSource> sources = new ArrayList<>();
    Set<String> seen = new HashSet<>(); // a pod two workloads select is read once
    for (DeploymentNamespaces.Member member : namespaces) {
      String ns = member.namespace();
      if (member.role() == DeploymentNamespaces.Role.RELEASE) {
        List<ComponentStatus> wanted =
            components.stream().filter(c -> filter.matches(c.getName())).toList();
        for (ComponentSelectors.Selected selected : ComponentSelectors.of(client, ns, wanted)) {
          List<Pod> pods =
              client
                  .pods()
                  .inNamespace(ns)
                  .withLabelSelector(selected.selector())
                  .list()
                  .getItems();
          add(sources, seen, ns, pods, selected.component().getName());
        }
      } else if (filter.matches(WORKERS)) {
        add(sources, seen, ns, client.pods().inNamespace(ns).list().getItems(), WORKERS);
      }
    }
    return List.copyOf(sources);
  }

  private static void add(
      List<LogSource> sources, Set<String> seen, String ns, List<Pod> pods, String component) {
    pods.stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .filter(p -> seen.add(ns + "/" + p.getMetadata().getName()))
        .forEach(
            pod -> {
              for (Container container : pod.getSpec().getContainers()) {
                sources.add(
                    new LogSource(ns, pod.getMetadata().getName(), container.getName(), component));
              }
            });
  }
}
