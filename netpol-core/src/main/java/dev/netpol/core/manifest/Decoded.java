package dev.netpol.core.manifest;

import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.policy.NetworkPolicy;
import java.util.List;
import java.util.Optional;

/** The objects of the input after decoding, before they are assembled into a Cluster. */
final class Decoded {
  private Decoded() {}

  /** Where an object was written and how to name it in messages. */
  record Origin(SourceLocation location, String base, String kind, String namespace, String name) {
    String id() {
      return namespace.isEmpty() ? name : namespace + "/" + name;
    }
  }

  /** A controller owner reference ({@code metadata.ownerReferences}). */
  record Owner(String kind, String name) {}

  /** What a pod or pod template says that matters for policies. */
  record PodShape(Labels labels, List<ContainerPort> ports, boolean hostNetwork) {}

  record NamespaceObject(Origin origin, Namespace namespace) {}

  record PodObject(
      Origin origin,
      PodShape shape,
      List<IpAddress> ips,
      Optional<String> node,
      Optional<Owner> owner,
      Labels labels) {}

  record WorkloadObject(
      Origin origin, WorkloadKind kind, PodShape template, int replicas, Optional<Owner> owner) {}

  record ServiceObject(Origin origin, Service service) {}

  record PolicyObject(Origin origin, NetworkPolicy policy) {}
}
