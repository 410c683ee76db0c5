package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A workload (Deployment, StatefulSet, ...) and the pods netpol made from its template.
 *
 * <pre>{@code
 * Workload w = cluster.workload("default/frontend").orElseThrow();
 * w.kind();      // Deployment
 * w.podNames();  // [frontend-0, frontend-1]
 * }</pre>
 *
 * @param kind the workload kind
 * @param namespace the namespace name
 * @param name the workload name
 * @param templateLabels the labels of its pod template
 * @param podNames the names of its pods, in order
 */
public record Workload(
    WorkloadKind kind,
    String namespace,
    String name,
    Labels templateLabels,
    ImmutableList<String> podNames) {

  /**
   * Validates the names.
   *
   * @param kind the workload kind
   * @param namespace the namespace name
   * @param name the workload name
   * @param templateLabels the template labels
   * @param podNames the pod names
   */
  public Workload {
    KubernetesNames.checkDnsSubdomain(name)
        .ifPresent(
            m -> {
              throw new InvalidModelException(
                  kind + " " + namespace + "/" + name, List.of(new Violation("metadata.name", m)));
            });
  }

  /**
   * The workload's identity.
   *
   * @return {@code namespace/name}
   */
  public String id() {
    return namespace + "/" + name;
  }

  /**
   * The reference its pods carry.
   *
   * @return kind and name
   */
  public WorkloadRef ref() {
    return new WorkloadRef(kind, name);
  }

  /** Returns e.g. {@code Deployment default/frontend}. */
  @Override
  public String toString() {
    return kind + " " + id();
  }
}
