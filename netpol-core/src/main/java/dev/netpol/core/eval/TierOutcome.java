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
 * @param rivals for each policy of the same tier and priority as the deciding one that also
 *     selects the pod, its own first matching rule, when that rule acts otherwise (Accept, Deny or
 *     Pass): the API leaves the order of equal priorities undefined, so a real cluster may apply
 *     that rule instead (docs/cluster-policies.md#ties)
 */
public record TierOutcome(
    Tier tier,
    ImmutableList<ClusterPolicy> consulted,
    Optional<ClusterMatch> match,
    ImmutableList<ClusterMatch> rivals) {

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
   * The policies whose rules are {@link #rivals()}.
   *
   * @return the policies tied with the deciding one that would act otherwise
   */
  public ImmutableList<ClusterPolicy> tiedWith() {
    return rivals.stream().map(ClusterMatch::policy).collect(ImmutableList.toImmutableList());
  }

  /**
   * Whether the tier's outcome depended on an order the API leaves undefined.
   *
   * @return true if {@link #rivals()} is not empty
   */
  public boolean tied() {
    return !rivals.isEmpty();
  }

  /**
   * Every rule the tier may have applied on some cluster: the deciding one, then its rivals.
   *
   * @return the possible matches; empty when no rule matched
   */
  public ImmutableList<ClusterMatch> possibleMatches() {
    return ImmutableList.<ClusterMatch>builder()
        .addAll(match.stream().iterator())
        .addAll(rivals)
        .build();
  }
}
