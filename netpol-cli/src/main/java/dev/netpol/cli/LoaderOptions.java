package dev.netpol.cli;

import dev.netpol.core.manifest.ManifestLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the cluster comes from and how it is read, shared by every command ({@code @Mixin}):
 * manifest files, or with {@code --live}, {@code --kubeconfig} or {@code --context} a read-only
 * snapshot of a running cluster.
 */
final class LoaderOptions {
  @Option(
      names = "--live",
      description = "Read a running cluster (the current context of $KUBECONFIG or "
          + "~/.kube/config) instead of files: list and get only, never a write.")
  boolean live;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Read the running cluster of this kubeconfig (implies --live).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to read (implies --live).")
  String context;

  /** Whether the command reads a running cluster rather than files. */
  boolean live() {
    return live || kubeconfig != null || context != null;
  }

  @Option(
      names = "--system-pods",
      description = "Add the pods every cluster runs in kube-system (CoreDNS as "
          + "kube-system/coredns-0, ...), so rules and tables that name them can be checked.")
  boolean systemPods;

  @Option(
      names = "--pod-cidr",
      paramLabel = "CIDR",
      description = "Where pods without status.podIPs get addresses (default 10.244.0.0/16).")
  String podCidr;

  @Option(
      names = "--default-namespace",
      paramLabel = "NS",
      description = "The namespace of objects without metadata.namespace (default: default).")
  String defaultNamespace;

  /** The loader these options describe; a malformed value is {@link BadInputException}. */
  ManifestLoader loader() {
    ManifestLoader.Builder b = ManifestLoader.builder().systemPods(systemPods);
    try {
      if (podCidr != null) {
        b.podCidr(podCidr);
      }
      if (defaultNamespace != null) {
        b.defaultNamespace(defaultNamespace);
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    return b.build();
  }
}
