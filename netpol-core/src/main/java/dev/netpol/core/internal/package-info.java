/**
 * Helpers shared by netpol's own modules that are not part of its API: they may change or vanish
 * in any release, so do not call them from your code.
 *
 * <p>They live here, not in the package that uses them first, so that one home serves every
 * module (the loader, the endpoint resolver, the adapters) without a second copy.
 */
@NullMarked
package dev.netpol.core.internal;

import org.jspecify.annotations.NullMarked;
