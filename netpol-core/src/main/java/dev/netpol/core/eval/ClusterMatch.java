package dev.netpol.core.eval;

import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.PolicyType;

/**
 * The rule of a cluster-scoped policy that matched a connection first, and so decided its tier
 * (docs/cluster-policies.md#layers).
 *
 * <pre>{@code
 * match.toString();
 * // ClusterNetworkPolicy tenant-isolation (Admin, priority 10) rule ingress[1]
 * // "deny-other-tenants" (Deny)
 * }</pre>
 *
 * @param policy the policy
 * @param direction the rule's direction
 * @param index the rule's position in {@code spec.ingress} or {@code spec.egress}
 * @param rule the rule
 * @param peer the position of the first peer entry that matched the other end
 */
public record ClusterMatch(
    ClusterPolicy policy, PolicyType direction, int index, ClusterRule rule, int peer) {

  /**
   * The rule's name in explanations.
   *
   * @return e.g. {@code ingress[1]}
   */
  public String ruleName() {
    return RuleRef.ruleName(direction, index);
  }

  /**
   * Returns e.g. {@code ClusterNetworkPolicy tenant-isolation (Admin, priority 10) rule
   * ingress[1] "deny-other-tenants" (Deny)}.
   */
  @Override
  public String toString() {
    return policy + " rule " + ruleName() + " " + rule;
  }
}
