package dev.netpol.core.policy;

import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A peer chosen by a {@code podSelector}, a {@code namespaceSelector}, or both in one entry.
 *
 * <ul>
 *   <li>{@code podSelector} only: pods of the <em>policy's</em> namespace that match.
 *   <li>{@code namespaceSelector} only: every pod in every matching namespace ({@code {}}: every
 *       pod of the cluster, but no address outside it).
 *   <li>both: matching pods in matching namespaces (an AND).
 * </ul>
 *
 * <pre>{@code
 * PodPeer.pods(LabelSelector.matchLabels("app", "frontend"));
 * PodPeer.namespaces(LabelSelector.matchLabels("team", "ops"));
 * PodPeer.of(LabelSelector.matchLabels("app", "prometheus"),
 *            LabelSelector.matchLabels("kubernetes.io/metadata.name", "monitoring"));
 * }</pre>
 *
 * @param podSelector the {@code podSelector}, if the entry has one
 * @param namespaceSelector the {@code namespaceSelector}, if the entry has one
 */
public record PodPeer(
    Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector)
    implements NetworkPolicyPeer {

  /**
   * Checks that at least one selector is given.
   *
   * @param podSelector the pod selector
   * @param namespaceSelector the namespace selector
   */
  public PodPeer {
    if (podSelector.isEmpty() && namespaceSelector.isEmpty()) {
      throw new InvalidModelException(
          "NetworkPolicy peer",
          List.of(
              new Violation(
                  "",
                  "must specify at least one of podSelector, namespaceSelector or ipBlock")));
    }
  }

  /**
   * Pods of the policy's namespace matching a selector.
   *
   * @param podSelector the pod selector
   * @return the peer
   */
  public static PodPeer pods(LabelSelector podSelector) {
    return new PodPeer(Optional.of(podSelector), Optional.empty());
  }

  /**
   * Every pod in the matching namespaces.
   *
   * @param namespaceSelector the namespace selector
   * @return the peer
   */
  public static PodPeer namespaces(LabelSelector namespaceSelector) {
    return new PodPeer(Optional.empty(), Optional.of(namespaceSelector));
  }

  /**
   * Matching pods in matching namespaces (both selectors in one entry).
   *
   * @param podSelector the pod selector
   * @param namespaceSelector the namespace selector
   * @return the peer
   */
  public static PodPeer of(LabelSelector podSelector, LabelSelector namespaceSelector) {
    return new PodPeer(Optional.of(podSelector), Optional.of(namespaceSelector));
  }

  /**
   * Whether this entry admits a pod at the other end of a connection (docs/semantics.md#peers).
   * The namespace part must admit the pod's namespace ({@code namespaceSelector} matches its
   * labels; without one, the pod is in the policy's own namespace), the pod part its labels
   * ({@code podSelector} matches; without one, every pod), and the pod must not use the host
   * network: its traffic looks like its node's, which no selector matches.
   *
   * <pre>{@code
   * // in a policy of namespace "shop"
   * PodPeer.pods(matchLabels("app", "web")).admits("shop", webInShop, shop);       // true
   * PodPeer.pods(matchLabels("app", "web")).admits("shop", webInAds, ads);         // false
   * PodPeer.namespaces(LabelSelector.everything()).admits("shop", webInAds, ads);  // true
   * PodPeer.namespaces(LabelSelector.everything()).admits("shop", hostNetPod, ns); // false
   * }</pre>
   *
   * @param policyNamespace the namespace of the policy holding this entry
   * @param pod the pod at the other end
   * @param podNamespace the pod's namespace object, whose labels a {@code namespaceSelector} sees
   * @return true if the entry admits the pod
   */
  public boolean admits(String policyNamespace, Pod pod, Namespace podNamespace) {
    return !pod.hostNetwork()
        && admitsNamespace(policyNamespace, podNamespace)
        && podSelector.map(s -> s.matches(pod.labels())).orElse(true);
  }

  private boolean admitsNamespace(String policyNamespace, Namespace podNamespace) {
    return namespaceSelector
        .map(s -> s.matches(podNamespace.labels()))
        .orElse(podNamespace.name().equals(policyNamespace));
  }

  /** {@return false: selectors match pods only, never an address outside the cluster} */
  @Override
  public boolean admitsOutside(IpAddress address) {
    return false;
  }

  /** {@return false: selectors match pods only, never a DNS name} */
  @Override
  public boolean admitsName(String name) {
    return false;
  }

  /** {@return no address: selectors match pods only} */
  @Override
  public ImmutableRangeSet<IpAddress> outsideAddresses() {
    return ImmutableRangeSet.of();
  }

  /**
   * Returns the entry in YAML-like flow form, e.g. {@code {namespaceSelector: {}, podSelector:
   * k8s-app=kube-dns}}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    namespaceSelector.ifPresent(s -> sb.append("namespaceSelector: ").append(s));
    if (namespaceSelector.isPresent() && podSelector.isPresent()) {
      sb.append(", ");
    }
    podSelector.ifPresent(s -> sb.append("podSelector: ").append(s));
    return sb.append("}").toString();
  }
}
