package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.netpol.core.internal.Suggestions;
import java.util.List;
import java.util.Optional;

/**
 * Kinds netpol refuses rather than skips (docs/semantics.md#what-netpol-refuses-and-why): policy
 * kinds it recognises but does not evaluate (ignoring one would make answers wrong: an ignored
 * deny is an allow), and kinds the API server would refuse in a group whose objects can change
 * an answer ({@code kind: networkpolicy}, a Pod in {@code apps/v1}).
 */
final class Refusals {
  private Refusals() {}

  private static final String REMOVE =
      ": not supported, and ignoring it would make answers wrong; remove it from the input to"
          + " analyse the Kubernetes NetworkPolicies (networking.k8s.io/v1) alone";

  /** The API group of the network-policy-api project's cluster-scoped policies. */
  private static final String POLICY_API_GROUP = "policy.networking.k8s.io";

  /**
   * The policy kinds of each network plugin's API groups, refused by exact name; a near miss in
   * these groups (a typo, a plural) is refused as an unknown kind.
   */
  private static final ImmutableMap<String, ImmutableSet<String>> VENDOR_POLICIES =
      ImmutableMap.<String, ImmutableSet<String>>builder()
          .put(
              "projectcalico.org",
              ImmutableSet.of(
                  "NetworkPolicy",
                  "GlobalNetworkPolicy",
                  "StagedNetworkPolicy",
                  "StagedGlobalNetworkPolicy"))
          .put(
              "crd.projectcalico.org",
              ImmutableSet.of(
                  "NetworkPolicy",
                  "GlobalNetworkPolicy",
                  "StagedNetworkPolicy",
                  "StagedGlobalNetworkPolicy"))
          .put(
              "cilium.io",
              ImmutableSet.of("CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"))
          .put("crd.antrea.io", ImmutableSet.of("NetworkPolicy", "ClusterNetworkPolicy"))
          .put("security.antrea.io", ImmutableSet.of("NetworkPolicy", "ClusterNetworkPolicy"))
          .put(
              "k8s.ovn.org",
              ImmutableSet.of("EgressFirewall", "UserDefinedNetwork", "ClusterUserDefinedNetwork"))
          .put("network.openshift.io", ImmutableSet.of("EgressNetworkPolicy"))
          .put("networking.gke.io", ImmutableSet.of("FQDNNetworkPolicy"))
          .put(
              POLICY_API_GROUP,
              ImmutableSet.of(
                  "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"))
          .build();

  /**
   * Why a policy kind netpol does not evaluate is refused, or empty if the kind is not one.
   *
   * @param kind the object's kind
   * @param apiVersion the object's apiVersion
   */
  static Optional<String> refusal(String kind, String apiVersion) {
    String group = ApiKinds.group(apiVersion);
    String what = kind + " (" + apiVersion + ")";
    switch (group) {
      case "projectcalico.org", "crd.projectcalico.org" -> {
        return vendorPolicy(group, kind) ? Optional.of(calicoMessage(what)) : Optional.empty();
      }
      case "cilium.io" -> {
        return vendorPolicy(group, kind) ? Optional.of(ciliumMessage(what)) : Optional.empty();
      }
      case "crd.antrea.io", "security.antrea.io" -> {
        return vendorPolicy(group, kind)
            ? Optional.of(
                what
                    + " is an Antrea-native policy, a custom resource of the Antrea network plugin"
                    + " enforced only by Antrea, with its own semantics (tiers, priorities,"
                    + " Allow/Drop/Reject/Pass actions)"
                    + REMOVE)
            : Optional.empty();
      }
      case "k8s.ovn.org" -> {
        if (kind.equals("EgressFirewall")) {
          return Optional.of(
              what
                  + " is an egress firewall of the OVN-Kubernetes network plugin, which allows or"
                  + " denies a namespace's egress to CIDRs and DNS names on top of NetworkPolicies"
                  + REMOVE);
        }
        return vendorPolicy(group, kind)
            ? Optional.of(
                what
                    + " is a user-defined network of the OVN-Kubernetes network plugin, which"
                    + " separates the pods of its namespaces from the rest of the cluster"
                    + REMOVE)
            : Optional.empty();
      }
      case "network.openshift.io" -> {
        return vendorPolicy(group, kind)
            ? Optional.of(
                what
                    + " is an egress firewall of OpenShift SDN, which allows or denies a"
                    + " namespace's egress to CIDRs and DNS names on top of NetworkPolicies"
                    + REMOVE)
            : Optional.empty();
      }
      case "networking.gke.io" -> {
        return vendorPolicy(group, kind)
            ? Optional.of(
                what
                    + " is a GKE policy that allows egress to DNS names and isolates the egress of"
                    + " the pods it selects, enforced only by GKE Dataplane V2"
                    + REMOVE)
            : Optional.empty();
      }
      default -> {
        return policyApiOrLegacyCalico(kind, apiVersion, group);
      }
    }
  }

  /**
   * The network-policy-api kinds (refused under any group other than a plugin's, as before) and
   * Calico kinds written without a group.
   */
  private static Optional<String> policyApiOrLegacyCalico(
      String kind, String apiVersion, String group) {
    String what = kind + " (" + apiVersion + ")";
    switch (kind) {
      case "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy" -> {
        if (ClusterPolicyDecoder.reads(kind, apiVersion)) {
          return Optional.empty();
        }
        String served =
            POLICY_API_GROUP + (kind.equals("ClusterNetworkPolicy") ? "/v1alpha2" : "/v1alpha1");
        if (group.equals(POLICY_API_GROUP)) {
          return Optional.of(
              what
                  + ": netpol reads "
                  + kind
                  + " in apiVersion "
                  + served
                  + " only (docs/cluster-policies.md); write apiVersion: "
                  + served);
        }
        return Optional.of(
            what
                + " is a cluster-wide policy of the Kubernetes network-policy-api project, which"
                + " takes precedence over or backs up NetworkPolicies: not supported yet, and"
                + " ignoring it would make answers wrong; remove it from the input to analyse the"
                + " NetworkPolicies alone");
      }
      case "GlobalNetworkPolicy", "StagedGlobalNetworkPolicy", "StagedNetworkPolicy" -> {
        return group.isEmpty() ? Optional.of(calicoMessage(what)) : Optional.empty();
      }
      case "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy" -> {
        return Optional.of(ciliumMessage(what));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static boolean vendorPolicy(String group, String kind) {
    return VENDOR_POLICIES.getOrDefault(group, ImmutableSet.of()).contains(kind);
  }

  /**
   * Why a kind is refused as unknown, or empty if it is not: in the Kubernetes groups that can
   * change an answer, every kind the API server does not serve at that apiVersion; in the
   * network-policy-api group, every kind but its policies; in a network plugin's policy group, a
   * near miss of one of its policy kinds ({@code CiliumNetworkPolicies}).
   *
   * @param kind the object's kind, not empty
   * @param apiVersion the object's apiVersion
   */
  static Optional<String> unknownKind(String kind, String apiVersion) {
    String group = ApiKinds.group(apiVersion);
    if (ApiKinds.checked(apiVersion)) {
      return ApiKinds.served(kind, apiVersion)
          ? Optional.empty()
          : Optional.of(notServed(kind, apiVersion));
    }
    ImmutableSet<String> policies = VENDOR_POLICIES.get(group);
    if (policies == null || policies.contains(kind)) {
      return Optional.empty();
    }
    List<String> near = Suggestions.closest(kind, policies);
    if (group.equals(POLICY_API_GROUP) || !near.isEmpty()) {
      return Optional.of(
          unknown(kind, apiVersion)
              + (near.isEmpty() ? "; known kinds here: " + String.join(", ", policies) : "")
              + didYouMean(near)
              + " (kinds are case-sensitive and singular; the API server refuses an unknown"
              + " kind, and skipping it could hide a policy)");
    }
    return Optional.empty();
  }

  private static String notServed(String kind, String apiVersion) {
    Optional<String> elsewhere = ApiKinds.servingVersion(kind);
    if (elsewhere.isPresent()) {
      return unknown(kind, apiVersion)
          + ": Kubernetes "
          + ApiFields.VERSION
          + " serves "
          + kind
          + " in apiVersion "
          + elsewhere.get()
          + "; write apiVersion: "
          + elsewhere.get()
          + " (the API server refuses this object, so netpol does not guess)";
    }
    ImmutableSet<String> here = ApiKinds.kinds(apiVersion);
    List<String> near = Suggestions.closest(kind, here);
    String suggestion = didYouMean(near);
    if (near.isEmpty()) {
      List<String> anywhere = Suggestions.closest(kind, ApiKinds.allKinds());
      suggestion =
          anywhere.isEmpty()
              ? ""
              : "; did you mean "
                  + anywhere.get(0)
                  + " (apiVersion "
                  + ApiKinds.servingVersion(anywhere.get(0)).orElseThrow()
                  + ")?";
    }
    String version =
        here.isEmpty()
            ? ": Kubernetes " + ApiFields.VERSION + " does not serve apiVersion " + apiVersion
            : "";
    return unknown(kind, apiVersion)
        + version
        + suggestion
        + " (kinds are case-sensitive and singular; the API server refuses an unknown kind, and"
        + " skipping it could hide a policy or pods)";
  }

  private static String unknown(String kind, String apiVersion) {
    return "unknown kind " + kind + " in apiVersion " + apiVersion;
  }

  private static String didYouMean(List<String> near) {
    return near.isEmpty() ? "" : "; did you mean " + near.get(0) + "?";
  }

  private static String calicoMessage(String what) {
    return what
        + " is a policy of the Calico network plugin, with its own semantics (order, deny and"
        + " log actions, global scope): not supported yet, and ignoring it would make answers"
        + " wrong; remove it from the input to analyse the Kubernetes NetworkPolicies"
        + " (networking.k8s.io/v1) alone";
  }

  private static String ciliumMessage(String what) {
    return what
        + " is a policy of the Cilium network plugin, with its own semantics (L7 rules,"
        + " entities, deny rules): not supported yet, and ignoring it would make answers"
        + " wrong; remove it from the input to analyse the NetworkPolicies alone";
  }
}
