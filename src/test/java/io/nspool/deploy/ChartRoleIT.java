package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import io.nspool.testing.Testbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@LocalKubernetes
@DisplayName("The Commander Role derived from the airflow chart")
class ChartRoleIT {

  @Test
  @DisplayName(
      "is enough to install, upgrade and uninstall the chart as an installer holding only that Role")
  void derivedRoleSuffices(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "derive");
    String ns = bed.poolNamespace(1);
    bed.namespace(ns);
    Map<String, Object> values = Map.of("nspool", Map.of("offline", true));
    ChartRender render = ChartRender.asCaller(BundledChart.path("airflow"), "demo", ns, values);

    Role derived =
        ChartRole.role(render, ns, NspoolRoles.INSTALLER, ResourceScopes.discovery(admin));

    assertThat(derived.getRules())
        .anySatisfy(r -> assertThat(r.getResources()).containsExactly("serviceaccounts"))
        .anySatisfy(r -> assertThat(r.getResources()).containsExactly("pods/log"))
        .noneSatisfy(r -> assertThat(r.getResources()).contains("namespaces"));
    // The installer holds exactly the derived Role; nspool only what mints the installer's token.
    // In the control namespace: the installer's ServiceAccount and what lets nspool mint its token.
    NspoolRoles.installerInControl(bed.controlNamespace(), ns, bed.identity().name())
        .forEach(o -> admin.resource(o).create());
    admin.resource(derived).create();
    admin.resource(NspoolRoles.installerBinding(bed.controlNamespace(), ns)).create();
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander helm = new Commander(nspool);

      assertThat(helm.apply(BundledChart.path("airflow"), ns, "demo", Map.of()).revision())
          .isEqualTo(1);
      assertThat(
              helm.apply(BundledChart.path("airflow"), ns, "demo", Map.of("size", "large"))
                  .revision())
          .isEqualTo(2);
      helm.uninstall(ns, "demo");
    }
    assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  @DisplayName(
      "is covered by nspool's pool Role, so the default set-up can install the default chart")
  void poolRoleCoversIt(KubernetesClient admin) {
    ChartRender render =
        ChartRender.asCaller(
            BundledChart.path("airflow"), "demo", "ns", Map.of("nspool", Map.of("offline", true)));
    Role derived = ChartRole.role(render, "ns", "commander", ResourceScopes.discovery(admin));
    var granted =
        NspoolRoles.poolRole("ns", List.of()).getRules().stream()
            .map(
                r ->
                    new ResourceRuleBuilder()
                        .withApiGroups(r.getApiGroups())
                        .withResources(r.getResources())
                        .withVerbs(r.getVerbs())
                        .build())
            .toList();

    assertThat(RuleCoverage.missing(RuleCoverage.permissions(derived.getRules()), granted))
        .isEmpty();
  }
}
