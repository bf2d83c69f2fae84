package io.nspool.localcluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The local cluster's nodes: Node objects that kwok manages (it stands in for their kubelets) and
 * the scheduler binds pods to. Each has the capacity of a modest real machine, so requests and
 * quotas mean something: a pod that asks for more than a node has stays Pending.
 *
 * <p>Their kubelet address is kwok's own server on loopback, so the API server's calls to a
 * "kubelet" (logs, exec) never leave this machine.
 */
public final class SimulatedNodes {
  /** How many nodes the local cluster has. */
  public static final int COUNT = 3;

  public static final String CPU = "8";
  public static final String MEMORY = "32Gi";
  public static final String PODS = "110";

  /** The annotation kwok's {@code --manage-nodes-with-annotation-selector} selects. */
  static final String KWOK_ANNOTATION = "kwok.x-k8s.io/node";

  static final String KWOK_SELECTOR = KWOK_ANNOTATION + "=fake";
  static final String NODE_IP = "127.0.0.1";
  static final String LEASE_NAMESPACE = "kube-node-lease";

  private SimulatedNodes() {}

  public static List<String> names() {
    return IntStream.rangeClosed(1, COUNT).mapToObj(i -> "nspool-node-" + i).toList();
  }

  /**
   * Drops the nodes' Leases, so a kwok that starts now takes them over at once instead of waiting
   * for a previous kwok's (a killed run's) to expire.
   */
  static void releaseLeases(KubernetesClient admin) {
    for (String name : names()) {
      admin.leases().inNamespace(LEASE_NAMESPACE).withName(name).delete();
    }
  }

  /** Creates the nodes that are missing and points every node's kubelet endpoint at kwok. */
  static void ensure(KubernetesClient admin, int kwokPort) {
    for (String name : names()) {
      Node existing = admin.nodes().withName(name).get();
      if (existing == null) {
        try {
          admin.nodes().resource(node(name, kwokPort)).create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
        continue;
      }
      Integer port =
          existing.getStatus() == null || existing.getStatus().getDaemonEndpoints() == null
              ? null
              : existing.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
      if (!Objects.equals(port, kwokPort)) {
        admin
            .nodes()
            .withName(name)
            .editStatus(
                n -> {
                  n.getStatus()
                      .setDaemonEndpoints(node(name, kwokPort).getStatus().getDaemonEndpoints());
                  return n;
                });
      }
    }
  }

  /**
   * Null when every node is Ready, schedulable and has its Lease (kwok renews it); otherwise what
   * is missing.
   */
  static String notReady(KubernetesClient admin) {
    for (String name : names()) {
      Node node = admin.nodes().withName(name).get();
      if (node == null) {
        return "node " + name + " does not exist";
      }
      boolean ready =
          node.getStatus() != null
              && node.getStatus().getConditions() != null
              && node.getStatus().getConditions().stream()
                  .anyMatch(SimulatedNodes::isReadyCondition);
      if (!ready) {
        return "node " + name + " is not Ready yet";
      }
      List<Taint> taints = node.getSpec().getTaints();
      if (taints != null && taints.stream().anyMatch(t -> "NoSchedule".equals(t.getEffect()))) {
        return "node " + name + " still has taints " + taints.stream().map(Taint::getKey).toList();
      }
      if (admin.leases().inNamespace(LEASE_NAMESPACE).withName(name).get() == null) {
        return "kwok holds no Lease of node " + name + " yet";
      }
    }
    return null;
  }

  private static boolean isReadyCondition(NodeCondition c) {
    return "Ready".equals(c.getType()) && "True".equals(c.getStatus());
  }

  static Node node(String name, int kwokPort) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity(CPU), "memory", new Quantity(MEMORY), "pods", new Quantity(PODS));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(Map.of(KWOK_ANNOTATION, "fake", "node.alpha.kubernetes.io/ttl", "0"))
        .withLabels(
            Map.of(
                "kubernetes.io/hostname", name,
                "kubernetes.io/os", "linux",
                "kubernetes.io/arch", "amd64",
                "type", "kwok"))
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withAddresses(
            new NodeAddressBuilder().withType("InternalIP").withAddress(NODE_IP).build(),
            new NodeAddressBuilder().withType("Hostname").withAddress(name).build())
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint()
        .withPort(kwokPort)
        .endKubeletEndpoint()
        .endDaemonEndpoints()
        .endStatus()
        .build();
  }
}
