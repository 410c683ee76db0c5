package dev.netpol.core.manifest;

/**
 * One object of the input, as the load report lists it: loaded (with what it became) or skipped
 * (with why).
 *
 * <pre>{@code
 * entry.toString();   // "k8s/app.yaml:1:1: Deployment default/frontend: 2 pods"
 * }</pre>
 *
 * @param location where the object starts
 * @param kind its {@code kind}, e.g. {@code Deployment}
 * @param id {@code namespace/name}, or the name of a cluster-scoped object
 * @param detail what it became (loaded) or why it was skipped
 */
public record ReportEntry(SourceLocation location, String kind, String id, String detail) {

  /** Returns {@code location: Kind id: detail}. */
  @Override
  public String toString() {
    return location + ": " + kind + (id.isEmpty() ? "" : " " + id) + ": " + detail;
  }
}
