package dev.netpol.core.policy;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import java.util.List;
import java.util.Locale;

/**
 * One entry of a cluster-scoped rule's {@code from} (ingress) or {@code to} (egress) list; each
 * entry sets exactly one field (docs/cluster-policies.md#peers):
 *
 * <ul>
 *   <li>{@code namespaces}: every pod of the matching namespaces;
 *   <li>{@code pods}: matching pods of matching namespaces;
 *   <li>{@code networks} (egress): destination addresses in any CIDR, <em>pod addresses
 *       included</em> ({@code 0.0.0.0/0} matches pod-to-pod traffic too);
 *   <li>{@code nodes} (egress): the addresses of the matching Nodes, and so the host-network pods
 *       running on them;
 *   <li>{@code domainNames} (egress): names resolved by DNS at run time, which manifests cannot
 *       show: never an address or a pod, only a DNS name destination ({@link #admitsName});
 *   <li>an entry with no field netpol knows ({@link Unknown}): written for a newer API; the rule
 *       fails closed ({@link ClusterRule#peerAdmitsPod}).
 * </ul>
 *
 * <p>Host-network pods are matched only by {@code networks} (their addresses) and {@code nodes}.
 */
public sealed interface ClusterPeer
    permits ClusterPeer.Namespaces,
        ClusterPeer.Pods,
        ClusterPeer.Networks,
        ClusterPeer.Nodes,
        ClusterPeer.DomainNames,
        ClusterPeer.Unknown {

  /**
   * Whether this entry admits a pod at the other end of a connection.
   *
   * <pre>{@code
   * new ClusterPeer.Networks(List.of(Cidr.parse("10.0.0.0/8")))
   *     .admitsPod(pod, nsLabels, List.of(IpAddress.parse("10.1.2.3")), nodes);   // true
   * }</pre>
   *
   * @param pod the pod at the other end
   * @param namespaceLabels the labels of its namespace
   * @param addresses the pod's addresses that the connection may use (one IP family, or all)
   * @param nodes the cluster's Nodes
   * @return true if admitted
   */
  boolean admitsPod(Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes);

  /**
   * The addresses outside the cluster's pods this entry admits ({@code networks}, {@code nodes}).
   *
   * @param nodes the cluster's Nodes
   * @return the addresses; empty for selectors and domain names
   */
  ImmutableRangeSet<IpAddress> addresses(List<Node> nodes);

  /**
   * Whether this entry admits a DNS name destination ({@code Endpoint.domain(...)}), whose
   * address netpol does not know (docs/cluster-policies.md#domain-names): {@code domainNames} by
   * the API's wildcard rules; {@code networks} only if it holds every IPv4 address (and so
   * whatever the name resolves to); selectors and {@code nodes} never.
   *
   * <pre>{@code
   * new ClusterPeer.DomainNames(ImmutableList.of("*.example.com")).admitsName("api.example.com");
   * // true
   * ClusterPeer.Networks.of(Cidr.parse("0.0.0.0/0")).admitsName("api.example.com");   // true
   * ClusterPeer.Networks.of(Cidr.parse("10.0.0.0/8")).admitsName("api.example.com");  // false
   * }</pre>
   *
   * @param name a DNS name
   * @return true if the entry surely admits it
   */
  boolean admitsName(String name);

  /**
   * {@code namespaces: <selector>}.
   *
   * @param namespaceSelector the selector on namespace labels
   */
  record Namespaces(LabelSelector namespaceSelector) implements ClusterPeer {
    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      return !pod.hostNetwork() && namespaceSelector.matches(namespaceLabels);
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      return ImmutableRangeSet.of();
    }

    @Override
    public boolean admitsName(String name) {
      return false;
    }

    /** Returns e.g. {@code namespaces {tenant notin (a)}}. */
    @Override
    public String toString() {
      return "namespaces " + Braces.of(namespaceSelector);
    }
  }

  /**
   * {@code pods: {namespaceSelector, podSelector}}.
   *
   * @param namespaceSelector the selector on namespace labels ({@code {}}: all)
   * @param podSelector the selector on pod labels
   */
  record Pods(LabelSelector namespaceSelector, LabelSelector podSelector) implements ClusterPeer {
    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      return !pod.hostNetwork()
          && namespaceSelector.matches(namespaceLabels)
          && podSelector.matches(pod.labels());
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      return ImmutableRangeSet.of();
    }

    @Override
    public boolean admitsName(String name) {
      return false;
    }

    /** Returns e.g. {@code pods {namespaceSelector: {}, podSelector: {app=db}}}. */
    @Override
    public String toString() {
      return "pods {namespaceSelector: " + Braces.of(namespaceSelector) + ", podSelector: "
          + Braces.of(podSelector) + "}";
    }
  }

  /**
   * {@code networks: [CIDR...]}: any address in a block, pods' and nodes' included.
   *
   * @param cidrs the blocks, never empty
   */
  record Networks(ImmutableList<Cidr> cidrs) implements ClusterPeer {
    /**
     * Checks the list is not empty.
     *
     * @param cidrs the blocks
     */
    public Networks {
      Preconditions.checkArgument(!cidrs.isEmpty(), "networks needs at least one CIDR");
    }

    /**
     * A {@code networks} entry.
     *
     * @param cidrs the blocks
     * @return the peer
     */
    public static Networks of(Cidr... cidrs) {
      return new Networks(ImmutableList.copyOf(cidrs));
    }

    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      for (int i = 0; i < addresses.size(); i++) {
        if (admits(addresses.get(i))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether an address is in one of the blocks.
     *
     * @param address the address
     * @return true if inside
     */
    public boolean admits(IpAddress address) {
      for (int i = 0; i < cidrs.size(); i++) {
        if (cidrs.get(i).contains(address)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      TreeRangeSet<IpAddress> set = TreeRangeSet.create();
      cidrs.forEach(c -> set.add(c.range()));
      return ImmutableRangeSet.copyOf(set);
    }

    @Override
    public boolean admitsName(String name) {
      return DnsNames.holdsAnyName(addresses(List.of()));
    }

    /** Returns e.g. {@code networks [10.0.0.0/8]}. */
    @Override
    public String toString() {
      return "networks " + cidrs;
    }
  }

  /**
   * {@code nodes: <selector>}: the addresses of the matching Nodes ({@code status.addresses}),
   * which the host-network pods on them share. Without Node objects it matches nothing.
   *
   * @param nodeSelector the selector on node labels
   */
  record Nodes(LabelSelector nodeSelector) implements ClusterPeer {
    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      for (Node node : nodes) {
        if (!nodeSelector.matches(node.labels())) {
          continue;
        }
        if (pod.hostNetwork() && pod.node().filter(node.name()::equals).isPresent()) {
          return true;
        }
        if (addresses.stream().anyMatch(node.addresses()::contains)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      TreeRangeSet<IpAddress> set = TreeRangeSet.create();
      for (Node node : nodes) {
        if (nodeSelector.matches(node.labels())) {
          node.addresses().forEach(a -> set.add(com.google.common.collect.Range.singleton(a)));
        }
      }
      return ImmutableRangeSet.copyOf(set);
    }

    @Override
    public boolean admitsName(String name) {
      return false;
    }

    /** Returns e.g. {@code nodes {role=worker}}. */
    @Override
    public String toString() {
      return "nodes " + Braces.of(nodeSelector);
    }
  }

  /**
   * {@code domainNames: [name...]}: fully qualified names resolved at run time. Manifests do not
   * say which addresses they resolve to, so this entry never admits a pod or an address; it
   * admits a name by the API's rules ({@link #admitsName}).
   *
   * @param names the names, e.g. {@code api.example.com} or {@code *.example.com}
   */
  record DomainNames(ImmutableList<String> names) implements ClusterPeer {
    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      return false;
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      return ImmutableRangeSet.of();
    }

    /**
     * Whether a DNS name matches: exactly (case-insensitive, a trailing dot ignored), or, for a
     * {@code *.}-prefixed entry, a name ending in the rest after one or more whole labels ({@code
     * *.example.com} matches {@code a.b.example.com}, not {@code example.com}).
     *
     * @param name a DNS name
     * @return true if some entry matches
     */
    @Override
    public boolean admitsName(String name) {
      String n = normal(name);
      for (String entry : names) {
        String e = normal(entry);
        if (e.startsWith("*.")
            ? n.endsWith(e.substring(1)) && n.length() > e.length() - 1
            : n.equals(e)) {
          return true;
        }
      }
      return false;
    }

    private static String normal(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Returns e.g. {@code domainNames [*.example.com]}. */
    @Override
    public String toString() {
      return "domainNames " + names;
    }
  }

  /**
   * An entry with no field netpol knows: the API says a consumer must then fail closed, so an
   * Accept rule treats it as matching nothing and a Deny or Pass rule as matching everything.
   *
   * @param fields the field names written, for the explanation
   */
  record Unknown(ImmutableList<String> fields) implements ClusterPeer {
    @Override
    public boolean admitsPod(
        Pod pod, Labels namespaceLabels, List<IpAddress> addresses, List<Node> nodes) {
      return false;
    }

    @Override
    public ImmutableRangeSet<IpAddress> addresses(List<Node> nodes) {
      return ImmutableRangeSet.of();
    }

    @Override
    public boolean admitsName(String name) {
      return false;
    }

    /** Returns e.g. {@code unknown peer [sameLabels]}. */
    @Override
    public String toString() {
      return "unknown peer " + fields;
    }
  }
}
