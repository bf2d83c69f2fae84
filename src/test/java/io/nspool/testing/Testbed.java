package io.nspool.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.install.Installer;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.NspoolRoles;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up what an admin sets up before nspool runs (option 1 of the seeds): the CRDs, a control
 * namespace with nspool's ServiceAccount and Role, and pool namespaces each with nspool's Role and
 * RoleBinding. Every call is idempotent. Names carry a per-test prefix so tests sharing one cluster
 * never meet.
 */
public final class Testbed {
  private static final AtomicInteger counter = new AtomicInteger();

  private final KubernetesClient admin;
  private final String prefix;
  private final ServiceAccountIdentity identity;

  public Testbed(KubernetesClient admin, String label) {
    this.admin = admin;
    this.prefix = label + "-" + counter.incrementAndGet();
    this.identity = new ServiceAccountIdentity(prefix + "-system", "nspool");
    installCrds(admin);
    Installer.apply(admin, Installer.control(identity.namespace(), identity.name()));
  }

  public String controlNamespace() {
    return identity.namespace();
  }

  public ServiceAccountIdentity identity() {
    return identity;
  }

  /** nspool's client: the ServiceAccount's token, nothing of the admin's. */
  public KubernetesClient nspoolClient() {
    return identity.client(admin);
  }

  /**
   * A client holding exactly what Helm is given for {@code namespace}: a token of its installer,
   * requested by nspool's identity.
   */
  public KubernetesClient installerClient(String namespace) {
    try (KubernetesClient nspool = nspoolClient()) {
      io.fabric8.kubernetes.client.Config base = admin.getConfiguration();
      return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
          .withConfig(
              new io.fabric8.kubernetes.client.ConfigBuilder(
                      io.fabric8.kubernetes.client.Config.empty())
                  .withMasterUrl(base.getMasterUrl())
                  .withCaCertFile(base.getCaCertFile())
                  .withCaCertData(base.getCaCertData())
                  .withNamespace(namespace)
                  .withOauthToken(
                      io.nspool.rbac.InstallerIdentity.token(
                          nspool, identity.namespace(), namespace))
                  .build())
          .build();
    }
  }

  /** The name of the i-th pool namespace of this test, e.g. {@code claims-3-ns-07}. */
  public String poolNamespace(int i) {
    return prefix + "-ns-" + String.format("%02d", i);
  }

  public List<String> poolNamespaces(int count) {
    return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(this::poolNamespace).toList();
  }

  /**
   * Creates the namespace with nspool's Role and RoleBinding and the installer in it, labelled for
   * the default Pod Security level, as nspool install does.
   */
  public void preparePoolNamespace(String namespace) {
    preparePoolNamespace(namespace, PodSecurityLevel.DEFAULT);
  }

  public void preparePoolNamespace(String namespace, PodSecurityLevel podSecurity) {
    Installer.apply(
        admin,
        Installer.poolNamespace(namespace, identity.namespace(), identity.name(), podSecurity));
  }

  /** {@code count} pool namespaces, prepared. */
  public List<String> preparePoolNamespaces(int count) {
    List<String> names = poolNamespaces(count);
    names.forEach(this::preparePoolNamespace);
    return names;
  }

  /**
   * Replaces nspool's Role in {@code namespace} with one lacking every verb on a core resource
   * (e.g. "serviceaccounts"), as a careless admin would; returns the complete Role to restore.
   */
  public static io.fabric8.kubernetes.api.model.rbac.Role weakenPoolRole(
      KubernetesClient admin, String namespace, String coreResource) {
    return weaken(admin, NspoolRoles.poolRole(namespace, List.of()), coreResource);
  }

  /** The same for the installer's Role, which Helm acts as. */
  public static io.fabric8.kubernetes.api.model.rbac.Role weakenInstallerRole(
      KubernetesClient admin, String namespace, String coreResource) {
    return weaken(admin, NspoolRoles.installerRole(namespace, List.of()), coreResource);
  }

  private static io.fabric8.kubernetes.api.model.rbac.Role weaken(
      KubernetesClient admin, io.fabric8.kubernetes.api.model.rbac.Role full, String coreResource) {
    List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = new java.util.ArrayList<>();
    for (io.fabric8.kubernetes.api.model.rbac.PolicyRule rule : full.getRules()) {
      io.fabric8.kubernetes.api.model.rbac.PolicyRule copy =
          new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule).build();
      if (copy.getApiGroups().equals(List.of("")) && copy.getResources().contains(coreResource)) {
        copy.setResources(new java.util.ArrayList<>(copy.getResources()));
        copy.getResources().remove(coreResource);
      }
      rules.add(copy);
    }
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBuilder(full).withRules(rules).build())
        .update();
    return full;
  }

  public void namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  public static synchronized void installCrds(KubernetesClient admin) {
    io.nspool.install.Installer.applyCrds(admin);
  }
}
