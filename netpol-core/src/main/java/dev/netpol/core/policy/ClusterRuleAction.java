package dev.netpol.core.policy;

/**
 * What a matching rule of a cluster-scoped policy does (docs/cluster-policies.md#rules). The
 * first rule of a policy that matches a connection decides, whatever its action.
 */
public enum ClusterRuleAction {
  /**
   * {@code Accept} (v1alpha2) or {@code Allow} (v1alpha1): the connection is allowed in this
   * direction, and no later layer can deny it.
   */
  ACCEPT,
  /** {@code Deny}: the connection is dropped in this direction; no later layer can allow it. */
  DENY,
  /**
   * {@code Pass}: skip the remaining rules of this tier (the rest of this policy and every later
   * policy of the tier) and go on to the next layer.
   */
  PASS
}
