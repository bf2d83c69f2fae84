package io.nspool.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Every namespace a deployment occupies, its release's first, then the executor namespaces claimed
 * for its KubernetesExecutor's task pods, in the order claimed. Logs and events read all of them.
 */
public final class DeploymentNamespaces {
  /** What a namespace is to the deployment. */
  public enum Role {
    /** Where its Helm release and the release's workloads are. */
    RELEASE,
    /** Claimed for it alone, where its executor launches task pods. */
    EXECUTOR
  }

  /** One namespace of a deployment. */
  public record Member(String namespace, Role role) {}

  private DeploymentNamespaces() {}

  /** The deployment's namespaces, release first; empty before it has claimed one. */
  public static List<Member> of(TenantDeployment deployment) {
    List<Member> members = new ArrayList<>();
    DeploymentStatus status = deployment.getStatus();
    if (status != null && status.getNamespace() != null) {
      members.add(new Member(status.getNamespace(), Role.RELEASE));
      for (String executor : status.getExecutorNamespaces()) {
        if (!executor.equals(status.getNamespace())) {
          members.add(new Member(executor, Role.EXECUTOR));
        }
      }
    }
    return List.copyOf(members);
  }
}
