package dev.netpol.core.policy;

import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.model.IpAddress;

/**
 * One entry of a rule's {@code from} or {@code to} list: either pods chosen by selectors ({@link
 * PodPeer}) or addresses ({@link IpBlockPeer}).
 *
 * <p>Entries of one list are ORed; the selectors inside one {@link PodPeer} are ANDed. The YAML
 * of the two differs by one {@code -}, the most common real mistake (docs/semantics.md#peers).
 *
 * <p>Toward a pod, each kind has its own question ({@link PodPeer#admits(String,
 * dev.netpol.core.model.Pod, dev.netpol.core.model.Namespace)}, {@link IpBlockPeer#admits(
 * dev.netpol.core.model.Pod, int, EvaluationOptions)}); toward an address outside the cluster's
 * pods both answer here, where selectors never match:
 *
 * <pre>{@code
 * IpAddress google = IpAddress.parse("8.8.8.8");
 * PodPeer.namespaces(LabelSelector.everything()).admitsOutside(google);   // false
 * IpBlockPeer.of(Cidr.parse("0.0.0.0/0")).admitsOutside(google);          // true
 * }</pre>
 */
public sealed interface NetworkPolicyPeer permits PodPeer, IpBlockPeer {

  /**
   * Whether this entry admits an address outside the cluster's pods: an {@code ipBlock} if the
   * address is in it and in none of its exceptions, a selector entry never (even {@code
   * namespaceSelector: {}} means "every pod", not "everywhere").
   *
   * @param address an address that belongs to no pod of the cluster
   * @return true if the entry admits it
   */
  boolean admitsOutside(IpAddress address);

  /**
   * Every address outside the cluster's pods this entry admits, as closed ranges: {@link
   * #admitsOutside(IpAddress)} as a set.
   *
   * @return the block minus its exceptions, or nothing for a selector entry
   */
  ImmutableRangeSet<IpAddress> outsideAddresses();

  /**
   * Whether this entry admits a DNS name destination ({@code Endpoint.domain(...)}), whose
   * address netpol does not know (docs/cluster-policies.md#domain-names): a selector entry never;
   * an {@code ipBlock} only if it holds every IPv4 address ({@code 0.0.0.0/0} without {@code
   * except}), and so whatever the name resolves to.
   *
   * <pre>{@code
   * IpBlockPeer.of(Cidr.parse("0.0.0.0/0")).admitsName("api.example.com");                // true
   * IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8")).admitsName("...");  // false
   * }</pre>
   *
   * @param name a DNS name, e.g. {@code api.example.com}
   * @return true if the entry surely admits it
   */
  boolean admitsName(String name);
}
