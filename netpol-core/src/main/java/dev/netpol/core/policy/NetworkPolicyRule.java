package dev.netpol.core.policy;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * One ingress or egress rule: a list of peers ({@code from} or {@code to}) and a list of ports. A
 * connection is admitted iff some peer matches the other end <em>and</em> some port entry matches
 * the destination port (docs/semantics.md#rules).
 *
 * <p>An empty peer list means every peer, including addresses outside the cluster; an empty port
 * list means every port of every protocol. So {@code NetworkPolicyRule.allowAll()} (YAML {@code -
 * {}}) admits everything.
 *
 * <pre>{@code
 * NetworkPolicyRule.builder()
 *     .peer(PodPeer.pods(LabelSelector.matchLabels("app", "frontend")))
 *     .port(NetworkPolicyPort.tcp(80))
 *     .build();
 * }</pre>
 *
 * @param peers the {@code from}/{@code to} entries, ORed; empty for "every peer"
 * @param ports the {@code ports} entries, ORed; empty for "every port"
 */
public record NetworkPolicyRule(
    ImmutableList<NetworkPolicyPeer> peers, ImmutableList<NetworkPolicyPort> ports) {

  private static final NetworkPolicyRule ALLOW_ALL =
      new NetworkPolicyRule(ImmutableList.of(), ImmutableList.of());

  /**
   * The rule {@code {}}: every peer, every port.
   *
   * @return the rule that admits everything
   */
  public static NetworkPolicyRule allowAll() {
    return ALLOW_ALL;
  }

  /**
   * A new builder.
   *
   * @return a builder for a rule with no peers and no ports (which admits everything until
   *     restricted)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the rule admits every peer.
   *
   * @return true if the peer list is empty
   */
  public boolean allPeers() {
    return peers.isEmpty();
  }

  /**
   * Whether the rule admits every port of every protocol.
   *
   * @return true if the port list is empty
   */
  public boolean allPorts() {
    return ports.isEmpty();
  }

  /** Builds a {@link NetworkPolicyRule}. */
  public static final class Builder {
    private final List<NetworkPolicyPeer> peers = new ArrayList<>();
    private final List<NetworkPolicyPort> ports = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a {@code from}/{@code to} entry.
     *
     * @param peer the peer
     * @return this builder
     */
    public Builder peer(NetworkPolicyPeer peer) {
      peers.add(peer);
      return this;
    }

    /**
     * Adds a {@code ports} entry.
     *
     * @param port the port entry
     * @return this builder
     */
    public Builder port(NetworkPolicyPort port) {
      ports.add(port);
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     */
    public NetworkPolicyRule build() {
      return new NetworkPolicyRule(ImmutableList.copyOf(peers), ImmutableList.copyOf(ports));
    }
  }
}
