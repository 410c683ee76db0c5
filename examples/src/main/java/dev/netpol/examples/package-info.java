/**
 * The scenario of the classic NetworkPolicy article (frontend, backend, deny-by-default, DNS egress) as manifests, and
 * {@link dev.netpol.examples.Report}, the command-line report of a manifest directory.
 *
 * <p>The tests of this module are the ones to copy into your own project.
 */
@NullMarked
package dev.netpol.examples;

import org.jspecify.annotations.NullMarked;
