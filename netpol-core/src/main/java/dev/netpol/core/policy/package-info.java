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
 * <p>Values are validated as the API server validates them; cluster-scoped policy tiers
 * (ClusterNetworkPolicy, AdminNetworkPolicy) will live in a sibling package.
 */
@NullMarked
package dev.netpol.core.policy;

import org.jspecify.annotations.NullMarked;
