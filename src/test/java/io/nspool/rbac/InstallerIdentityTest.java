package io.nspool.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The installer's identity")
class InstallerIdentityTest {
  /** Kubernetes' DNS-1123 subdomain, what a ServiceAccount's name must be. */
  private static final String DNS_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  @Test
  @DisplayName(
      "is a ServiceAccount of the control namespace named installer-<pool namespace>: valid for the longest namespace name, and distinct for distinct namespaces")
  void nameAndPlace() {
    String longest = "n".repeat(63);

    assertThat(InstallerIdentity.of("nspool-system", "tenant-1").username())
        .isEqualTo("system:serviceaccount:nspool-system:installer-tenant-1");
    assertThat(InstallerIdentity.serviceAccountName(longest))
        .hasSizeLessThanOrEqualTo(253)
        .matches(DNS_SUBDOMAIN);
    assertThat(InstallerIdentity.serviceAccountName("a-b"))
        .isNotEqualTo(InstallerIdentity.serviceAccountName("a"))
        .isNotEqualTo(InstallerIdentity.serviceAccountName("b"));
  }

  @Test
  @DisplayName(
      "its RoleBinding in the pool namespace binds the ServiceAccount of the control namespace, and nspool's token Role names only that one")
  void bindingAndTokens() {
    var binding = NspoolRoles.installerBinding("nspool-system", "tenant-1");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("tenant-1");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getNamespace()).isEqualTo("nspool-system");
              assertThat(s.getName()).isEqualTo("installer-tenant-1");
            });
    var tokens = NspoolRoles.installerTokenRole("nspool-system", "tenant-1");
    assertThat(tokens.getMetadata().getNamespace()).isEqualTo("nspool-system");
    assertThat(tokens.getRules())
        .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("installer-tenant-1"));
    assertThat(NspoolRoles.poolRole("tenant-1", java.util.List.of()).getRules())
        .as("nspool mints no token in a pool namespace")
        .noneMatch(r -> r.getResources().contains("serviceaccounts/token"));
  }
}
