package dev.netpol.core.exposure;

/**
 * How wide a {@link Peer} is, widest first: the order exposures are listed in.
 *
 * <pre>{@code
 * Breadth.OUTSIDE.compareTo(Breadth.PODS) < 0;   // addresses outside the cluster come first
 * }</pre>
 */
public enum Breadth {
  /** Addresses outside the cluster ({@code ipBlock}s, or no policy at all): the internet. */
  OUTSIDE,
  /** Every pod of the cluster, whatever its namespace ({@code namespaceSelector: {}}). */
  ANY_NAMESPACE,
  /** Every pod of some namespaces, named. */
  NAMESPACES,
  /** Some pods of some namespaces, named by workload. */
  PODS
}
