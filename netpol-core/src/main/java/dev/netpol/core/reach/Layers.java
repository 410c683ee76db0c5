package dev.netpol.core.reach;

/**
 * The layering rule of docs/cluster-policies.md#layers, 64 cells at a time: the one place the
 * engine writes it. Every argument is a word of 64 cells (bit set: yes), so the same function
 * serves a row (a word of destinations of one source: {@link AtomCells#layer}), a column (a
 * word of sources toward one destination: {@code SparseDiff}'s layered columns) and a single
 * cell (every bit alike: {@link TierPlan#side}). Addresses outside the pods are ranges, not
 * cells: {@link TierPlan#outside} walks the same layers over them.
 *
 * <p>A connection is judged on the egress side of its source and the ingress side of its
 * destination, each independently, and is allowed only when both allow it. One side: the Admin
 * tier's first matching rule decides when it Accepts or Denies; otherwise (no match, or Pass) a
 * NetworkPolicy that isolates the pod in that direction decides; otherwise a Baseline-tier Deny
 * denies; otherwise the side allows. For example, with {@code adminAccept = 0b00001}, {@code
 * adminDeny = 0b00010}, {@code isolated = 0b01100}, {@code networkPolicy = ~0b01000} (a pod no
 * NetworkPolicy isolates is allowed by them, as Kubernetes has it) and {@code baselineDeny =
 * 0b10000}, {@link #side} is {@code ...11100101}: cell 0 Accepted, cell 1 Denied, cell 2
 * admitted and cell 3 not by the isolating NetworkPolicy, cell 4 denied by the Baseline tier,
 * every cell above allowed by default (the caller cuts words to the classes there are).
 */
final class Layers {
  private Layers() {}

  /**
   * The cells both sides allow: {@link #side} of the source's egress AND {@link #side} of the
   * destination's ingress, each from its own tiers and isolation.
   */
  static long admitted(
      long acceptEgress,
      long denyEgress,
      long egressIsolated,
      long networkPolicyEgress,
      long baselineDenyEgress,
      long acceptIngress,
      long denyIngress,
      long ingressIsolated,
      long networkPolicyIngress,
      long baselineDenyIngress) {
    return side(acceptEgress, denyEgress, egressIsolated, networkPolicyEgress, baselineDenyEgress)
        & side(acceptIngress, denyIngress, ingressIsolated, networkPolicyIngress,
            baselineDenyIngress);
  }

  /**
   * The cells one side allows through the layers.
   *
   * @param adminAccept cells whose first matching Admin rule Accepts (final)
   * @param adminDeny cells whose first matching Admin rule Denies (final)
   * @param isolated cells whose pod a NetworkPolicy isolates in this direction
   * @param networkPolicy cells the NetworkPolicies allow: those the isolating ones admit, and
   *     every cell no NetworkPolicy isolates (the rule reads it only where {@code isolated}, but
   *     a set bit there lets one AND stand for the choice)
   * @param baselineDeny cells whose first matching Baseline rule Denies; counts only where
   *     neither the Admin tier decided nor a NetworkPolicy isolates
   */
  static long side(
      long adminAccept, long adminDeny, long isolated, long networkPolicy, long baselineDeny) {
    return adminAccept | (~adminDeny & networkPolicy & (isolated | ~baselineDeny));
  }
}
