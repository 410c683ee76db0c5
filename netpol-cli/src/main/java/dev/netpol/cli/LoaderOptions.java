package dev.netpol.cli;

import dev.netpol.core.manifest.ManifestLoader;
import picocli.CommandLine.Option;

/** How manifests are read, shared by every command ({@code @Mixin}). */
final class LoaderOptions {
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
