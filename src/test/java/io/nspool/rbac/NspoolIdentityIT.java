package io.nspool.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.Testbed;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What nspool's identity may do, asked of the API server itself (SelfSubjectAccessReview). */
@LocalKubernetes
@DisplayName("nspool's ServiceAccount, with its Roles in the control and pool namespaces")
class NspoolIdentityIT {
  static Testbed bed;
  static KubernetesClient nspool;
  static String poolNs;

  @BeforeAll
  static void setUp(KubernetesClient admin) {
    bed = new Testbed(admin, "identity");
    poolNs = bed.poolNamespace(1);
    bed.preparePoolNamespace(poolNs);
    nspool = bed.nspoolClient();
  }

  @ParameterizedTest(name = "may not {0} {1}{2} cluster-wide")
  @CsvSource({
    "list,namespaces,",
    "watch,namespaces,",
    "create,namespaces,",
    "get,nodes,",
    "list,persistentvolumes,",
    "list,pods,",
    "list,secrets,",
    "create,clusterroles,.rbac.authorization.k8s.io",
    "create,clusterrolebindings,.rbac.authorization.k8s.io",
    "list,customresourcedefinitions,.apiextensions.k8s.io",
    "create,tokenreviews,.authentication.k8s.io",
  })
  void hasNoClusterScopePermission(String verb, String resource, String group) {
    assertThat(allowed(verb, group == null ? "" : group.substring(1), resource, "", null))
        .isFalse();
  }

  @Test
  @DisplayName("may get its pool Namespace but never patch, update or delete it")
  void cannotChangeItsPoolNamespace() {
    assertThat(allowed("get", "", "namespaces", poolNs, poolNs)).isTrue();
    for (String verb : List.of("patch", "update", "delete")) {
      assertThat(allowed(verb, "", "namespaces", poolNs, poolNs)).as(verb).isFalse();
    }
  }

  @Test
  @DisplayName("works in its pool namespace and control namespace, and nowhere else")
  void namespaceScoped() {
    assertThat(allowed("update", "coordination.k8s.io", "leases", poolNs, null)).isTrue();
    assertThat(allowed("delete", "", "secrets", poolNs, null)).isTrue();
    assertThat(allowed("create", "nspool.io", "tenantdeployments", bed.controlNamespace(), null))
        .isTrue();
    assertThat(allowed("get", "", "secrets", "default", null)).isFalse();
    assertThat(allowed("list", "coordination.k8s.io", "leases", "kube-system", null)).isFalse();
  }

  private static boolean allowed(
      String verb, String group, String resource, String namespace, String name) {
    SelfSubjectAccessReview review =
        nspool
            .authorization()
            .v1()
            .selfSubjectAccessReview()
            .create(
                new SelfSubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withNewResourceAttributes()
                    .withVerb(verb)
                    .withGroup(group)
                    .withResource(resource)
                    .withNamespace(namespace)
                    .withName(name)
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    return review.getStatus().getAllowed();
  }
}
