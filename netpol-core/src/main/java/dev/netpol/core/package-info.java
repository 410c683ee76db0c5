/**
 * The front door of netpol: a {@link dev.netpol.core.Cluster} snapshot of the objects you deploy,
 * the {@link dev.netpol.core.model.Port} and {@link dev.netpol.core.model.Protocol} of a connection, and the
 * endpoints a question names.
 *
 * <p>Everything here is immutable; nothing in the public API accepts or returns {@code null}.
 */
@NullMarked
package dev.netpol.core;

import org.jspecify.annotations.NullMarked;
