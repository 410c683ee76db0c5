package dev.netpol.core.reach;

/**
 * The behaviours Kubernetes leaves to the network plugin (SEMANTICS.md R9), as the reachability
 * engine applies them.
 *
 * <pre>{@code
 * ReachOptions.defaults();                          // as the upstream conformance tests expect
 * new ReachOptions(false, true);                    // ipBlock sees no pods; self traffic allowed
 * }</pre>
 *
 * <p>Host-network pods are never selected by policies and never matched by pod or namespace
 * selectors, whatever the options; their address is the node's, so an {@code ipBlock} containing
 * it matches them even when {@code ipBlockMatchesPods} is false.
 *
 * @param ipBlockMatchesPods whether an {@code ipBlock} also matches (non-host-network) pod
 *     addresses, as the upstream conformance tests expect (default true); a dual-stack pod matches
 *     when any of its addresses is in the block
 * @param selfTrafficAlwaysAllowed whether a pod may always reach itself through its own address
 *     (false by default: such traffic is judged like any other pair)
 */
public record ReachOptions(boolean ipBlockMatchesPods, boolean selfTrafficAlwaysAllowed) {

  /**
   * The conformance defaults: {@code ipBlock} matches pod addresses, self traffic is judged by
   * the policies.
   *
   * @return the default options
   */
  public static ReachOptions defaults() {
    return new ReachOptions(true, false);
  }
}
