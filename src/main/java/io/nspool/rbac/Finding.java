package io.nspool.rbac;

/**
 * One thing {@code nspool rbac lint} says about one rule of one Role.
 *
 * @param severity error, warning or info
 * @param role the Role, as {@code Role namespace/name} or {@code ClusterRole name}
 * @param rule the rule's position in the Role's {@code rules}, from 1
 * @param ruleText the rule as a YAML flow one-liner
 * @param check which check found it (e.g. {@code cluster-scoped}), stable for scripts
 * @param why what is wrong, naming the resources or verbs concerned
 * @param fix what to change
 */
public record Finding(
    Severity severity,
    String role,
    int rule,
    String ruleText,
    String check,
    String why,
    String fix) {}
