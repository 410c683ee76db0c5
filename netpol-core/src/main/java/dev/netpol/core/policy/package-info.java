/**
 * NetworkPolicy ({@code networking.k8s.io/v1}) as immutable values that mirror the API types:
 * {@link dev.netpol.core.policy.NetworkPolicy}, its {@link
 * dev.netpol.core.policy.NetworkPolicyRule}s, their peers and ports, with the API's defaults
 * (effective {@code policyTypes}, TCP) applied once on construction.
 *
 * <p>Values are validated as the API server validates them; cluster-scoped policy tiers
 * (ClusterNetworkPolicy, AdminNetworkPolicy) will live in a sibling package.
 */
@NullMarked
package dev.netpol.core.policy;

import org.jspecify.annotations.NullMarked;
