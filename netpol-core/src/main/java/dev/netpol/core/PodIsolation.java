package dev.netpol.core;

import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import com.google.common.collect.ImmutableList;

/**
 * Whether one pod is isolated in a direction, and why (docs/semantics.md#isolation): a pod is
 * isolated for ingress (or egress) once some NetworkPolicy of its namespace selects it with that
 * direction among its effective {@code policyTypes}; from then on only what some policy allows
 * gets through. A host-network pod shares its node's network, which no NetworkPolicy selects.
 *
 * <pre>{@code
 * PodIsolation p = cluster.isolation(pod("default/web-0"), PolicyType.EGRESS).pods().get(0);
 * p.reason();              // NOT_SELECTED
 * p.ignoringPolicies();    // [default/web-policy]: has egress rules but policyTypes: [Ingress]
 * }</pre>
 *
 * @param pod the pod
 * @param direction ingress or egress
 * @param reason isolated, not selected by any policy for the direction, or host network
 * @param isolatingPolicies for {@link Reason#ISOLATED}, the policies of the pod's namespace that
 *     select it with the direction among their effective {@code policyTypes}: only their rules
 *     can admit traffic (docs/semantics.md#union); empty otherwise
 * @param ignoringPolicies for {@link Reason#NOT_SELECTED}, the policies that select the pod and
 *     write rules for this direction but leave it out of their {@code policyTypes}, so those
 *     rules do nothing (docs/semantics.md#effective-policytypes); empty otherwise
 */
public record PodIsolation(
    Pod pod,
    PolicyType direction,
    Reason reason,
    ImmutableList<NetworkPolicy> isolatingPolicies,
    ImmutableList<NetworkPolicy> ignoringPolicies) {

  /**
   * Checks that isolating policies are listed exactly for an isolated pod.
   *
   * @param pod the pod
   * @param direction ingress or egress
   * @param reason why the pod is or is not isolated
   * @param isolatingPolicies the policies isolating it
   * @param ignoringPolicies the policies whose rules for the direction are ignored
   */
  public PodIsolation {
    com.google.common.base.Preconditions.checkArgument(
        (reason == Reason.ISOLATED) != isolatingPolicies.isEmpty(),
        "an isolated pod, and only one, names the policies isolating it");
  }

  /** Why a pod is, or is not, isolated in a direction. */
  public enum Reason {
    /** Some policy of the pod's namespace selects it for the direction. */
    ISOLATED,
    /** No policy of the pod's namespace selects it for the direction: everything is allowed. */
    NOT_SELECTED,
    /** The pod uses the host network, which no NetworkPolicy selects: everything is allowed. */
    HOST_NETWORK
  }

  /**
   * Whether the pod is isolated in the direction.
   *
   * @return true for {@link Reason#ISOLATED}
   */
  public boolean isolated() {
    return reason == Reason.ISOLATED;
  }

  /**
   * Returns e.g. {@code default/web-0: NOT_SELECTED for Ingress} or {@code default/db-0: ISOLATED
   * for Ingress by default/deny-all, default/db-from-web}.
   */
  @Override
  public String toString() {
    String by = isolatingPolicies.stream().map(NetworkPolicy::id)
        .collect(java.util.stream.Collectors.joining(", "));
    return pod.id() + ": " + reason + " for " + direction + (by.isEmpty() ? "" : " by " + by);
  }
}
