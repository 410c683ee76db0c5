package dev.netpol.core.policy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.KubernetesNames;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy: which pods of its namespace it selects, which
 * directions it isolates, and the rules that admit connections.
 *
 * <pre>{@code
 * NetworkPolicy allow = NetworkPolicy.builder("default", "allow-frontend-to-backend")
 *     .podSelector(LabelSelector.matchLabels("app", "backend"))
 *     .policyTypes(PolicyType.INGRESS)
 *     .ingress(NetworkPolicyRule.builder()
 *         .peer(PodPeer.pods(LabelSelector.matchLabels("app", "frontend")))
 *         .port(NetworkPolicyPort.tcp(80))
 *         .build())
 *     .build();
 * allow.policyTypes();   // [Ingress]
 * }</pre>
 *
 * <p>The effective {@code policyTypes} follow the API defaults
 * (docs/semantics.md#effective-policytypes): written and
 * non-empty, they are used as written, and rules of a direction not listed are ignored; absent or
 * empty, they are {@code Ingress}, plus {@code Egress} only if there is at least one egress rule.
 * So {@code egress: []} without {@code policyTypes} does not isolate egress, while {@code
 * policyTypes: [Egress]} with no egress rule denies all egress.
 *
 * @param namespace the policy's namespace: it selects pods only there
 * @param name the policy's name
 * @param podSelector {@code spec.podSelector}; {@code {}} selects every pod of the namespace
 * @param declaredPolicyTypes {@code spec.policyTypes} as written, possibly empty
 * @param ingress {@code spec.ingress} as written
 * @param egress {@code spec.egress} as written
 */
public record NetworkPolicy(
    String namespace,
    String name,
    LabelSelector podSelector,
    ImmutableList<PolicyType> declaredPolicyTypes,
    ImmutableList<NetworkPolicyRule> ingress,
    ImmutableList<NetworkPolicyRule> egress) {

  /**
   * Validates names and {@code policyTypes}.
   *
   * @param namespace the namespace
   * @param name the name
   * @param podSelector the pod selector
   * @param declaredPolicyTypes the written policy types
   * @param ingress the ingress rules
   * @param egress the egress rules
   * @throws InvalidModelException naming every invalid field
   */
  public NetworkPolicy {
    List<Violation> violations = new ArrayList<>();
    KubernetesNames.checkDnsLabel(namespace)
        .ifPresent(m -> violations.add(new Violation("metadata.namespace", m)));
    KubernetesNames.checkDnsSubdomain(name)
        .ifPresent(m -> violations.add(new Violation("metadata.name", m)));
    Set<PolicyType> seen = EnumSet.noneOf(PolicyType.class);
    for (int i = 0; i < declaredPolicyTypes.size(); i++) {
      if (!seen.add(declaredPolicyTypes.get(i))) {
        violations.add(
            new Violation(
                "spec.policyTypes[" + i + "]",
                "duplicate value \"" + declaredPolicyTypes.get(i) + "\""));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("NetworkPolicy " + namespace + "/" + name, violations);
    }
  }

  /**
   * A new builder.
   *
   * @param namespace the policy's namespace
   * @param name the policy's name
   * @return a builder for a policy selecting every pod ({@code podSelector: {}}) with no rules
   */
  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /**
   * The effective policy types, after the API's defaulting
   * (docs/semantics.md#effective-policytypes).
   *
   * @return the directions this policy isolates the selected pods in
   */
  public ImmutableSet<PolicyType> policyTypes() {
    if (!declaredPolicyTypes.isEmpty()) {
      return ImmutableSet.copyOf(EnumSet.copyOf(declaredPolicyTypes));
    }
    return egress.isEmpty()
        ? ImmutableSet.of(PolicyType.INGRESS)
        : ImmutableSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
  }

  /**
   * Whether this policy selects a pod (docs/semantics.md#isolation): the pod lives in the
   * policy's namespace, its labels match {@code podSelector}, and it does not use the host network.
   * A selected pod is isolated in each direction of {@link #policyTypes()}.
   *
   * <pre>{@code
   * // podSelector: {app: backend} in namespace default
   * policy.selects(backendInDefault);          // true
   * policy.selects(backendInStaging);          // false: a policy never reaches across namespaces
   * policy.selects(hostNetworkBackend);        // false: hostNetwork pods are never selected
   * }</pre>
   *
   * <p>Host-network pods share their node's network namespace, which NetworkPolicy does not
   * govern, so even {@code podSelector: {}} leaves them unisolated.
   *
   * @param pod a pod of the cluster
   * @return true if the policy applies to the pod
   */
  public boolean selects(Pod pod) {
    return !pod.hostNetwork()
        && pod.namespace().equals(namespace)
        && podSelector.matches(pod.labels());
  }

  /**
   * Whether this policy isolates its selected pods in a direction.
   *
   * @param direction ingress or egress
   * @return true if the direction is among the effective policy types
   */
  public boolean isolates(PolicyType direction) {
    // policyTypes().contains(direction), without building the set: asked per policy and rule.
    if (!declaredPolicyTypes.isEmpty()) {
      return declaredPolicyTypes.contains(direction);
    }
    return direction == PolicyType.INGRESS || !egress.isEmpty();
  }

  /**
   * The rules that count for a direction: the written rules if the policy isolates that
   * direction, none otherwise (rules of a direction missing from a written {@code policyTypes} are
   * ignored, as by every conformant plugin).
   *
   * @param direction ingress or egress
   * @return the effective rules
   */
  public ImmutableList<NetworkPolicyRule> rules(PolicyType direction) {
    if (!isolates(direction)) {
      return ImmutableList.of();
    }
    return direction == PolicyType.INGRESS ? ingress : egress;
  }

  /**
   * Whether this policy has rules written for a direction it does not isolate: a sign of a
   * mistake, since those rules do nothing.
   *
   * @param direction ingress or egress
   * @return true if rules are written but ignored
   */
  public boolean ignoresWrittenRules(PolicyType direction) {
    List<NetworkPolicyRule> written = direction == PolicyType.INGRESS ? ingress : egress;
    return !written.isEmpty() && !isolates(direction);
  }

  /**
   * The policy's identity.
   *
   * @return {@code namespace/name}
   */
  public String id() {
    return namespace + "/" + name;
  }

  /** Returns {@code NetworkPolicy namespace/name}. */
  @Override
  public String toString() {
    return "NetworkPolicy " + id();
  }

  /** Builds a {@link NetworkPolicy}. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private LabelSelector podSelector = LabelSelector.everything();
    private final List<PolicyType> policyTypes = new ArrayList<>();
    private final List<NetworkPolicyRule> ingress = new ArrayList<>();
    private final List<NetworkPolicyRule> egress = new ArrayList<>();

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    /**
     * Sets {@code spec.podSelector}.
     *
     * @param podSelector the selector of the pods this policy applies to
     * @return this builder
     */
    public Builder podSelector(LabelSelector podSelector) {
      this.podSelector = podSelector;
      return this;
    }

    /**
     * Sets {@code spec.policyTypes} as written (replacing earlier calls).
     *
     * @param types the policy types; none for "absent"
     * @return this builder
     */
    public Builder policyTypes(PolicyType... types) {
      policyTypes.clear();
      policyTypes.addAll(Arrays.asList(types));
      return this;
    }

    /**
     * Adds an ingress rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder ingress(NetworkPolicyRule rule) {
      ingress.add(rule);
      return this;
    }

    /**
     * Adds an egress rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder egress(NetworkPolicyRule rule) {
      egress.add(rule);
      return this;
    }

    /**
     * Builds and validates the policy.
     *
     * @return the policy
     * @throws InvalidModelException naming every invalid field
     */
    public NetworkPolicy build() {
      return new NetworkPolicy(
          namespace,
          name,
          podSelector,
          ImmutableList.copyOf(policyTypes),
          ImmutableList.copyOf(ingress),
          ImmutableList.copyOf(egress));
    }
  }
}
