package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.Optional;

/**
 * The answer for one side of a connection: the egress of its source, or the ingress of its
 * destination (docs/semantics.md#both-ends: a connection is allowed iff both sides allow it).
 *
 * <pre>{@code
 * DirectionVerdict ingress = verdict.ingress();
 * if (ingress instanceof DirectionVerdict.Denied) {
 *   ((DirectionVerdict.Denied) ingress).policies();   // each isolating policy and its closest rule
 * }
 * }</pre>
 */
public sealed interface DirectionVerdict
    permits DirectionVerdict.NotApplicable,
        DirectionVerdict.NotIsolated,
        DirectionVerdict.SelfTrafficAllowed,
        DirectionVerdict.Allowed,
        DirectionVerdict.Denied,
        DirectionVerdict.Layered {

  /**
   * Which side this is.
   *
   * @return egress (of the source) or ingress (of the destination)
   */
  PolicyType direction();

  /**
   * Whether this side lets the connection through.
   *
   * @return true unless {@link Denied}
   */
  boolean allows();

  /**
   * The side is outside the cluster (an address), where no NetworkPolicy applies.
   *
   * @param direction the side
   */
  record NotApplicable(PolicyType direction) implements DirectionVerdict {
    @Override
    public boolean allows() {
      return true;
    }
  }

  /**
   * No policy of the pod's namespace selects it for this direction, so everything is allowed
   * (docs/semantics.md#isolation); or it is a host-network pod, which no policy selects
   * (docs/semantics.md#plugin-options).
   *
   * @param direction the side
   * @param hostNetwork whether the reason is that the pod uses the host network
   * @param ignoringPolicies policies that select the pod and list rules for this direction but do
   *     not isolate it, because their {@code policyTypes} leave it out: those rules do nothing
   *     (docs/semantics.md#effective-policytypes)
   */
  record NotIsolated(
      PolicyType direction, boolean hostNetwork, ImmutableList<NetworkPolicy> ignoringPolicies)
      implements DirectionVerdict {
    @Override
    public boolean allows() {
      return true;
    }
  }

  /**
   * A pod's connection to itself, allowed by {@link EvaluationOptions#selfTrafficAlwaysAllowed()}.
   *
   * @param direction the side
   */
  record SelfTrafficAllowed(PolicyType direction) implements DirectionVerdict {
    @Override
    public boolean allows() {
      return true;
    }
  }

  /**
   * The pod is isolated in this direction and at least one rule admits the connection
   * (docs/semantics.md#union).
   *
   * @param direction the side
   * @param admittedBy every rule that admits it, by policy name then rule index; never empty
   */
  record Allowed(PolicyType direction, ImmutableList<RuleRef> admittedBy)
      implements DirectionVerdict {

    /**
     * Checks that some rule admits the connection.
     *
     * @param direction the side
     * @param admittedBy the admitting rules
     */
    public Allowed {
      Preconditions.checkArgument(!admittedBy.isEmpty(), "an allowed side names its rules");
    }

    @Override
    public boolean allows() {
      return true;
    }

    /**
     * The first admitting rule, the one an explanation names.
     *
     * @return the rule
     */
    public RuleRef first() {
      return admittedBy.get(0);
    }
  }

  /**
   * The pod is isolated in this direction and no rule of any isolating policy admits the
   * connection.
   *
   * @param direction the side
   * @param policies every isolating policy, by name, with why it did not admit; never empty
   * @param ignoringPolicies policies that select the pod and list rules for this direction but do
   *     not isolate it ({@code policyTypes} leaves it out), so their rules were not consulted
   */
  record Denied(
      PolicyType direction,
      ImmutableList<PolicyDenial> policies,
      ImmutableList<NetworkPolicy> ignoringPolicies)
      implements DirectionVerdict {

    /**
     * Checks that some policy isolates the pod.
     *
     * @param direction the side
     * @param policies the isolating policies
     * @param ignoringPolicies the policies whose rules for this direction are ignored
     */
    public Denied {
      Preconditions.checkArgument(!policies.isEmpty(), "a denied side names its policies");
    }

    @Override
    public boolean allows() {
      return false;
    }
  }

  /**
   * A side judged in layers because cluster-scoped policies select the pod in this direction
   * (docs/cluster-policies.md#layers): the Admin tier, then the NetworkPolicy answer (final if a
   * NetworkPolicy isolates the pod), then the Baseline tier, then the default, allow.
   *
   * <pre>{@code
   * if (side instanceof DirectionVerdict.Layered l && l.admin().decides()) {
   *   l.admin().match();   // the Admin rule that accepted or denied
   * }
   * }</pre>
   *
   * @param direction the side
   * @param admin what the Admin tier said
   * @param networkPolicy the NetworkPolicy answer, unless the Admin tier decided
   * @param baseline what the Baseline tier said, when it was consulted (no Admin decision and no
   *     NetworkPolicy isolating the pod)
   * @param allows whether the side lets the connection through
   * @param undefined whether another order of equal-priority policies, which the API leaves
   *     undefined, would give this side the other answer (docs/cluster-policies.md#ties)
   * @param hairpinExempt the ClusterNetworkPolicies that select the pod with rules for this
   *     direction but were skipped, because the connection is the pod's to its own pod address,
   *     which ClusterNetworkPolicy does not judge (docs/cluster-policies.md#hairpin)
   */
  record Layered(
      PolicyType direction,
      TierOutcome admin,
      Optional<DirectionVerdict> networkPolicy,
      Optional<TierOutcome> baseline,
      boolean allows,
      boolean undefined,
      ImmutableList<ClusterPolicy> hairpinExempt)
      implements DirectionVerdict {

    /**
     * Whether some tier's outcome depended on an order the API leaves undefined
     * (docs/cluster-policies.md#ties), whether or not the side's answer did ({@link
     * #undefined()}).
     *
     * @return true if a deciding or passing rule's policy tied with another that acts otherwise
     */
    public boolean tied() {
      return admin.tied() || baseline.map(TierOutcome::tied).orElse(false);
    }
  }
}
