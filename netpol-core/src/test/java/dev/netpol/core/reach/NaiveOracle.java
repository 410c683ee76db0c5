package dev.netpol.core.reach;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The semantics (docs/semantics.md, from isolation to the plugin options) read literally, one pair
 * at a time: the yardstick for the engine's tests.
 */
final class NaiveOracle {
  private final Cluster cluster;
  private final EvaluationOptions options;

  NaiveOracle(Cluster cluster, EvaluationOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  boolean allowed(Pod source, Pod destination, Port port) {
    if (options.selfTrafficAlwaysAllowed() && source.id().equals(destination.id())) {
      return true;
    }
    // A connection uses one IP family at both ends: try each family both pods have (0 = none).
    boolean shared = false;
    for (int family : new int[] {4, 6}) {
      if (hasFamily(source, family) && hasFamily(destination, family)) {
        shared = true;
        if (allowedIn(source, destination, port, family)) {
          return true;
        }
      }
    }
    return !shared && allowedIn(source, destination, port, 0);
  }

  /** Whether two pods that both have IPv4 and IPv6 addresses get different answers per family. */
  boolean familiesDisagree(Pod source, Pod destination, Port port) {
    return hasFamily(source, 4) && hasFamily(source, 6)
        && hasFamily(destination, 4) && hasFamily(destination, 6)
        && allowedIn(source, destination, port, 4) != allowedIn(source, destination, port, 6);
  }

  private static boolean hasFamily(Pod pod, int family) {
    return pod.ips().stream().anyMatch(a -> a.version() == family);
  }

  private boolean allowedIn(Pod source, Pod destination, Port port, int family) {
    return sideAllows(source, PolicyType.EGRESS, destination, destination, port, family)
        && sideAllows(destination, PolicyType.INGRESS, source, destination, port, family);
  }

  /** Whether an outside address may be reached from (egress) or reach (ingress) a pod. */
  boolean outsideAllowed(Pod pod, PolicyType direction, IpAddress address, Port port) {
    List<NetworkPolicy> selecting = selecting(pod, direction);
    if (selecting.isEmpty()) {
      return true;
    }
    Optional<Pod> destination = direction == PolicyType.INGRESS ? Optional.of(pod) : Optional.empty();
    for (NetworkPolicy p : selecting) {
      for (NetworkPolicyRule r : p.rules(direction)) {
        boolean peer =
            r.allPeers()
                || r.peers().stream()
                    .anyMatch(x -> x instanceof IpBlockPeer && ((IpBlockPeer) x).contains(address));
        if (peer && portsMatch(r, port, destination)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean sideAllows(
      Pod self, PolicyType direction, Pod other, Pod destination, Port port, int family) {
    List<NetworkPolicy> selecting = selecting(self, direction);
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicy p : selecting) {
      for (NetworkPolicyRule r : p.rules(direction)) {
        if (peersMatch(p.namespace(), r, other, family) && portsMatch(r, port, Optional.of(destination))) {
          return true;
        }
      }
    }
    return false;
  }

  private List<NetworkPolicy> selecting(Pod pod, PolicyType direction) {
    if (pod.hostNetwork()) {
      return List.of();
    }
    return cluster.policiesIn(pod.namespace()).stream()
        .filter(p -> p.isolates(direction) && p.podSelector().matches(pod.labels()))
        .collect(Collectors.toList());
  }

  private boolean peersMatch(String policyNamespace, NetworkPolicyRule rule, Pod pod, int family) {
    if (rule.allPeers()) {
      return true;
    }
    for (NetworkPolicyPeer peer : rule.peers()) {
      if (peer instanceof PodPeer) {
        if (!pod.hostNetwork() && podPeerMatches(policyNamespace, (PodPeer) peer, pod)) {
          return true;
        }
      } else if ((pod.hostNetwork() || options.ipBlockMatchesPods())
          && pod.ips().stream()
              .filter(a -> a.version() == family)
              .anyMatch(((IpBlockPeer) peer)::contains)) {
        return true;
      }
    }
    return false;
  }

  // Written out here, not asked of PodPeer or NetworkPolicyPort, so that the engine and the
  // policy package are checked against an independent reading.
  private boolean podPeerMatches(String policyNamespace, PodPeer peer, Pod pod) {
    boolean namespaceMatches =
        peer.namespaceSelector().isPresent()
            ? peer.namespaceSelector()
                .get()
                .matches(cluster.namespace(pod.namespace()).orElseThrow().labels())
            : pod.namespace().equals(policyNamespace);
    return namespaceMatches
        && (peer.podSelector().isEmpty() || peer.podSelector().get().matches(pod.labels()));
  }

  private static boolean portMatches(NetworkPolicyPort p, Port port, Optional<Pod> destination) {
    if (p.protocol() != port.protocol()) {
      return false;
    }
    if (p.name().isPresent()) {
      return destination.isPresent()
          && destination.get().resolveNamedPort(p.name().get(), p.protocol())
              .equals(Optional.of(port.number()));
    }
    if (p.number().isEmpty()) {
      return true;
    }
    int first = p.number().get();
    return port.number() >= first && port.number() <= p.endPort().orElse(first);
  }

  private static boolean portsMatch(NetworkPolicyRule rule, Port port, Optional<Pod> destination) {
    if (rule.allPorts()) {
      return true;
    }
    for (NetworkPolicyPort p : rule.ports()) {
      if (portMatches(p, port, destination)) {
        return true;
      }
    }
    return false;
  }
}
