package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.rbac.NspoolRoles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Judging what a namespace about to join holds under nspool's names")
class JoinCheckTest {
  private static final String NS = "t-1";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static List<HasMetadata> desired() {
    List<HasMetadata> own = new ArrayList<>();
    own.add(NspoolRoles.poolRole(NS, List.of()));
    own.add(NspoolRoles.binding(NS, "ctl", "nspool"));
    own.addAll(NspoolRoles.installerInPool("ctl", NS, List.of()));
    return own;
  }

  /** The top-level fields that differ (metadata compared on labels only): enough for the rules. */
  private static Set<String> difference(HasMetadata want, HasMetadata have) {
    Map<String, Object> a = JSON.convertValue(want, Map.class);
    Map<String, Object> b = JSON.convertValue(have, Map.class);
    Set<String> out = new TreeSet<>();
    for (String k : List.of("rules", "roleRef", "subjects", "automountServiceAccountToken")) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k);
      }
    }
    if (!Objects.equals(want.getMetadata().getLabels(), have.getMetadata().getLabels())) {
      out.add("metadata.labels");
    }
    return out;
  }

  private static JoinCheck.Verdict judge(Map<String, HasMetadata> own, List<RoleBinding> bindings) {
    return JoinCheck.judge(
        NS, desired(), new JoinCheck.Seen(own, bindings), null, JoinCheckTest::difference);
  }

  private static Map<String, HasMetadata> all(List<HasMetadata> objects) {
    Map<String, HasMetadata> m = new HashMap<>();
    objects.forEach(o -> m.put(JoinCheck.key(o), o));
    return m;
  }

  private static RoleBinding someonesBinding(String role) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName("sneaky")
        .withNamespace(NS)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", role)
        .addNewSubject()
        .withKind("User")
        .withName("mallory")
        .endSubject()
        .build();
  }

  @Test
  @DisplayName("an empty namespace: everything is created, nothing refused")
  void empty() {
    JoinCheck.Verdict v = judge(Map.of(), List.of());

    assertThat(v.refusals()).isEmpty();
    assertThat(v.steps()).extracting(JoinCheck.Step::action).containsOnly(JoinCheck.Action.CREATE);
  }

  @Test
  @DisplayName("exactly nspool's objects (a join interrupted half-way) are kept: complete")
  void exactIsKept() {
    assertThat(judge(all(desired()), List.of()).complete()).isTrue();
  }

  @Test
  @DisplayName("a RoleBinding nspool binding someone else too is refused, naming both")
  void extraSubjectRefused() {
    RoleBinding planted = NspoolRoles.binding(NS, "ctl", "nspool");
    planted.getSubjects().add(someonesBinding("x").getSubjects().get(0));

    JoinCheck.Verdict v = judge(all(List.of(planted)), List.of(planted));

    assertThat(v.refusals())
        .singleElement()
        .asString()
        .contains("namespace t-1", "RoleBinding t-1/nspool", "User mallory");
  }

  @Test
  @DisplayName(
      "someone's binding to the installer's Role is refused where nspool would create that Role,"
          + " and harmless where the Role already holds exactly nspool's rules")
  void foreignBindingToAChangedRole() {
    RoleBinding sneaky = someonesBinding(NspoolRoles.INSTALLER);

    assertThat(judge(Map.of(), List.of(sneaky)).refusals())
        .singleElement()
        .asString()
        .contains("RoleBinding t-1/sneaky", "Role nspool-installer", "User mallory");
    assertThat(judge(all(desired()), List.of(sneaky)).refusals()).isEmpty();
  }

  @Test
  @DisplayName("a Role of nspool's name with other rules, bound by nobody else, is reset")
  void plantedRoleReset() {
    Role weak = NspoolRoles.poolRole(NS, List.of());
    weak.setRules(
        List.of(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get")
                .build()));

    JoinCheck.Verdict v = judge(all(List.of(weak)), List.of());

    assertThat(v.refusals()).isEmpty();
    assertThat(v.steps().get(0).action()).isEqualTo(JoinCheck.Action.RESET);
  }
}
