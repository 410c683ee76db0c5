package dev.netpol.fabric8;

/**
 * What a snapshot read of one kind: how many objects in how many pages, or why it read none.
 *
 * <pre>{@code
 * listing.toString();
 * // "networkpolicies.networking.k8s.io (NetworkPolicy): 3 objects in 1 page"
 * // "adminnetworkpolicies.policy.networking.k8s.io (AdminNetworkPolicy): not served by
 * //    this cluster (404): skipped"
 * }</pre>
 *
 * @param resource the resource as RBAC names it, {@code plural.group} ({@code pods} for the core
 *     group)
 * @param kind the kind, e.g. {@code NetworkPolicy}
 * @param status whether it was read
 * @param objects the objects read (0 unless read)
 * @param pages the list requests made that returned objects or an empty list (0 unless read)
 */
public record KindListing(String resource, String kind, Status status, int objects, int pages) {

  /** Whether a kind was read. */
  public enum Status {
    /** Listed, every page. */
    READ,
    /** The API server answered 404: the kind's CustomResourceDefinition is not installed. */
    NOT_SERVED,
    /** Not asked for ({@link SnapshotOptions.Builder#clusterScopedPolicies(boolean)} false). */
    NOT_REQUESTED
  }

  /** Returns {@code resource (Kind): N objects in P pages}, or why nothing was read. */
  @Override
  public String toString() {
    String head = resource + " (" + kind + "): ";
    return switch (status) {
      case READ -> head + plural(objects, "object") + " in " + plural(pages, "page");
      case NOT_SERVED -> head + "not served by this cluster (404): skipped";
      case NOT_REQUESTED -> head + "not read (SnapshotOptions.clusterScopedPolicies(false))";
    };
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
