/**
 * NetworkPolicy ({@code networking.k8s.io/v1}) as immutable values that mirror the API types:
 * {@link dev.netpol.core.policy.NetworkPolicy}, its {@link
 * dev.netpol.core.policy.NetworkPolicyRule}s, their peers and ports, with the API's defaults
 * (effective {@code policyTypes}, TCP) applied once on construction.
 *
 * <p>This package is the home of each matching rule: which pods a policy selects, which peers and
 * ports a rule admits, and, in {@link dev.netpol.core.policy.EvaluationOptions}, the behaviours
 * Kubernetes leaves to the network plugin. The rules themselves are explained with examples on
 * the <a href="../doc-files/semantics.md">semantics page</a> ({@code docs/semantics.md} in the
 * repository, copied into this Javadoc); where the Javadoc of a type cites a section, such as
 * {@code docs/semantics.md#peers}, that is a heading of the same page.
 *
 * <p>Values are validated as the API server validates them. The cluster-scoped policies
 * (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1)
 * live here too, mapped onto one tiered model: {@link dev.netpol.core.policy.ClusterPolicy}, its
 * {@link dev.netpol.core.policy.ClusterSubject}, {@link dev.netpol.core.policy.ClusterRule}s,
 * {@link dev.netpol.core.policy.ClusterPeer}s and {@link dev.netpol.core.policy.ClusterPort}s,
 * each the home of its matching rule (docs/cluster-policies.md).
 */
@NullMarked
package dev.netpol.core.policy;

import org.jspecify.annotations.NullMarked;
