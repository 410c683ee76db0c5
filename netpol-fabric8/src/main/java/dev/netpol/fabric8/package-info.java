/**
 * Clusters from fabric8 Kubernetes client objects: the model objects an operator builds
 * ({@link dev.netpol.fabric8.Fabric8#cluster}) and a live cluster read through a {@code
 * KubernetesClient} ({@link dev.netpol.fabric8.Fabric8#snapshot}). Both go through netpol's
 * manifest loader, so they are validated exactly as files are.
 */
package dev.netpol.fabric8;
