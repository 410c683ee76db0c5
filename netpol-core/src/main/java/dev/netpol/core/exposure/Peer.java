package dev.netpol.core.exposure;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.ImmutableSortedSet;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.IpAddress;

/**
 * The other end of the connections an exposure lists: who may connect in, or where a workload
 * may connect out. Pods are named as a reviewer names them, the widest way that is still exact:
 *
 * <ul>
 *   <li>{@link AnyPod}: every pod of the cluster ({@code namespaceSelector: {}}, or no policy);
 *   <li>{@link Namespaces}: every pod of the namespaces named (and no other pod of theirs is left
 *       out);
 *   <li>{@link Workloads}: some pods of other namespaces, named by workload;
 *   <li>{@link Outside}: addresses outside the cluster, an exact set printed as CIDR blocks.
 * </ul>
 *
 * <p>"Every pod" means every pod of the loaded manifests: a selector that would also admit pods
 * of a namespace you did not load is judged by the pods it admits here.
 */
public sealed interface Peer permits Peer.AnyPod, Peer.Namespaces, Peer.Workloads, Peer.Outside {

  /**
   * How wide this peer is: the key exposures are ordered by.
   *
   * @return the breadth
   */
  Breadth breadth();

  /**
   * Every pod of the cluster, in every namespace.
   *
   * <pre>{@code
   * ingress:
   * - from:
   *   - namespaceSelector: {}   # any pod of any namespace
   * }</pre>
   */
  record AnyPod() implements Peer {
    @Override
    public Breadth breadth() {
      return Breadth.ANY_NAMESPACE;
    }

    /** Returns {@code any pod of any namespace}. */
    @Override
    public String toString() {
      return "any pod of any namespace";
    }
  }

  /**
   * Every pod of some namespaces.
   *
   * @param names the namespaces, sorted; never empty
   */
  record Namespaces(ImmutableSortedSet<String> names) implements Peer {
    /**
     * Checks there is a namespace.
     *
     * @param names the namespaces
     */
    public Namespaces {
      Preconditions.checkArgument(!names.isEmpty(), "expected at least one namespace");
    }

    @Override
    public Breadth breadth() {
      return Breadth.NAMESPACES;
    }

    /** Returns e.g. {@code all pods of namespaces monitoring, shop}. */
    @Override
    public String toString() {
      return "all pods of namespace" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
    }
  }

  /**
   * Some pods, named by the workload they belong to ({@code namespace/name}; a pod that belongs to
   * no workload by its own id).
   *
   * @param ids the workloads with at least one pod in the set, sorted; never empty
   * @param partly those of {@code ids} with only some of their pods in the set
   */
  record Workloads(ImmutableSortedSet<String> ids, ImmutableSortedSet<String> partly)
      implements Peer {
    /**
     * Checks there is a workload and {@code partly} is a subset of {@code ids}.
     *
     * @param ids the workloads
     * @param partly the workloads not wholly in the set
     */
    public Workloads {
      Preconditions.checkArgument(!ids.isEmpty(), "expected at least one workload");
      Preconditions.checkArgument(ids.containsAll(partly), "partly must be among ids");
    }

    @Override
    public Breadth breadth() {
      return Breadth.PODS;
    }

    /** Returns e.g. {@code pods of shop/api, shop/web (some pods)}. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("pods of ");
      String sep = "";
      for (String id : ids) {
        out.append(sep).append(id).append(partly.contains(id) ? " (some pods)" : "");
        sep = ", ";
      }
      return out.toString();
    }
  }

  /**
   * Addresses outside the cluster, IPv4 and IPv6, as the policies admit them: a {@code cidr} minus
   * its {@code except}s, or every address when no policy isolates the pods. Addresses of the
   * cluster's own pods are not removed (pods are judged as pods).
   *
   * @param addresses a non-empty set of closed ranges, neighbours joined
   */
  record Outside(ImmutableRangeSet<IpAddress> addresses) implements Peer {
    /**
     * Puts the set in its canonical form, so equal sets are equal.
     *
     * @param addresses the addresses
     */
    public Outside {
      addresses = AddressRanges.closed(addresses);
      Preconditions.checkArgument(!addresses.isEmpty(), "expected at least one address");
    }

    @Override
    public Breadth breadth() {
      return Breadth.OUTSIDE;
    }

    /** Returns e.g. {@code outside the cluster: 0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, ...}. */
    @Override
    public String toString() {
      return "outside the cluster: " + AddressRanges.format(addresses);
    }
  }
}
