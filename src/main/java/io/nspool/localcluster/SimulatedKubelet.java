package io.nspool.localcluster;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelet the local cluster does not have: marks every pod Running and Ready, so
 * Deployments become available and readiness can be shown end to end. It runs as admin (a kubelet's
 * job, not nspool's) and only in the local cluster and tests; containers never run.
 */
public final class SimulatedKubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedKubelet.class);

  private final KubernetesClient admin;
  private final SharedIndexInformer<Pod> informer;

  private SimulatedKubelet(KubernetesClient admin) {
    this.admin = admin;
    this.informer = admin.pods().inAnyNamespace().inform(new Handler(), 0);
  }

  public static SimulatedKubelet start(KubernetesClient admin) {
    return new SimulatedKubelet(admin);
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      markReady(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      markReady(after);
    }

    @Override
    public void onDelete(Pod pod, boolean unknown) {}
  }

  private void markReady(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null || isReady(pod)) {
      return;
    }
    String now = Instant.now().toString();
    List<PodCondition> conditions =
        List.of("PodScheduled", "Initialized", "ContainersReady", "Ready").stream()
            .map(
                type ->
                    new PodConditionBuilder()
                        .withType(type)
                        .withStatus("True")
                        .withLastTransitionTime(now)
                        .build())
            .toList();
    try {
      admin
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.getStatus().setPhase("Running");
                p.getStatus().setStartTime(now);
                p.getStatus().setPodIP("10.244.0.1");
                p.getStatus().setConditions(conditions);
                p.getStatus()
                    .setContainerStatuses(
                        p.getSpec().getContainers().stream()
                            .map(
                                c ->
                                    new ContainerStatusBuilder()
                                        .withName(c.getName())
                                        .withImage(c.getImage())
                                        .withImageID(c.getImage())
                                        .withReady(true)
                                        .withStarted(true)
                                        .withRestartCount(0)
                                        .withNewState()
                                        .withNewRunning()
                                        .withStartedAt(now)
                                        .endRunning()
                                        .endState()
                                        .build())
                            .toList());
                return p;
              });
    } catch (KubernetesClientException e) {
      // Deleted or changed meanwhile: the next event brings it back.
      log.debug(
          "Pod({}/{}) not marked ready: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    informer.close();
  }
}
