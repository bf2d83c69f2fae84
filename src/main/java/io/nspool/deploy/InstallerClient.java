package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What pre-flight asks Kubernetes as the installer itself, with the same kubeconfig Helm gets:
 * which rules it holds (a SelfSubjectRulesReview) and whether it may bind a ClusterRole (a
 * server-side dry run of the RoleBinding: whether binding is allowed depends on the ClusterRole's
 * rules, which neither nspool nor the installer may read, so only the API server can say).
 */
final class InstallerClient {
  private InstallerClient() {}

  static KubernetesClient of(String kubeconfig) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  static List<ResourceRule> rules(KubernetesClient installer, String namespace) {
    var status =
        installer
            .authorization()
            .v1()
            .selfSubjectRulesReview()
            .create(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace(namespace)
                    .endSpec()
                    .build())
            .getStatus();
    return status == null || status.getResourceRules() == null
        ? List.of()
        : status.getResourceRules();
  }

  /** The refusal of every RoleBinding to a ClusterRole the installer may not bind. */
  static Optional<String> clusterRoleBindings(
      KubernetesClient installer, ChartRender render, String namespace) {
    KubernetesSerialization json = installer.getKubernetesSerialization();
    List<String> refused = new ArrayList<>();
    for (RenderedObject object : render.installed()) {
      if (!"RoleBinding".equals(object.kind())
          || !"rbac.authorization.k8s.io".equals(object.group())
          || !(object.body().get("roleRef") instanceof java.util.Map<?, ?> ref)
          || !"ClusterRole".equals(ref.get("kind"))) {
        continue;
      }
      RoleBinding binding = json.convertValue(object.body(), RoleBinding.class);
      binding.getMetadata().setNamespace(namespace);
      binding.getMetadata().setName(null);
      binding.getMetadata().setGenerateName("nspool-preflight-");
      binding.getMetadata().setResourceVersion(null);
      try {
        installer.rbac().roleBindings().inNamespace(namespace).resource(binding).dryRun().create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
        refused.add(
            object.describe()
                + " binds the ClusterRole "
                + ref.get("name")
                + ", which the installer may not bind in "
                + namespace
                + " (a built-in ClusterRole such as edit or admin grants far more than a chart"
                + " needs: prefer a Role of the chart's own; never add Leases, which hold the"
                + " namespace's claim): "
                + HelmFailure.classify(e.getMessage(), namespace).message());
      }
    }
    return refused.isEmpty()
        ? Optional.empty()
        : Optional.of(PreflightReview.message(namespace, refused));
  }
}
