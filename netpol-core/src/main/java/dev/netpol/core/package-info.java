/**
 * The front door of netpol: a {@link dev.netpol.core.Cluster} snapshot of the objects you deploy,
 * and the {@link dev.netpol.core.Endpoint}s a question names (pods, workloads, label selections,
 * namespaces, Services, addresses); the {@link dev.netpol.core.model.Port} and {@link
 * dev.netpol.core.model.Protocol} of a connection are values of {@code dev.netpol.core.model}.
 *
 * <p>The answers follow the NetworkPolicy semantics explained, with small YAML examples, on the
 * <a href="doc-files/semantics.md">semantics page</a> ({@code docs/semantics.md} in the
 * repository, copied into this Javadoc): isolation per pod and direction, the union of policies,
 * both ends of a connection, peers, ports and Service port translation, and the behaviours
 * Kubernetes leaves to the network plugin.
 *
 * <p>Everything here is immutable; nothing in the public API accepts or returns {@code null}.
 */
@NullMarked
package dev.netpol.core;

import org.jspecify.annotations.NullMarked;
