package dev.netpol.core.policy;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * A cluster-scoped policy: a {@code ClusterNetworkPolicy} ({@code
 * policy.networking.k8s.io/v1alpha2}), an {@code AdminNetworkPolicy} or the {@code
 * BaselineAdminNetworkPolicy} ({@code v1alpha1}), all mapped onto one tiered model
 * (docs/cluster-policies.md): an AdminNetworkPolicy is Admin tier, the BaselineAdminNetworkPolicy
 * Baseline tier, and the kind and API version are kept as written for explanations.
 *
 * <pre>{@code
 * ClusterPolicy p = ClusterPolicy.builder("ClusterNetworkPolicy", "tenant-isolation")
 *     .tier(Tier.ADMIN).priority(10)
 *     .subject(ClusterSubject.namespaces(LabelSelector.parse("tenant")))
 *     .ingress(ClusterRule.builder(ClusterRuleAction.DENY, "Deny")
 *         .peer(new ClusterPeer.Namespaces(LabelSelector.parse("tenant notin (a)"))).build())
 *     .build();
 * }</pre>
 *
 * <p>Unlike a NetworkPolicy, a cluster-scoped policy never isolates a pod: a connection no rule
 * matches falls through to the next layer.
 *
 * @param kind the kind as written, e.g. {@code ClusterNetworkPolicy}
 * @param apiVersion the API version as written, e.g. {@code policy.networking.k8s.io/v1alpha2}
 * @param name the object name
 * @param tier the tier
 * @param priority the priority, 0..1000; lower numbers are consulted first
 * @param subject the pods it applies to
 * @param ingress the ingress rules, in order
 * @param egress the egress rules, in order
 */
public record ClusterPolicy(
    String kind,
    String apiVersion,
    String name,
    Tier tier,
    int priority,
    ClusterSubject subject,
    ImmutableList<ClusterRule> ingress,
    ImmutableList<ClusterRule> egress) {

  /** The API version of ClusterNetworkPolicy. */
  public static final String V1ALPHA2 = "policy.networking.k8s.io/v1alpha2";

  /** The API version of AdminNetworkPolicy and BaselineAdminNetworkPolicy. */
  public static final String V1ALPHA1 = "policy.networking.k8s.io/v1alpha1";

  /**
   * The order in which policies of one tier are consulted: ascending priority, then, for policies
   * of equal priority (an order the API leaves undefined), by name and then kind, so that answers
   * never depend on file order (docs/cluster-policies.md#ties).
   */
  public static final Comparator<ClusterPolicy> ORDER =
      Comparator.comparingInt(ClusterPolicy::priority)
          .thenComparing(ClusterPolicy::name)
          .thenComparing(ClusterPolicy::kind);

  /**
   * Checks the priority range.
   *
   * @param kind the kind
   * @param apiVersion the API version
   * @param name the name
   * @param tier the tier
   * @param priority the priority
   * @param subject the subject
   * @param ingress the ingress rules
   * @param egress the egress rules
   */
  public ClusterPolicy {
    Preconditions.checkArgument(
        0 <= priority && priority <= 1000,
        "expected a priority in 0..1000, found %s",
        priority);
  }

  /**
   * A builder; the API version is v1alpha2 for {@code ClusterNetworkPolicy}, else v1alpha1, and
   * the tier follows the kind (Admin unless it is {@code BaselineAdminNetworkPolicy}).
   *
   * @param kind the kind as written
   * @param name the name
   * @return a builder with priority 0, a subject of every namespace and no rule
   */
  public static Builder builder(String kind, String name) {
    return new Builder(kind, name);
  }

  /**
   * Whether the policy applies to a pod: never a host-network pod.
   *
   * @param pod the pod
   * @param namespaceLabels its namespace's labels
   * @return true if its subject selects the pod
   */
  public boolean selects(Pod pod, Labels namespaceLabels) {
    return subject.selects(pod, namespaceLabels);
  }

  /**
   * The rules of one direction.
   *
   * @param direction ingress or egress
   * @return the rules, in order
   */
  public ImmutableList<ClusterRule> rules(PolicyType direction) {
    return direction == PolicyType.INGRESS ? ingress : egress;
  }

  /**
   * Whether a pod's connection to its own pod address is outside this policy: true for
   * ClusterNetworkPolicy (v1alpha2 says so), false for v1alpha1 kinds.
   *
   * @return true if hairpin traffic is exempt
   */
  public boolean exemptsHairpin() {
    return V1ALPHA2.equals(apiVersion);
  }

  /**
   * Whether two policies are of one tier at the same priority, so that their order is undefined
   * by the API (only relevant where both select a pod).
   *
   * @param other another policy
   * @return true if they tie
   */
  public boolean tiesWith(ClusterPolicy other) {
    return !equals(other) && tier == other.tier && priority == other.priority;
  }

  /**
   * Whether any two of some policies tie ({@link #tiesWith}): a quick test before looking for
   * answers that depend on an order the API leaves undefined (docs/cluster-policies.md#ties).
   *
   * @param policies the policies, e.g. {@code cluster.clusterPolicies()}
   * @return true if two share a tier and a priority
   */
  public static boolean anyTie(List<ClusterPolicy> policies) {
    for (int i = 0; i < policies.size(); i++) {
      for (int j = i + 1; j < policies.size(); j++) {
        if (policies.get(i).tiesWith(policies.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns e.g. {@code ClusterNetworkPolicy tenant-isolation (Admin, priority 10)}. */
  @Override
  public String toString() {
    return kind + " " + name + " (" + tier + ", priority " + priority + ")";
  }

  /** Builds a {@link ClusterPolicy}. */
  public static final class Builder {
    private final String kind;
    private final String name;
    private String apiVersion;
    private Tier tier;
    private int priority;
    private ClusterSubject subject =
        ClusterSubject.namespaces(dev.netpol.core.model.LabelSelector.everything());
    private final ImmutableList.Builder<ClusterRule> ingress = ImmutableList.builder();
    private final ImmutableList.Builder<ClusterRule> egress = ImmutableList.builder();

    private Builder(String kind, String name) {
      this.kind = kind;
      this.name = name;
      this.apiVersion = "ClusterNetworkPolicy".equals(kind) ? V1ALPHA2 : V1ALPHA1;
      this.tier = "BaselineAdminNetworkPolicy".equals(kind) ? Tier.BASELINE : Tier.ADMIN;
    }

    /**
     * Sets the API version as written.
     *
     * @param apiVersion the API version
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Sets the tier.
     *
     * @param tier the tier
     * @return this builder
     */
    public Builder tier(Tier tier) {
      this.tier = tier;
      return this;
    }

    /**
     * Sets the priority.
     *
     * @param priority 0..1000
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Sets the subject.
     *
     * @param subject the subject
     * @return this builder
     */
    public Builder subject(ClusterSubject subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Appends an ingress rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder ingress(ClusterRule rule) {
      ingress.add(rule);
      return this;
    }

    /**
     * Appends an egress rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder egress(ClusterRule rule) {
      egress.add(rule);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public ClusterPolicy build() {
      return new ClusterPolicy(
          kind, apiVersion, name, tier, priority, subject, ingress.build(), egress.build());
    }
  }
}
