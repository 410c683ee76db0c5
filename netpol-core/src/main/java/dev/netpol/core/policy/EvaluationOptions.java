package dev.netpol.core.policy;

import dev.netpol.core.model.Pod;

/**
 * The behaviours Kubernetes leaves to the network plugin (docs/semantics.md#plugin-options), as a
 * choice. {@link
 * #defaults()} is what the upstream NetworkPolicy conformance (e2e) tests expect.
 *
 * <pre>{@code
 * EvaluationOptions strict = EvaluationOptions.defaults();
 * EvaluationOptions lenient = EvaluationOptions.builder()
 *     .ipBlockMatchesPods(false)
 *     .selfTrafficAlwaysAllowed(true)
 *     .build();
 * Evaluator evaluator = cluster.evaluator(lenient);
 * }</pre>
 *
 * <p>Host-network pods ({@code hostNetwork: true}) are not an option but a fixed behaviour that
 * every plugin shares: they run in their node's network namespace, so no NetworkPolicy selects
 * them (their own ingress and egress are never isolated), and as a peer they are never matched by
 * a {@code podSelector} or {@code namespaceSelector}, because their traffic looks like traffic of
 * the node. An {@code ipBlock} can match their address (the node's address), if they have one,
 * whatever {@link #ipBlockMatchesPods()} says, since it is not a pod address. Traffic that a
 * plugin sees after SNAT (through a load balancer, for example) is out of scope, as is loopback
 * ({@code 127.0.0.1}), which is always allowed.
 *
 * <p>Dual-stack pods are not an option either: a connection uses one IP family at both ends, so
 * when {@code ipBlock}s match pod addresses they see only the other pod's address in the
 * connection's family. Two pods are judged in each family both have an address in, and may
 * connect iff egress and ingress both allow it in one same family; a pod asked about by one of
 * its addresses is judged in that address's family; two pods sharing no family (one without an
 * address, or IPv4-only with IPv6-only) are judged with no {@code ipBlock} matching either. A
 * cluster whose pods all live in one family is judged exactly as without this rule.
 *
 * @param ipBlockMatchesPods whether an {@code ipBlock} peer matches a pod whose address is in the
 *     block. Kubernetes documents {@code ipBlock} as meant for addresses outside the cluster and
 *     leaves pod addresses to the plugin; the conformance tests expect a match (default {@code
 *     true}), as Calico and Cilium do. Some plugins (and some documentation) treat pod addresses
 *     as matched only by selectors: {@code false} models those.
 * @param selfTrafficAlwaysAllowed whether a pod connecting to itself through its own pod address
 *     is always allowed. Kubernetes says nothing, and the conformance tests never judge it.
 *     Default {@code false}: the pair is judged like any other (the policy applies), which is the
 *     stricter and more common reading; {@code true} models plugins (e.g. some iptables-based
 *     ones) that short-circuit a pod's traffic to itself.
 */
public record EvaluationOptions(boolean ipBlockMatchesPods, boolean selfTrafficAlwaysAllowed) {

  private static final EvaluationOptions DEFAULTS = new EvaluationOptions(true, false);

  /**
   * The behaviour the upstream conformance tests expect: {@code ipBlock} matches pod addresses,
   * and a pod's traffic to itself is judged like any pair.
   *
   * @return the default options
   */
  public static EvaluationOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Whether an {@code ipBlock} looks at a pod's addresses at all
   * (docs/semantics.md#plugin-options): always for a host-network pod, whose address is its
   * node's and so not a pod address; for any other pod only if {@link #ipBlockMatchesPods()}.
   * Whether the block then matches depends on the addresses ({@link IpBlockPeer#admits(Pod, int,
   * EvaluationOptions)}).
   *
   * <pre>{@code
   * EvaluationOptions selectorsOnly = builder().ipBlockMatchesPods(false).build();
   * EvaluationOptions.defaults().ipBlockSeesPod(pod);     // true
   * selectorsOnly.ipBlockSeesPod(pod);                    // false
   * selectorsOnly.ipBlockSeesPod(hostNetworkPod);         // true: its address is the node's
   * }</pre>
   *
   * @param pod a pod of the cluster
   * @return true if an {@code ipBlock} may match the pod by its addresses
   */
  public boolean ipBlockSeesPod(Pod pod) {
    return pod.hostNetwork() || ipBlockMatchesPods;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /**
   * A builder starting from these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link EvaluationOptions}, starting from given values. */
  public static final class Builder {
    private boolean ipBlockMatchesPods;
    private boolean selfTrafficAlwaysAllowed;

    private Builder(EvaluationOptions from) {
      this.ipBlockMatchesPods = from.ipBlockMatchesPods;
      this.selfTrafficAlwaysAllowed = from.selfTrafficAlwaysAllowed;
    }

    /**
     * Sets whether an {@code ipBlock} peer matches pods whose address is in it.
     *
     * @param value {@code true} (default) as conformance expects
     * @return this builder
     */
    public Builder ipBlockMatchesPods(boolean value) {
      this.ipBlockMatchesPods = value;
      return this;
    }

    /**
     * Sets whether a pod's connection to itself is always allowed.
     *
     * @param value {@code false} (default): judged like any pair
     * @return this builder
     */
    public Builder selfTrafficAlwaysAllowed(boolean value) {
      this.selfTrafficAlwaysAllowed = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public EvaluationOptions build() {
      return new EvaluationOptions(ipBlockMatchesPods, selfTrafficAlwaysAllowed);
    }
  }
}
