package dev.netpol.core.policy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  private static final ImmutableRangeSet<Integer> ALL_PORT_NUMBERS =
      ImmutableRangeSet.of(Range.closed(Port.MIN, Port.MAX));
  private static final ImmutableRangeSet<IpAddress> ALL_ADDRESSES =
      ImmutableRangeSet.<IpAddress>builder()
          .add(Cidr.parse("0.0.0.0/0").range())
          .add(Cidr.parse("::/0").range())
          .build();
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

  /**
   * Whether the port list admits a connection's destination port (docs/semantics.md#rules): no
   * list admits every port, otherwise some entry must {@linkplain NetworkPolicyPort#matches(Port,
   * Optional) match}.
   *
   * <pre>{@code
   * // ports: [TCP/80, TCP/http]
   * rule.admitsPort(Port.tcp(80), Optional.empty());           // true
   * rule.admitsPort(Port.tcp(8080), Optional.of(web));         // true if web names 8080 "http"
   * rule.admitsPort(Port.tcp(8080), Optional.empty());         // false: a name never resolves
   * }</pre>
   *
   * @param port the destination port
   * @param destination the destination pod, or empty for an address outside the cluster
   * @return true if the rule's port clause holds
   */
  public boolean admitsPort(Port port, Optional<Pod> destination) {
    return allPorts() || ports.stream().anyMatch(p -> p.matches(port, destination));
  }

  /**
   * Every port number of a protocol the port list admits toward a destination: {@link
   * #admitsPort} as a set.
   *
   * @param protocol the protocol
   * @param destination the destination pod, or empty for an address outside the cluster
   * @return 1..65535 with no list, else the union of the entries of that protocol
   */
  public ImmutableRangeSet<Integer> portNumbers(Protocol protocol, Optional<Pod> destination) {
    if (allPorts()) {
      return ALL_PORT_NUMBERS;
    }
    TreeRangeSet<Integer> numbers = TreeRangeSet.create();
    for (NetworkPolicyPort entry : ports) {
      if (entry.protocol() == protocol) {
        numbers.addAll(entry.numbersToward(destination));
      }
    }
    return ImmutableRangeSet.copyOf(numbers);
  }

  /**
   * Every address outside the cluster's pods the peer list admits (docs/semantics.md#peers): all
   * of IPv4 and IPv6 with no list, else the union of the entries' {@linkplain
   * NetworkPolicyPeer#outsideAddresses() addresses} (selector entries add none).
   *
   * @return the admitted outside addresses, as closed ranges
   */
  public ImmutableRangeSet<IpAddress> outsideAddresses() {
    if (allPeers()) {
      return ALL_ADDRESSES;
    }
    TreeRangeSet<IpAddress> addresses = TreeRangeSet.create();
    peers.forEach(peer -> addresses.addAll(peer.outsideAddresses()));
    return ImmutableRangeSet.copyOf(addresses);
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
