package dev.netpol.core.model;

/**
 * A reference from a pod to the workload that owns it, in the pod's own namespace, as a
 * Kubernetes owner reference is (it never crosses namespaces). {@link Pod#ownerId()} gives the
 * owner's full {@code namespace/name}.
 *
 * @param kind the workload's kind
 * @param name the workload's name
 */
public record WorkloadRef(WorkloadKind kind, String name) {

  /**
   * The owner's identity in a namespace.
   *
   * @param namespace the namespace of the pod that holds this reference
   * @return {@code namespace/name}, e.g. {@code shop/web}
   */
  public String id(String namespace) {
    return namespace + "/" + name;
  }

  /** Returns {@code Kind/name}, e.g. {@code Deployment/frontend}. */
  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
