package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.policy.PolicyType;

/**
 * How one rule of a policy fared against a connection: each of its peer entries and port entries
 * (docs/semantics.md#rules: the rule admits iff some peer matches <em>and</em> some port matches;
 * an
 * empty list matches everything).
 *
 * <pre>{@code
 * RuleCheck check = ...;          // ingress[0] of allow-frontend-to-backend
 * check.peersMatch();             // true: peer 0 {podSelector: app=frontend} matched
 * check.portsMatch();             // false: TCP/8080 is not in [TCP/80]
 * check.admits();                 // false
 * }</pre>
 *
 * @param direction whether this is an ingress or an egress rule
 * @param index the rule's position in {@code spec.ingress} or {@code spec.egress}
 * @param peers one check per peer entry; empty when the rule has no {@code from}/{@code to}
 * @param ports one check per port entry; empty when the rule has no {@code ports}
 */
public record RuleCheck(
    PolicyType direction,
    int index,
    ImmutableList<ClauseCheck> peers,
    ImmutableList<ClauseCheck> ports) {

  /**
   * Whether the peer clause is satisfied: no peer list, or some entry matched.
   *
   * @return true if the other end is admitted
   */
  public boolean peersMatch() {
    return peers.isEmpty() || peers.stream().anyMatch(ClauseCheck::matched);
  }

  /**
   * Whether the port clause is satisfied: no port list, or some entry matched.
   *
   * @return true if the destination port is admitted
   */
  public boolean portsMatch() {
    return ports.isEmpty() || ports.stream().anyMatch(ClauseCheck::matched);
  }

  /**
   * Whether the rule admits the connection.
   *
   * @return true if both clauses are satisfied
   */
  public boolean admits() {
    return peersMatch() && portsMatch();
  }

  /**
   * How many of the two clauses hold: what "closest rule" is measured by.
   *
   * @return 0, 1 or 2
   */
  public int satisfiedClauses() {
    return (peersMatch() ? 1 : 0) + (portsMatch() ? 1 : 0);
  }

  /**
   * The rule's name in explanations.
   *
   * @return e.g. {@code ingress[0]}
   */
  public String name() {
    return RuleRef.ruleName(direction, index);
  }
}
