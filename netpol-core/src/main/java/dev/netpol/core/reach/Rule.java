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
  /** Whether {@link #peers} is empty (a rule whose peers match no pod class). */
  final boolean noPeers;
  final boolean allPeers;
  final ImmutableRangeSet<IpAddress> outside;
  final ImmutableList<NetworkPolicyPort> ports;
  final boolean hasNamedPorts;
  /**
   * The numbered and "every port" entries as (protocol ordinal, first, last) triples, read once
   * per port atom for each rule listed under it: {@link #numericPortsAdmit} is the engine's
   * innermost port check.
   */
  private final int[] numeric;
  /** The named entries, as the index keys their resolutions. */
  private final Index.NamedPortKey[] named;

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
    this.noPeers = Bits.isEmpty(peers);
    this.allPeers = allPeers;
    this.outside = outside;
    this.ports = ports;
    this.hasNamedPorts = ports.stream().anyMatch(p -> p.name().isPresent());
    this.numeric = ports.stream()
        .filter(p -> p.name().isEmpty())
        .flatMapToInt(p -> {
          com.google.common.collect.Range<Integer> r = p.fixedNumbers().orElseThrow();
          return java.util.stream.IntStream.of(
              p.protocol().ordinal(), r.lowerEndpoint(), r.upperEndpoint());
        })
        .toArray();
    this.named = ports.stream()
        .filter(p -> p.name().isPresent())
        .map(Index.NamedPortKey::of)
        .toArray(Index.NamedPortKey[]::new);
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
    // As NetworkPolicyPort#matchesOnEveryDestination, from the triples.
    int protocol = port.protocol().ordinal();
    int number = port.number();
    for (int i = 0; i < numeric.length; i += 3) {
      if (numeric[i] == protocol && number >= numeric[i + 1] && number <= numeric[i + 2]) {
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
   * resolving a named port of this rule to it. Callers never write to the result.
   */
  long @Nullable [] admittedDestinations(Port port, Index index, long[] all) {
    if (numericPortsAdmit(port)) {
      return all;
    }
    if (!hasNamedPorts) {
      return null;
    }
    // The index's own array when one entry resolves (callers never write to it); a copy only
    // to merge a second entry's.
    long[] out = null;
    boolean copied = false;
    for (Index.NamedPortKey key : named) {
      if (key.protocol() == port.protocol()) {
        long[] classes = index.classesResolving(key, port.number());
        if (classes == null || classes == out) {
          continue;
        }
        if (out == null) {
          out = classes;
        } else {
          if (!copied) {
            out = out.clone();
            copied = true;
          }
          Bits.or(out, classes);
        }
      }
    }
    return out;
  }
}
