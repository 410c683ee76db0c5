package dev.netpol.core.policy;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.List;
import java.util.Optional;

/**
 * One ingress or egress rule of a cluster-scoped policy (docs/cluster-policies.md#rules): it
 * matches a connection when any peer matches the other end and the port filter is absent or any
 * entry matches the destination port. The first matching rule of a policy decides.
 *
 * <pre>{@code
 * ClusterRule rule = ClusterRule.builder(ClusterRuleAction.DENY, "Deny")
 *     .name("deny-other-tenants")
 *     .peer(new ClusterPeer.Namespaces(LabelSelector.parse("tenant notin (a)")))
 *     .build();
 * }</pre>
 *
 * @param name the rule's {@code name}, if written
 * @param action what a match does
 * @param writtenAction the action as written ({@code Allow}, {@code Accept}, {@code Deny} or
 *     {@code Pass}), which explanations show
 * @param peers the {@code from}/{@code to} entries, never empty
 * @param ports the port filter; empty when absent (every protocol and port)
 */
public record ClusterRule(
    Optional<String> name,
    ClusterRuleAction action,
    String writtenAction,
    ImmutableList<ClusterPeer> peers,
    ImmutableList<ClusterPort> ports) {

  /**
   * Checks that there is a peer.
   *
   * @param name the rule name
   * @param action the action
   * @param writtenAction the action as written
   * @param peers the peers
   * @param ports the ports
   */
  public ClusterRule {
    Preconditions.checkArgument(!peers.isEmpty(), "a cluster-scoped rule needs a peer");
  }

  /**
   * A builder.
   *
   * @param action the action
   * @param writtenAction the word the policy uses, e.g. {@code Allow} for v1alpha1
   * @return a builder with no name, peer or port
   */
  public static Builder builder(ClusterRuleAction action, String writtenAction) {
    return new Builder(action, writtenAction);
  }

  /**
   * Whether a peer entry matches a pod at the other end, failing closed for an {@link
   * ClusterPeer.Unknown} entry: it matches for Deny and Pass, never for Accept.
   *
   * @param peer one of this rule's peers
   * @param pod the other end
   * @param namespaceLabels its namespace's labels
   * @param addresses its addresses usable by the connection
   * @param nodes the cluster's Nodes
   * @return true if the entry matches
   */
  public boolean peerAdmitsPod(
      ClusterPeer peer, Pod pod, Labels namespaceLabels, List<IpAddress> addresses,
      List<Node> nodes) {
    if (peer instanceof ClusterPeer.Unknown) {
      return failsClosedToMatch();
    }
    return peer.admitsPod(pod, namespaceLabels, addresses, nodes);
  }

  /**
   * Whether a peer entry matches an address outside the cluster's pods, failing closed as
   * {@link #peerAdmitsPod} does.
   *
   * @param peer one of this rule's peers
   * @param address the address
   * @param nodes the cluster's Nodes
   * @return true if the entry matches
   */
  public boolean peerAdmitsAddress(ClusterPeer peer, IpAddress address, List<Node> nodes) {
    if (peer instanceof ClusterPeer.Unknown) {
      return failsClosedToMatch();
    }
    return peer.addresses(nodes).contains(address);
  }

  /**
   * Whether a peer entry matches a DNS name destination ({@link ClusterPeer#admitsName}),
   * failing closed as {@link #peerAdmitsPod} does.
   *
   * @param peer one of this rule's peers
   * @param name the DNS name
   * @return true if the entry matches
   */
  public boolean peerAdmitsName(ClusterPeer peer, String name) {
    if (peer instanceof ClusterPeer.Unknown) {
      return failsClosedToMatch();
    }
    return peer.admitsName(name);
  }

  /**
   * The addresses outside the cluster's pods some peer of this rule matches.
   *
   * @param nodes the cluster's Nodes
   * @param universe every address considered, which an unknown peer of a Deny/Pass rule matches
   * @return the addresses
   */
  public ImmutableRangeSet<IpAddress> peerAddresses(
      List<Node> nodes, Range<IpAddress> universe) {
    TreeRangeSet<IpAddress> set = TreeRangeSet.create();
    for (ClusterPeer peer : peers) {
      if (peer instanceof ClusterPeer.Unknown) {
        if (failsClosedToMatch()) {
          set.add(universe);
        }
      } else {
        set.addAll(peer.addresses(nodes));
      }
    }
    return ImmutableRangeSet.copyOf(set);
  }

  private boolean failsClosedToMatch() {
    return action != ClusterRuleAction.ACCEPT;
  }

  /**
   * Whether the port filter matches the destination port.
   *
   * @param port the destination port
   * @param destination the destination pod, where names resolve
   * @return true when there is no filter or an entry matches
   */
  public boolean admitsPort(Port port, Optional<Pod> destination) {
    return ports.isEmpty() || ports.stream().anyMatch(p -> p.admits(port, destination));
  }

  /**
   * The port numbers of a protocol the filter matches.
   *
   * @param protocol the protocol
   * @param destination the destination pod, where names resolve
   * @return the numbers, all of 1..65535 without a filter
   */
  public ImmutableRangeSet<Integer> portNumbers(Protocol protocol, Optional<Pod> destination) {
    if (ports.isEmpty()) {
      return ImmutableRangeSet.of(Range.closed(Port.MIN, Port.MAX));
    }
    TreeRangeSet<Integer> set = TreeRangeSet.create();
    ports.forEach(p -> set.addAll(p.numbers(protocol, destination)));
    return ImmutableRangeSet.copyOf(set);
  }

  /** Returns e.g. {@code "deny-other-tenants" (Deny)}, or {@code (Deny)} without a name. */
  @Override
  public String toString() {
    return name.map(n -> "\"" + n + "\" ").orElse("") + "(" + writtenAction + ")";
  }

  /** Builds a {@link ClusterRule}. */
  public static final class Builder {
    private final ClusterRuleAction action;
    private final String writtenAction;
    private Optional<String> name = Optional.empty();
    private final ImmutableList.Builder<ClusterPeer> peers = ImmutableList.builder();
    private final ImmutableList.Builder<ClusterPort> ports = ImmutableList.builder();

    private Builder(ClusterRuleAction action, String writtenAction) {
      this.action = action;
      this.writtenAction = writtenAction;
    }

    /**
     * Sets the rule name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Optional.of(name);
      return this;
    }

    /**
     * Adds a peer.
     *
     * @param peer the peer
     * @return this builder
     */
    public Builder peer(ClusterPeer peer) {
      peers.add(peer);
      return this;
    }

    /**
     * Adds a port filter entry.
     *
     * @param port the entry
     * @return this builder
     */
    public Builder port(ClusterPort port) {
      ports.add(port);
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     */
    public ClusterRule build() {
      return new ClusterRule(name, action, writtenAction, peers.build(), ports.build());
    }
  }
}
