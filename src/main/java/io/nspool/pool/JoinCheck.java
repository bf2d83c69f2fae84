package io.nspool.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.nspool.rbac.DynamicRoles;
import io.nspool.rbac.NspoolRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * What a namespace about to join a pool by label already holds under nspool's names, judged against
 * what nspool would create there. Anyone with rights in a namespace can plant, before it is
 * labelled, a RoleBinding named {@code nspool} that also binds someone else, a binding of
 * themselves to a Role named {@code nspool-installer} (nspool creating or resetting that Role with
 * its rules would hand them those rules). None is trusted, adopted or overwritten: the namespace is
 * not joined, and the refusal names the object. What is harmless is used as it is: an object with
 * exactly nspool's content (a join interrupted half-way leaves those), a Role that only nspool's
 * own bindings refer to (reset to nspool's content: nobody else gains by it), a binding whose
 * labels alone differ. The installer's ServiceAccount is not among them: it lives in the control
 * namespace, where no tenant can plant or use one.
 *
 * <p>Pure: {@link DynamicAccess} reads, this decides.
 */
final class JoinCheck {
  /** What to do with one of nspool's objects. */
  enum Action {
    KEEP,
    CREATE,
    RESET
  }

  record Step(HasMetadata desired, HasMetadata current, Action action) {}

  /**
   * @param refusals why the namespace must not be joined, each naming the namespace and the object;
   *     empty when it may
   * @param steps nspool's objects in the order they are made, each with what to do
   */
  record Verdict(List<String> refusals, List<Step> steps) {
    boolean complete() {
      return refusals.isEmpty() && steps.stream().allMatch(s -> s.action() == Action.KEEP);
    }
  }

  /** What was read in the namespace. */
  record Seen(Map<String, HasMetadata> own, List<RoleBinding> bindings) {}

  private JoinCheck() {}

  /**
   * @param desired nspool's objects in the namespace, in creation order (Role and RoleBinding
   *     {@code nspool}, the installer's Role and RoleBinding; its ServiceAccount lives in the
   *     control namespace, where no tenant can plant one)
   * @param difference the fields in which the second differs from the first ({@link
   *     KeptObjects#difference})
   */
  static Verdict judge(
      String namespace,
      List<HasMetadata> desired,
      Seen seen,
      String joinBindingContent,
      BiFunction<HasMetadata, HasMetadata, Set<String>> difference) {
    List<String> refusals = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (HasMetadata want : desired) {
      HasMetadata have = seen.own().get(key(want));
      if (have == null) {
        steps.add(new Step(want, null, Action.CREATE));
        continue;
      }
      Set<String> differs = difference.apply(want, have);
      if (differs.isEmpty()) {
        steps.add(new Step(want, have, Action.KEEP));
      } else if (want instanceof RoleBinding && (differs.contains("roleRef") || grants(differs))) {
        refusals.add(
            describe(have)
                + " was there before nspool joined and binds "
                + roleRef((RoleBinding) have)
                + " to "
                + subjects((RoleBinding) have)
                + ", not as nspool binds it ("
                + roleRef((RoleBinding) want)
                + " to "
                + subjects((RoleBinding) want)
                + ")");
      } else {
        steps.add(new Step(want, have, Action.RESET));
      }
    }
    // A binding of someone else to a Role of nspool's name matters where nspool is about to give
    // that Role its rules (create or reset it): a Role that already holds exactly them could only
    // have been bound by someone holding them all (RBAC lets nobody grant what it lacks).
    Set<String> changedRoles =
        steps.stream()
            .filter(st -> st.desired() instanceof Role && st.action() != Action.KEEP)
            .map(st -> st.desired().getMetadata().getName())
            .collect(Collectors.toSet());
    Set<String> ownBindings =
        Set.of(NspoolRoles.ROLE_NAME, NspoolRoles.INSTALLER, DynamicRoles.JOIN_BINDING);
    for (RoleBinding b : seen.bindings()) {
      String name = b.getMetadata().getName();
      if (ownBindings.contains(name) || b.getRoleRef() == null) {
        continue;
      }
      if ("Role".equals(b.getRoleRef().getKind())
          && changedRoles.contains(b.getRoleRef().getName())) {
        refusals.add(
            describe(b)
                + " binds Role "
                + b.getRoleRef().getName()
                + " to "
                + subjects(b)
                + ": once nspool gives that Role its rules they would hold them too");
      }
    }
    if (joinBindingContent != null) {
      refusals.add(joinBindingContent);
    }
    return new Verdict(
        refusals.stream().map(r -> "namespace " + namespace + ": " + r).toList(), steps);
  }

  /** A binding's subjects differing is a grant to someone else (or to nobody). */
  private static boolean grants(Set<String> differs) {
    return differs.contains("subjects");
  }

  static String key(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  static String describe(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  private static String roleRef(RoleBinding b) {
    return b.getRoleRef() == null
        ? "no role"
        : b.getRoleRef().getKind() + " " + b.getRoleRef().getName();
  }

  private static String subjects(RoleBinding b) {
    if (b.getSubjects() == null || b.getSubjects().isEmpty()) {
      return "nobody";
    }
    return b.getSubjects().stream().map(JoinCheck::subject).collect(Collectors.joining(", "));
  }

  private static String subject(Subject s) {
    return s.getKind()
        + " "
        + (s.getNamespace() == null || s.getNamespace().isEmpty() ? "" : s.getNamespace() + "/")
        + s.getName();
  }
}
