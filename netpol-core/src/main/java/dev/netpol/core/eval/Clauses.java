package dev.netpol.core.eval;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.PodPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The peer rules (docs/semantics.md#peers) and port rules (docs/semantics.md#ports) for one entry,
 * each answering
 * "does it match" and "why not". The evaluator's verdicts and its sets both use these, so the
 * two can never disagree.
 */
final class Clauses {
  private final Cluster cluster;
  private final EvaluationOptions options;

  Clauses(Cluster cluster, EvaluationOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  // ---- peers ----

  /** The IP family of a connection between pods that share none: no pod address is seen. */
  static final int NO_FAMILY = 0;

  /**
   * Checks a peer entry of a policy in {@code policyNamespace} against the other end, whose
   * addresses (if it is a pod) an ipBlock sees only in IP version {@code family} (4, 6, or {@link
   * #NO_FAMILY}).
   */
  ClauseCheck peer(
      int index, NetworkPolicyPeer peer, String policyNamespace, Party other, int family) {
    boolean matched = admits(peer, policyNamespace, other, family);
    Optional<String> failure =
        matched ? Optional.empty() : Optional.of(whyNot(peer, policyNamespace, other, family));
    return new ClauseCheck(index, peer.toString(), matched, failure);
  }

  /** The yes/no of {@link #peer}, asked of the policy package without explaining. */
  boolean admits(NetworkPolicyPeer peer, String policyNamespace, Party other, int family) {
    if (other instanceof Party.Domain domain) {
      return peer.admitsName(domain.name());
    }
    if (other instanceof Party.Outside) {
      return peer.admitsOutside(((Party.Outside) other).representative());
    }
    Pod pod = ((Party.PodParty) other).pod();
    if (peer instanceof PodPeer) {
      return ((PodPeer) peer).admits(policyNamespace, pod, namespaceOf(pod));
    }
    return ((IpBlockPeer) peer).admits(pod, family, options);
  }

  private String whyNot(
      NetworkPolicyPeer peer, String policyNamespace, Party other, int family) {
    if (peer instanceof PodPeer) {
      return whyPodPeerFails((PodPeer) peer, policyNamespace, other);
    }
    return whyIpBlockFails((IpBlockPeer) peer, other, family);
  }

  /** A namespace that no object declared still has its automatic name label. */
  private Namespace namespaceOf(Pod pod) {
    return cluster.namespace(pod.namespace()).orElse(Namespace.of(pod.namespace()));
  }

  private String whyPodPeerFails(PodPeer peer, String policyNamespace, Party other) {
    if (other instanceof Party.Domain) {
      return other + " is a DNS name: podSelector and namespaceSelector match pods only";
    }
    if (other instanceof Party.Outside) {
      return other + " is outside the cluster: podSelector and namespaceSelector match pods only";
    }
    Pod pod = ((Party.PodParty) other).pod();
    if (pod.hostNetwork()) {
      return "pod "
          + pod.id()
          + " uses the host network: selectors never match it (its traffic is node traffic)";
    }
    Namespace otherNs = namespaceOf(pod);
    List<String> reasons = new ArrayList<>();
    if (peer.namespaceSelector().isPresent()) {
      LabelSelector ns = peer.namespaceSelector().get();
      mismatch("namespace " + otherNs.name(), "namespaceSelector", ns, otherNs.labels())
          .ifPresent(reasons::add);
    } else if (!pod.namespace().equals(policyNamespace)) {
      reasons.add(
          "pod "
              + pod.id()
              + " is in namespace "
              + pod.namespace()
              + ", but a podSelector alone selects pods of the policy's namespace "
              + policyNamespace);
    }
    peer.podSelector()
        .flatMap(s -> mismatch("pod " + pod.id(), "podSelector", s, pod.labels()))
        .ifPresent(reasons::add);
    return String.join("; ", reasons);
  }

  /** Why labels fail a selector: the first requirement that fails, and what the labels hold. */
  static Optional<String> mismatch(
      String subject, String field, LabelSelector selector, Labels labels) {
    for (LabelSelectorRequirement r : selector.requirements()) {
      if (!r.matches(labels)) {
        Optional<String> value = labels.get(r.key());
        String has;
        switch (r.operator()) {
          case IN:
          case EXISTS:
            has =
                value
                    .map(v -> "it has " + r.key() + "=" + v)
                    .orElse("it has no label " + r.key());
            break;
          default:
            has = "it has " + r.key() + "=" + value.orElse("");
            break;
        }
        return Optional.of(subject + " does not match " + field + " " + selector + ": " + has);
      }
    }
    return Optional.empty();
  }

  private String whyIpBlockFails(IpBlockPeer block, Party other, int family) {
    List<IpAddress> addresses;
    if (other instanceof Party.Domain) {
      // docs/cluster-policies.md#domain-names: the name's address is unknown.
      return other + " is a DNS name and netpol does not know its address: an ipBlock matches a"
          + " name only if it holds every IPv4 address (0.0.0.0/0 without except); ask about"
          + " an address with Endpoint.ip(...)";
    }
    if (other instanceof Party.Outside) {
      addresses = List.of(((Party.Outside) other).representative());
    } else {
      Pod pod = ((Party.PodParty) other).pod();
      if (!options.ipBlockSeesPod(pod)) {
        return "an ipBlock does not match pods (option ipBlockMatchesPods is off), and "
            + pod.id()
            + " is a pod";
      }
      if (pod.ips().isEmpty()) {
        return "pod " + pod.id() + " has no address, so no ipBlock can match it";
      }
      addresses =
          pod.ips().stream().filter(a -> a.version() == family).collect(Collectors.toList());
      if (addresses.isEmpty()) {
        return "pod "
            + pod.id()
            + " shares no IP family with the other end, so no ipBlock can match it";
      }
    }
    return addresses.stream().map(a -> whyNotIn(block, a)).collect(Collectors.joining("; "));
  }

  private static String whyNotIn(IpBlockPeer block, IpAddress address) {
    if (!block.cidr().contains(address)) {
      return address + " is not in " + block.cidr();
    }
    Cidr except =
        block.except().stream().filter(e -> e.contains(address)).findFirst().orElseThrow();
    return address + " is in except " + except;
  }

  // ---- ports ----

  /** Checks a port entry against the connection's port, named ports resolved on the destination. */
  static ClauseCheck port(
      int index, NetworkPolicyPort entry, Port port, Optional<Pod> destination) {
    boolean matched = entry.matches(port, destination);
    Optional<String> reason = Optional.empty();
    if (!matched && entry.name().isPresent()) {
      reason = Optional.of(whyNamedPortFails(entry, destination));
    }
    return new ClauseCheck(index, entry.toString(), matched, reason);
  }

  private static String whyNamedPortFails(NetworkPolicyPort entry, Optional<Pod> destination) {
    String name = entry.name().orElseThrow();
    if (destination.isEmpty()) {
      return "named port " + name + " never matches an address outside the cluster";
    }
    Pod pod = destination.get();
    return pod.resolveNamedPort(name, entry.protocol())
        .map(
            n -> "named port " + name + " is " + entry.protocol() + "/" + n + " on pod " + pod.id())
        .orElse(
            "named port "
                + name
                + ": pod "
                + pod.id()
                + " declares no "
                + entry.protocol()
                + " port named "
                + name);
  }
}
