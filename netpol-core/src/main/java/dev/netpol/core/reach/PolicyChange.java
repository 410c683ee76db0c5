package dev.netpol.core.reach;

import com.google.common.base.Preconditions;
import dev.netpol.core.Cluster;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.NetworkPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One edit of a cluster's policies, as {@code kubectl apply} or {@code kubectl delete} would make
 * it: add, replace or remove one NetworkPolicy or one cluster-scoped policy
 * (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy). A change is a value;
 * {@link ReachabilityMatrix#apply} asks what it does (docs/what-if.md#changes).
 *
 * <pre>{@code
 * PolicyChange.add(allowFrontend);                       // a NetworkPolicy not there yet
 * PolicyChange.replace(allowFrontendV2);                 // same namespace/name, new spec
 * PolicyChange.removeNetworkPolicy("default/allow-frontend");
 * PolicyChange.add(tenantIsolation);                     // a ClusterPolicy
 * PolicyChange.removeClusterPolicy("AdminNetworkPolicy", "tenant-isolation");
 * }</pre>
 *
 * <p>A NetworkPolicy is named by {@code namespace/name}; a cluster-scoped policy by its kind and
 * name, as the API server keys them (an AdminNetworkPolicy and a ClusterNetworkPolicy may share a
 * name).
 */
public final class PolicyChange {
  /** What a change does. */
  public enum Kind {
    /** Adds a policy that the cluster does not have. */
    ADD,
    /** Replaces the policy of the same identity with a new version. */
    REPLACE,
    /** Removes a policy the cluster has. */
    REMOVE
  }

  private final Kind kind;
  private final @Nullable NetworkPolicy networkPolicy;
  private final @Nullable ClusterPolicy clusterPolicy;
  /** {@code namespace/name} of a NetworkPolicy, or {@code kind/name} of a cluster policy. */
  private final String target;
  private final boolean clusterScoped;

  private PolicyChange(
      Kind kind,
      @Nullable NetworkPolicy networkPolicy,
      @Nullable ClusterPolicy clusterPolicy,
      String target,
      boolean clusterScoped) {
    this.kind = kind;
    this.networkPolicy = networkPolicy;
    this.clusterPolicy = clusterPolicy;
    this.target = target;
    this.clusterScoped = clusterScoped;
  }

  /**
   * Adds a NetworkPolicy that the cluster does not have yet.
   *
   * @param policy the new policy
   * @return the change
   */
  public static PolicyChange add(NetworkPolicy policy) {
    return new PolicyChange(Kind.ADD, Objects.requireNonNull(policy), null, policy.id(), false);
  }

  /**
   * Replaces the NetworkPolicy of the same {@code namespace/name} with this version.
   *
   * @param policy the new version
   * @return the change
   */
  public static PolicyChange replace(NetworkPolicy policy) {
    return new PolicyChange(
        Kind.REPLACE, Objects.requireNonNull(policy), null, policy.id(), false);
  }

  /**
   * Removes a NetworkPolicy.
   *
   * @param id {@code namespace/name}, e.g. {@code default/allow-frontend}
   * @return the change
   * @throws IllegalArgumentException if {@code id} is not of the form {@code namespace/name}
   */
  public static PolicyChange removeNetworkPolicy(String id) {
    Preconditions.checkArgument(
        id.indexOf('/') > 0 && id.indexOf('/') == id.lastIndexOf('/') && !id.endsWith("/"),
        "expected a NetworkPolicy as namespace/name, found \"%s\"",
        id);
    return new PolicyChange(Kind.REMOVE, null, null, id, false);
  }

  /**
   * Adds a cluster-scoped policy that the cluster does not have yet.
   *
   * @param policy the new policy
   * @return the change
   */
  public static PolicyChange add(ClusterPolicy policy) {
    return new PolicyChange(Kind.ADD, null, Objects.requireNonNull(policy), key(policy), true);
  }

  /**
   * Replaces the cluster-scoped policy of the same kind and name with this version (its tier,
   * priority, subject and rules may all differ).
   *
   * @param policy the new version
   * @return the change
   */
  public static PolicyChange replace(ClusterPolicy policy) {
    return new PolicyChange(
        Kind.REPLACE, null, Objects.requireNonNull(policy), key(policy), true);
  }

  /**
   * Removes a cluster-scoped policy.
   *
   * @param kind e.g. {@code ClusterNetworkPolicy}, {@code AdminNetworkPolicy}
   * @param name the object name
   * @return the change
   */
  public static PolicyChange removeClusterPolicy(String kind, String name) {
    return new PolicyChange(Kind.REMOVE, null, null, kind + "/" + name, true);
  }

  private static String key(ClusterPolicy p) {
    return p.kind() + "/" + p.name();
  }

  /**
   * What the change does.
   *
   * @return add, replace or remove
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether the change is of a cluster-scoped policy rather than a NetworkPolicy.
   *
   * @return true for ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy
   */
  public boolean clusterScoped() {
    return clusterScoped;
  }

  /**
   * The identity of the policy changed: {@code namespace/name} of a NetworkPolicy, {@code
   * kind/name} of a cluster-scoped policy.
   *
   * @return e.g. {@code default/allow-frontend} or {@code AdminNetworkPolicy/tenant-isolation}
   */
  public String target() {
    return target;
  }

  /**
   * The NetworkPolicy added or put in place, if this change adds or replaces one.
   *
   * @return the new policy; empty for a removal or a cluster-scoped change
   */
  public Optional<NetworkPolicy> networkPolicy() {
    return Optional.ofNullable(networkPolicy);
  }

  /**
   * The cluster-scoped policy added or put in place, if this change adds or replaces one.
   *
   * @return the new policy; empty for a removal or a NetworkPolicy change
   */
  public Optional<ClusterPolicy> clusterPolicy() {
    return Optional.ofNullable(clusterPolicy);
  }

  /**
   * The cluster with this change made; everything else (pods, namespaces, Services, the other
   * policies) stays as it is.
   *
   * @param cluster the cluster before
   * @return the cluster after
   * @throws IllegalArgumentException if a removed or replaced policy is not in the cluster (the
   *     message names it and the nearest names that are), or an added one already is
   */
  public Cluster applyTo(Cluster cluster) {
    boolean present = clusterScoped ? clusterPolicyOf(cluster).isPresent()
        : networkPolicyOf(cluster).isPresent();
    if (kind == Kind.ADD) {
      Preconditions.checkArgument(
          !present,
          "%s %s is already in the cluster: use PolicyChange.replace to change it",
          kindName(),
          target);
    } else if (!present) {
      throw new IllegalArgumentException(missing(cluster));
    }
    if (clusterScoped) {
      if (clusterPolicy != null) {
        return cluster.withClusterPolicy(clusterPolicy);
      }
      String[] kindAndName = target.split("/", 2);
      return cluster.withoutClusterPolicy(kindAndName[0], kindAndName[1]);
    }
    return networkPolicy != null ? cluster.withPolicy(networkPolicy)
        : cluster.withoutPolicy(target);
  }

  /** The policy this change names, in a cluster, for a cluster-scoped change. */
  Optional<ClusterPolicy> clusterPolicyOf(Cluster cluster) {
    return cluster.clusterPolicies().stream().filter(p -> key(p).equals(target)).findFirst();
  }

  /** The policy this change names, in a cluster, for a NetworkPolicy change. */
  Optional<NetworkPolicy> networkPolicyOf(Cluster cluster) {
    int slash = target.indexOf('/');
    String namespace = target.substring(0, slash);
    String name = target.substring(slash + 1);
    for (NetworkPolicy p : cluster.policies()) {
      if (p.name().equals(name) && p.namespace().equals(namespace)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private String kindName() {
    return clusterScoped ? "cluster-scoped policy" : "NetworkPolicy";
  }

  /** "cannot remove NetworkPolicy default/x: the cluster has no such policy; nearest: ..." */
  private String missing(Cluster cluster) {
    List<String> names = clusterScoped
        ? cluster.clusterPolicies().stream().map(PolicyChange::key).collect(Collectors.toList())
        : cluster.policies().stream().map(NetworkPolicy::id).collect(Collectors.toList());
    List<String> near = names.stream()
        .sorted(java.util.Comparator.comparingInt((String n) -> Suggestions.distance(target, n))
            .thenComparing(n -> n))
        .limit(3)
        .collect(Collectors.toList());
    return "cannot "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + kindName()
        + " "
        + target
        + ": the cluster has no such policy"
        + (near.isEmpty() ? "" : "; nearest: " + String.join(", ", near))
        + (kind == Kind.REPLACE ? " (use PolicyChange.add for a new policy)" : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyChange c
        && kind == c.kind
        && clusterScoped == c.clusterScoped
        && target.equals(c.target)
        && Objects.equals(networkPolicy, c.networkPolicy)
        && Objects.equals(clusterPolicy, c.clusterPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, clusterScoped, target, networkPolicy, clusterPolicy);
  }

  /** Returns e.g. {@code add NetworkPolicy default/allow-frontend}. */
  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + kindName() + " " + target;
  }
}
