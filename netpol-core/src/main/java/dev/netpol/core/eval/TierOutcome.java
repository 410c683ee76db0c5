package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.Tier;
import java.util.Optional;

/**
 * What one tier of cluster-scoped policies said about one side of a connection
 * (docs/cluster-policies.md#layers): the first matching rule of the first policy (by priority)
 * that has one, or no match. An Accept or Deny decides the side; a Pass, or no match, hands it
 * to the next layer.
 *
 * @param tier the tier
 * @param consulted the policies of the tier that select the pod, in the order consulted
 * @param match the deciding rule, if some rule matched
 * @param tiedWith policies of the same tier and priority as the deciding one that also select the
 *     pod: the API leaves their order undefined, so the answer may differ on a real cluster
 */
public record TierOutcome(
    Tier tier,
    ImmutableList<ClusterPolicy> consulted,
    Optional<ClusterMatch> match,
    ImmutableList<ClusterPolicy> tiedWith) {

  /**
   * Whether the tier decided the side (an Accept or a Deny matched).
   *
   * @return true if final
   */
  public boolean decides() {
    return match.filter(m -> m.rule().action() != ClusterRuleAction.PASS).isPresent();
  }

  /**
   * Whether the tier accepted the connection.
   *
   * @return true for a matching Accept/Allow
   */
  public boolean accepts() {
    return match.filter(m -> m.rule().action() == ClusterRuleAction.ACCEPT).isPresent();
  }

  /**
   * Whether the answer depended on an order the API leaves undefined.
   *
   * @return true if {@link #tiedWith()} is not empty
   */
  public boolean tied() {
    return !tiedWith.isEmpty();
  }
}
