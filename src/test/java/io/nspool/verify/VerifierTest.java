package io.nspool.verify;

import static io.nspool.verify.Views.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.janitor.Inspection;
import io.nspool.janitor.ObjectKey;
import io.nspool.pool.KeptObjects.Difference;
import io.nspool.verify.Violation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The invariant checks")
class VerifierTest {
  static final Duration GRACE = Duration.ofMinutes(5);
  static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));

  private static Report check(Views views) {
    return Verifier.check(views.view(), List.of(), NOW, GRACE);
  }

  private static List<Kind> kinds(Report report) {
    return report.violations().stream().map(Violation::kind).toList();
  }

  private static Views healthyPool() {
    return new Views()
        .pool("p", "a", "b", "c")
        .deployment("one", "p", "a")
        .claimed("a", "one", LONG_AGO)
        .free("b", LONG_AGO)
        .free("c", LONG_AGO)
        .found("b")
        .found("c");
  }

  @Test
  @DisplayName("find nothing in a pool whose claims and statuses agree, and say how much they saw")
  void clean() {
    Report report = check(healthyPool());

    assertThat(report.violations()).isEmpty();
    assertThat(report.summary()).isEqualTo("no violations in 1 pool, 3 namespaces, 1 deployment");
  }

  @Test
  @DisplayName("name each dynamic pool's selector in the report, and no list pool's")
  void selectors() {
    Views views = healthyPool().pool("d");
    views.view().pools().stream()
        .filter(p -> p.getMetadata().getName().equals("d"))
        .forEach(
            p -> {
              p.getSpec().setNamespaces(null);
              p.getSpec()
                  .setNamespaceSelector(
                      io.nspool.pool.NamespaceSelector.matchLabels(
                          java.util.Map.of("nspool.io/pool", "d")));
            });

    Report report = check(views);

    assertThat(report.selectors()).containsExactly(java.util.Map.entry("d", "nspool.io/pool=d"));
  }

  @Test
  @DisplayName(
      "report a namespace two deployments' status names, and the one its claim does not name")
  void boundTwice() {
    Report report = check(healthyPool().deployment("two", "p", "a"));

    assertThat(report.violations())
        .extracting(Violation::kind, Violation::object)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.NAMESPACE_BOUND_TWICE, "Namespace a"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.BINDING_DISAGREES, "TenantDeployment nspool-system/two"));
    assertThat(report.violations().get(0).message())
        .contains("2 TenantDeployments (one, two) say they hold namespace a")
        .contains("names nspool-system/one");
    assertThat(report.violations().get(1).message())
        .contains("names deployment nspool-system/one (uid uid-one)");
  }

  @Test
  @DisplayName("report a held claim naming a missing deployment only once the grace has passed")
  void orphans() {
    Views views =
        healthyPool()
            .claimed("b", "ghost", LONG_AGO)
            .claimed("c", "newborn", NOW.minus(Duration.ofMinutes(1)));

    Report report = check(views);

    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.ORPHANED_CLAIM);
              assertThat(v.object()).isEqualTo("Lease b/nspool-claim");
              assertThat(v.message()).contains("uid-ghost").contains("for 60m");
            });
  }

  @Test
  @DisplayName(
      "report a pool with more active deployments than namespaces, and a deployment outside its pool")
  void overcommittedAndNotOwned() {
    Views views =
        new Views()
            .pool("p", "a")
            .deployment("one", "p", "a")
            .claimed("a", "one", LONG_AGO)
            .deployment("two", "p", "elsewhere")
            .claimed("elsewhere", "two", LONG_AGO);

    Report report = check(views);

    assertThat(kinds(report)).containsExactly(Kind.POOL_OVERCOMMITTED, Kind.NAMESPACE_NOT_OWNED);
    assertThat(report.violations().get(0).message())
        .contains("has 2 active deployments")
        .contains("but 1 namespace of its own");
    assertThat(report.violations().get(1).message())
        .contains("holds namespace elsewhere, which no pool lists");
  }

  @Test
  @DisplayName(
      "accept a namespace draining out of its holder's pool into another pool that lists it, until it is released")
  void drainingIntoAnotherPool() {
    Views views =
        new Views()
            .pool("older", "a", "b")
            .pool("p")
            .tracked("p", "b")
            .deployment("one", "p", "b")
            .claim(
                new io.nspool.claim.Claim(
                    "b",
                    io.nspool.claim.ClaimState.DRAINING,
                    "uid-one",
                    "nspool-system/one",
                    LONG_AGO,
                    null,
                    null,
                    true))
            .free("a", LONG_AGO)
            .found("a")
            .found("b");

    assertThat(check(views).violations()).isEmpty();
  }

  @Test
  @DisplayName("report a namespace held for one pool that an older pool owns")
  void ownedByAnotherPool() {
    Views views =
        new Views()
            .pool("older", "a")
            .pool("p", "b")
            .deployment("one", "p", "a")
            .claimed("a", "one", LONG_AGO)
            .free("b", LONG_AGO)
            .found("b");

    Report report = check(views);

    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.NAMESPACE_NOT_OWNED);
              assertThat(v.message())
                  .contains("belongs to pool older")
                  .contains("Remove it from pool");
            });
  }

  @Test
  @DisplayName(
      "count a namespace draining out of its pool on both sides, so removing a claimed one is no violation")
  void drainingIsFine() {
    Views views =
        new Views()
            .pool("p", "b")
            .tracked("p", "a")
            .deployment("one", "p", "a")
            .claim(
                new Claim(
                    "a",
                    ClaimState.DRAINING,
                    Views.uid("one"),
                    "nspool-system/one",
                    LONG_AGO,
                    null,
                    null,
                    true))
            .deployment("two", "p", "b")
            .claimed("b", "two", LONG_AGO);

    assertThat(check(views).violations()).isEmpty();
  }

  @Test
  @DisplayName(
      "report a free namespace's leftovers and changed kept objects, but not the events its scrub wrote")
  void freeNamespaceLeftovers() {
    Instant freedAt = NOW.minus(Duration.ofMinutes(10));
    Views views =
        healthyPool()
            .free("b", freedAt)
            .found(
                "b",
                new Inspection.Found(
                    ObjectKey.of("", "configmaps", "leftover"), "ConfigMap", LONG_AGO),
                new Inspection.Found(
                    ObjectKey.of("", "events", "scrubbed.1"), "Event", freedAt.minusSeconds(5)),
                new Inspection.Found(
                    ObjectKey.of("", "events", "later.1"), "Event", freedAt.plusSeconds(5)))
            .kept(
                "b",
                new Difference(
                    "ServiceAccount b/default",
                    ObjectKey.of("", "serviceaccounts", "default"),
                    Difference.Problem.DIFFERS,
                    "differs from nspool's content in metadata.annotations"));

    Report report = check(views);

    assertThat(report.violations())
        .extracting(Violation::kind, Violation::object)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Kind.TENANT_OBJECT_IN_FREE_NAMESPACE, "ConfigMap b/leftover"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.TENANT_OBJECT_IN_FREE_NAMESPACE, "Event b/later.1"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.KEPT_OBJECT_DIFFERS, "ServiceAccount b/default"));
    assertThat(report.violations().get(0).message())
        .contains("kubectl -n b delete configmaps/leftover");
  }

  @Test
  @DisplayName(
      "report nspool's missing access anywhere, the installer not while cleaning, and never what Kubernetes re-creates")
  void missingAccess() {
    Views views =
        healthyPool()
            .claim(
                new Claim(
                    "c",
                    ClaimState.CLEANING,
                    Views.uid("gone"),
                    "nspool-system/gone",
                    NOW,
                    null,
                    null,
                    false))
            .kept(
                "a",
                missing(
                    "rbac.authorization.k8s.io", "rolebindings", "nspool", "RoleBinding a/nspool"),
                missing("", "serviceaccounts", "default", "ServiceAccount a/default"))
            .kept(
                "c",
                missing(
                    "rbac.authorization.k8s.io",
                    "rolebindings",
                    "nspool-installer",
                    "RoleBinding c/nspool-installer"),
                missing("rbac.authorization.k8s.io", "roles", "nspool", "Role c/nspool"));

    Report report = check(views);

    assertThat(report.violations())
        .extracting(Violation::kind, Violation::object)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.NSPOOL_OBJECT_MISSING, "RoleBinding a/nspool"),
            org.assertj.core.groups.Tuple.tuple(Kind.NSPOOL_OBJECT_MISSING, "Role c/nspool"));
  }

  @Test
  @DisplayName("report a Helm release pending for longer than the grace, read from Helm's labels")
  void stuckRelease() {
    long anHourAgo = LONG_AGO.getEpochSecond();
    Views views =
        healthyPool()
            .releases(
                "a",
                release("one", "1", "superseded", anHourAgo),
                release("one", "2", "pending-upgrade", anHourAgo),
                release("other", "1", "pending-install", NOW.minusSeconds(30).getEpochSecond()));

    Report report = check(views);

    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.kind()).isEqualTo(Kind.HELM_RELEASE_STUCK);
              assertThat(v.object()).isEqualTo("Secret a/sh.helm.release.v1.one.v2");
              assertThat(v.message())
                  .contains("revision 2 has been pending-upgrade for 60m")
                  .contains("helm -n a rollback one");
            });
  }

  @Test
  @DisplayName("say how many violations it found, with the same scope")
  void summaryCountsViolations() {
    Report report = check(healthyPool().claimed("b", "ghost", LONG_AGO));

    assertThat(report.summary()).isEqualTo("1 violation in 1 pool, 3 namespaces, 1 deployment");
  }

  private static Difference missing(String group, String resource, String name, String object) {
    return new Difference(
        object, ObjectKey.of(group, resource, name), Difference.Problem.MISSING, "is missing");
  }

  private static HelmRelease release(String name, String revision, String status, long at) {
    return HelmRelease.of(
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("a")
            .withName("sh.helm.release.v1." + name + ".v" + revision)
            .addToLabels("owner", "helm")
            .addToLabels("name", name)
            .addToLabels("version", revision)
            .addToLabels("status", status)
            .addToLabels("modifiedAt", Long.toString(at))
            .endMetadata()
            .build());
  }
}
