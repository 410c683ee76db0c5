package dev.netpol.fabric8;

/**
 * A snapshot could not list a kind, so no cluster is returned: a partial cluster would give
 * answers that look right and are not. A 403 names the permission to grant.
 *
 * <pre>{@code
 * e.getMessage();
 * // cannot list networkpolicies.networking.k8s.io in all namespaces: forbidden (HTTP 403).
 * //   Grant verb "list" on resource "networkpolicies" in API group "networking.k8s.io" to
 * //   this client's user (the ClusterRole in netpol's README, "From a live cluster"). ...
 * e.verb();       // "list"
 * e.resource();   // "networkpolicies"
 * e.group();      // "networking.k8s.io"
 * e.code();       // 403
 * }</pre>
 */
public final class SnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The RBAC verb of the failed request. */
  private final String verb;

  /** The RBAC resource (plural) of the failed request. */
  private final String resource;

  /** The API group of the resource, empty for the core group. */
  private final String group;

  /** The HTTP status, 0 without an answer. */
  private final int code;

  SnapshotException(
      String message, String verb, String resource, String group, int code, Throwable cause) {
    super(message, cause);
    this.verb = verb;
    this.resource = resource;
    this.group = group;
    this.code = code;
  }

  /**
   * The verb of the request that failed, as RBAC names it.
   *
   * @return {@code list}
   */
  public String verb() {
    return verb;
  }

  /**
   * The resource of the request that failed, as RBAC names it.
   *
   * @return e.g. {@code networkpolicies}
   */
  public String resource() {
    return resource;
  }

  /**
   * The API group of the resource.
   *
   * @return e.g. {@code networking.k8s.io}; empty for the core group (Pods, Services...)
   */
  public String group() {
    return group;
  }

  /**
   * The HTTP status the API server answered.
   *
   * @return e.g. 403; 0 when there was no answer (the server could not be reached)
   */
  public int code() {
    return code;
  }
}
