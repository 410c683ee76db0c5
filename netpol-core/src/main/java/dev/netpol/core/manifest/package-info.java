/**
 * Reads the manifests you deploy (YAML or JSON files, directories, {@code helm template} output,
 * {@code kubectl get -o yaml} dumps) into a {@link dev.netpol.core.Cluster}, validating them as
 * the API server would: {@link dev.netpol.core.manifest.ManifestLoader} is the entry point.
 *
 * <p>Every problem names the file, line, column and field path, all problems of a load are
 * reported together ({@link dev.netpol.core.manifest.ManifestException}), and a {@link
 * dev.netpol.core.manifest.LoadReport} says what was loaded, what was skipped and why.
 */
@NullMarked
package dev.netpol.core.manifest;

import org.jspecify.annotations.NullMarked;
