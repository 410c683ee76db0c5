package dev.netpol.core.eval;

import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;

/**
 * A rule of a policy that admits a connection, with the check that shows which of its peers and
 * ports matched: with the most common mistake (two peer entries where one was meant) the peer
 * that let the connection through is the whole story.
 *
 * <pre>{@code
 * ref.toString();                       // "NetworkPolicy default/allow-frontend, rule ingress[0]"
 * ref.check().peers().get(0).clause();  // "{podSelector: app=frontend}"
 * }</pre>
 *
 * @param policy the policy
 * @param check the rule's check against the connection, which {@link RuleCheck#admits()}
 */
public record RuleRef(NetworkPolicy policy, RuleCheck check) {

  /**
   * The direction of the rule.
   *
   * @return ingress or egress
   */
  public PolicyType direction() {
    return check.direction();
  }

  /**
   * The rule's position in {@code spec.ingress} or {@code spec.egress}.
   *
   * @return the index
   */
  public int index() {
    return check.index();
  }

  /**
   * The rule's name in explanations.
   *
   * @return e.g. {@code ingress[0]}
   */
  public String ruleName() {
    return ruleName(direction(), index());
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
