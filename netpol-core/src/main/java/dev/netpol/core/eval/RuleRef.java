package dev.netpol.core.eval;

import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;

/**
 * A rule of a policy that admits a connection.
 *
 * <pre>{@code
 * ref.toString();   // "NetworkPolicy default/allow-frontend, rule ingress[0]"
 * }</pre>
 *
 * @param policy the policy
 * @param direction ingress or egress
 * @param index the rule's position in {@code spec.ingress} or {@code spec.egress}
 */
public record RuleRef(NetworkPolicy policy, PolicyType direction, int index) {

  /**
   * The rule's name in explanations.
   *
   * @return e.g. {@code ingress[0]}
   */
  public String ruleName() {
    return ruleName(direction, index);
  }

  static String ruleName(PolicyType direction, int index) {
    return (direction == PolicyType.INGRESS ? "ingress[" : "egress[") + index + "]";
  }

  /** Returns e.g. {@code NetworkPolicy default/allow-frontend, rule ingress[0]}. */
  @Override
  public String toString() {
    return policy + ", rule " + ruleName();
  }
}
