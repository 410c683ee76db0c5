package dev.netpol.core.policy;

/**
 * The layer a cluster-scoped policy belongs to (docs/cluster-policies.md#layers). Per direction,
 * the Admin tier is consulted before any NetworkPolicy and the Baseline tier after them:
 *
 * <pre>
 * Admin (by priority) -> NetworkPolicy (final for pods it isolates) -> Baseline -> allow
 * </pre>
 *
 * <p>An {@code AdminNetworkPolicy} is in the Admin tier, the {@code BaselineAdminNetworkPolicy}
 * in the Baseline tier, and a {@code ClusterNetworkPolicy} where its {@code spec.tier} says.
 */
public enum Tier {
  /** Before NetworkPolicy: an Accept or Deny here is final. */
  ADMIN("Admin"),
  /** After NetworkPolicy, for pods no NetworkPolicy isolates in the direction. */
  BASELINE("Baseline");

  private final String written;

  Tier(String written) {
    this.written = written;
  }

  /** Returns the word {@code spec.tier} uses: {@code Admin} or {@code Baseline}. */
  @Override
  public String toString() {
    return written;
  }
}
