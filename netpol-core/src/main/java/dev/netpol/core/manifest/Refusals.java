package dev.netpol.core.manifest;

import java.util.Optional;

/**
 * Policy kinds netpol recognises but does not evaluate yet. Ignoring one would make answers wrong
 * (an ignored deny is an allow), so loading one is an error that says what it is.
 */
final class Refusals {
  private Refusals() {}

  static Optional<String> refusal(String kind, String apiVersion) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    boolean calico = group.equals("projectcalico.org") || group.equals("crd.projectcalico.org");
    switch (kind) {
      case "AdminNetworkPolicy":
      case "BaselineAdminNetworkPolicy":
      case "ClusterNetworkPolicy":
        return Optional.of(
            kind
                + " ("
                + apiVersion
                + ") is a cluster-wide policy of the Kubernetes network-policy-api project, which"
                + " takes precedence over or backs up NetworkPolicies: not supported yet, and"
                + " ignoring it would make answers wrong; remove it from the input to analyse the"
                + " NetworkPolicies alone");
      case "GlobalNetworkPolicy":
      case "StagedGlobalNetworkPolicy":
      case "StagedNetworkPolicy":
        if (calico || group.isEmpty()) {
          return Optional.of(calicoMessage(kind, apiVersion));
        }
        return Optional.empty();
      case "NetworkPolicy":
        return calico ? Optional.of(calicoMessage(kind, apiVersion)) : Optional.empty();
      case "CiliumNetworkPolicy":
      case "CiliumClusterwideNetworkPolicy":
        return Optional.of(
            kind
                + " ("
                + apiVersion
                + ") is a policy of the Cilium network plugin, with its own semantics (L7 rules,"
                + " entities, deny rules): not supported yet, and ignoring it would make answers"
                + " wrong; remove it from the input to analyse the NetworkPolicies alone");
      default:
        return Optional.empty();
    }
  }

  private static String calicoMessage(String kind, String apiVersion) {
    return kind
        + " ("
        + apiVersion
        + ") is a policy of the Calico network plugin, with its own semantics (order, deny and"
        + " log actions, global scope): not supported yet, and ignoring it would make answers"
        + " wrong; remove it from the input to analyse the Kubernetes NetworkPolicies"
        + " (networking.k8s.io/v1) alone";
  }
}
