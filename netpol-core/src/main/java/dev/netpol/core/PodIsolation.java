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
 * @param ignoringPolicies for {@link Reason#NOT_SELECTED}, the policies that select the pod and
 *     write rules for this direction but leave it out of their {@code policyTypes}, so those
 *     rules do nothing (docs/semantics.md#effective-policytypes); empty otherwise
 */
public record PodIsolation(
    Pod pod, PolicyType direction, Reason reason, ImmutableList<NetworkPolicy> ignoringPolicies) {

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

  /** Returns e.g. {@code default/web-0: NOT_SELECTED for INGRESS}. */
  @Override
  public String toString() {
    return pod.id() + ": " + reason + " for " + direction;
  }
}
