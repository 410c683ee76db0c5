package dev.netpol.core.eval;

import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.Optional;

/**
 * Why one policy that isolates a pod did not admit a connection: its closest rule (the one with
 * the most satisfied clauses, the first on a tie), or none when it has no rules for the direction
 * (a deny-all).
 *
 * <pre>{@code
 * denial.closestRule();   // ingress[0]: from matched, ports: TCP/8080 is not in [TCP/80]
 * }</pre>
 *
 * @param policy the isolating policy
 * @param direction the direction it isolates
 * @param closestRule the rule that came closest, or empty if the policy has no rules for the
 *     direction
 */
public record PolicyDenial(
    NetworkPolicy policy, PolicyType direction, Optional<RuleCheck> closestRule) {}
