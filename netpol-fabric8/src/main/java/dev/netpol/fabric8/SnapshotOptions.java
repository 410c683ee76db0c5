package dev.netpol.fabric8;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSortedSet;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.model.KubernetesNames;
import java.util.Optional;

/**
 * What {@link Fabric8#snapshot(io.fabric8.kubernetes.client.KubernetesClient, SnapshotOptions)}
 * reads. The defaults read everything netpol uses in every namespace.
 *
 * <pre>{@code
 * SnapshotOptions options = SnapshotOptions.builder()
 *     .namespaces("shop", "payments")     // Pods, workloads, Services and policies of these
 *     .labelSelector("team=web")          // Pods, workloads and Services with these labels
 *     .clusterScopedPolicies(false)       // do not list policy.networking.k8s.io kinds
 *     .pageSize(200)                      // objects per list request
 *     .build();
 * }</pre>
 *
 * <p>Whatever the options, Namespaces are all read (a policy selects namespaces by their labels)
 * and NetworkPolicies are never filtered by label: leaving out a policy would change answers
 * about the pods that were read, leaving out pods does not.
 */
public final class SnapshotOptions {
  private static final SnapshotOptions DEFAULTS = builder().build();

  private final ImmutableSortedSet<String> namespaces;
  private final Optional<String> labelSelector;
  private final boolean clusterScopedPolicies;
  private final int pageSize;
  private final Optional<ManifestLoader> loader;

  private SnapshotOptions(Builder b) {
    this.namespaces = ImmutableSortedSet.copyOf(b.namespaces.build());
    this.labelSelector = b.labelSelector;
    this.clusterScopedPolicies = b.clusterScopedPolicies;
    this.pageSize = b.pageSize;
    this.loader = b.loader;
  }

  /**
   * Every default: all namespaces, no label selector, cluster-scoped policies read, 500 objects
   * per page, the loader's defaults with one DaemonSet pod per Node.
   *
   * @return the options
   */
  public static SnapshotOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder, starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The namespaces whose namespaced objects are read.
   *
   * @return the namespaces; empty means all
   */
  public ImmutableSortedSet<String> namespaces() {
    return namespaces;
  }

  /**
   * The label selector for Pods, workloads and Services.
   *
   * @return the selector in kubectl {@code -l} syntax, or empty for none
   */
  public Optional<String> labelSelector() {
    return labelSelector;
  }

  /**
   * Whether AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy are listed.
   *
   * @return true by default
   */
  public boolean clusterScopedPolicies() {
    return clusterScopedPolicies;
  }

  /**
   * The most objects asked for in one list request ({@code limit}); the rest follow page by page
   * with the {@code continue} token the API server returns.
   *
   * @return 500 by default
   */
  public int pageSize() {
    return pageSize;
  }

  /**
   * The loader the objects read are given to.
   *
   * @return the loader, or empty for the defaults with {@code daemonSetNodes} set to the number of
   *     Nodes read
   */
  public Optional<ManifestLoader> loader() {
    return loader;
  }

  /** Returns the options in builder syntax. */
  @Override
  public String toString() {
    return "SnapshotOptions[namespaces="
        + (namespaces.isEmpty() ? "all" : namespaces)
        + ", labelSelector="
        + labelSelector.orElse("none")
        + ", clusterScopedPolicies="
        + clusterScopedPolicies
        + ", pageSize="
        + pageSize
        + "]";
  }

  /** Builds {@link SnapshotOptions}. */
  public static final class Builder {
    private final ImmutableSortedSet.Builder<String> namespaces = ImmutableSortedSet.naturalOrder();
    private Optional<String> labelSelector = Optional.empty();
    private boolean clusterScopedPolicies = true;
    private int pageSize = 500;
    private Optional<ManifestLoader> loader = Optional.empty();

    private Builder() {}

    /**
     * Reads the namespaced objects of these namespaces only (one list request per namespace and
     * kind, which a Role in each namespace can allow). Answers about traffic between pods of
     * these namespaces are exact; pods of other namespaces are not in the cluster.
     *
     * @param names namespace names, e.g. {@code "shop"}
     * @return this builder
     * @throws IllegalArgumentException if a name is not a valid namespace name
     */
    public Builder namespaces(String... names) {
      for (String name : names) {
        Optional<String> problem = KubernetesNames.checkDnsLabel(name);
        Preconditions.checkArgument(
            problem.isEmpty(), "namespace \"%s\": %s", name, problem.orElse(""));
        namespaces.add(name);
      }
      return this;
    }

    /**
     * Reads only the Pods, workloads and Services with these labels (kubectl {@code -l} syntax,
     * sent to the API server as is). Namespaces, Nodes and policies are always all read.
     *
     * @param selector e.g. {@code "app in (web,api)"}
     * @return this builder
     * @throws IllegalArgumentException if it is empty
     */
    public Builder labelSelector(String selector) {
      Preconditions.checkArgument(!selector.isBlank(), "labelSelector must not be blank");
      this.labelSelector = Optional.of(selector);
      return this;
    }

    /**
     * Whether to list the cluster-scoped policies of {@code policy.networking.k8s.io}
     * (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). A kind the cluster
     * does not serve is skipped and reported. Turn this off only for a cluster you know has none:
     * they can deny what NetworkPolicies allow.
     *
     * @param read default true
     * @return this builder
     */
    public Builder clusterScopedPolicies(boolean read) {
      this.clusterScopedPolicies = read;
      return this;
    }

    /**
     * The most objects asked for in one list request.
     *
     * @param objects at least 1; default 500
     * @return this builder
     */
    public Builder pageSize(int objects) {
      Preconditions.checkArgument(objects >= 1, "pageSize must be at least 1, found %s", objects);
      this.pageSize = objects;
      return this;
    }

    /**
     * The loader to give the objects to (pod CIDR, system pods, limits). Without one, the
     * loader's defaults are used with one DaemonSet pod per Node read.
     *
     * @param manifestLoader the loader
     * @return this builder
     */
    public Builder loader(ManifestLoader manifestLoader) {
      this.loader = Optional.of(Preconditions.checkNotNull(manifestLoader, "loader"));
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SnapshotOptions build() {
      return new SnapshotOptions(this);
    }
  }
}
