package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.NetworkPolicyPort;
import org.jspecify.annotations.Nullable;

/**
 * One effective rule of one policy, compiled against the pod classes: the classes the policy
 * selects, the classes its peers match, the outside addresses its peers match, and its ports.
 */
final class Rule {
  final int policy;
  final long[] targets;
  /** The positions of {@link #targets} when they are few ({@link Bits#positions}), else null. */
  final int @org.jspecify.annotations.Nullable [] fewTargets;
  /** The classes the peers match; every class for a rule without peers. */
  final long[] peers;
  /** An id shared by rules whose peer class sets are equal, to merge work per port atom. */
  final int peerSetId;
  final boolean allPeers;
  final ImmutableRangeSet<IpAddress> outside;
  final ImmutableList<NetworkPolicyPort> ports;
  final boolean hasNamedPorts;

  Rule(
      int policy,
      long[] targets,
      long[] peers,
      int peerSetId,
      boolean allPeers,
      ImmutableRangeSet<IpAddress> outside,
      ImmutableList<NetworkPolicyPort> ports) {
    this(policy, targets, fewTargets(targets), peers, peerSetId, allPeers, outside, ports);
  }

  /** A rule whose caller already knows {@link #fewTargets} (as {@link #fewTargets(long[])}). */
  Rule(
      int policy,
      long[] targets,
      int @Nullable [] fewTargets,
      long[] peers,
      int peerSetId,
      boolean allPeers,
      ImmutableRangeSet<IpAddress> outside,
      ImmutableList<NetworkPolicyPort> ports) {
    this.policy = policy;
    this.targets = targets;
    this.fewTargets = fewTargets;
    this.peers = peers;
    this.peerSetId = peerSetId;
    this.allPeers = allPeers;
    this.outside = outside;
    this.ports = ports;
    this.hasNamedPorts = ports.stream().anyMatch(p -> p.name().isPresent());
  }

  /** The positions of the targets when they are few enough to be walked one by one, else null. */
  static int @Nullable [] fewTargets(long[] targets) {
    return Bits.positions(targets, fewLimit(targets.length));
  }

  /** The most targets {@link #fewTargets} lists, for a bitset of that many words. */
  static int fewLimit(int words) {
    return words / 8;
  }

  /** Whether a numbered or "all ports" entry admits the port, whatever the destination. */
  boolean numericPortsAdmit(Port port) {
    if (ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      if (p.matchesOnEveryDestination(port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the ports admit the port toward a destination class (named ports resolved on it). */
  boolean portsAdmit(Port port, int destinationClass, Index index) {
    if (numericPortsAdmit(port)) {
      return true;
    }
    if (!hasNamedPorts) {
      return false;
    }
    for (NetworkPolicyPort p : ports) {
      if (p.name().isPresent()
          && p.protocol() == port.protocol()
          && index.resolve(p.name().get(), p.protocol(), destinationClass) == port.number()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The destination classes whose ports admit the port: every class, none (null), or those
   * resolving a named port of this rule to it.
   */
  long @Nullable [] admittedDestinations(Port port, Index index, long[] all) {
    if (numericPortsAdmit(port)) {
      return all;
    }
    if (!hasNamedPorts) {
      return null;
    }
    long[] out = null;
    for (NetworkPolicyPort p : ports) {
      if (p.name().isPresent() && p.protocol() == port.protocol()) {
        long[] classes = index.classesResolving(p.name().get(), p.protocol(), port.number());
        if (classes != null) {
          if (out == null) {
            out = classes.clone();
          } else {
            Bits.or(out, classes);
          }
        }
      }
    }
    return out;
  }
}
