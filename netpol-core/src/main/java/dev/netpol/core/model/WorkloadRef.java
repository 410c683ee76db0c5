package dev.netpol.core.model;

/**
 * A reference from a pod to the workload that owns it, in the pod's own namespace.
 *
 * @param kind the workload's kind
 * @param name the workload's name
 */
public record WorkloadRef(WorkloadKind kind, String name) {

  /** Returns {@code Kind/name}, e.g. {@code Deployment/frontend}. */
  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
