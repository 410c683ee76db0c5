package dev.netpol.core;

/**
 * An {@link Endpoint} that names nothing in the cluster: no such pod, workload, namespace or
 * Service, a selection that matches no pod, or a Service port that is not exposed. The message
 * names the endpoint and the nearest misses, so a typo is found at once:
 *
 * <pre>{@code
 * pods app=frontnd: no pod has app=frontnd; pods have app in {backend, frontend}
 * }</pre>
 */
public final class EndpointResolutionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Endpoint endpoint;

  /**
   * An error for an endpoint.
   *
   * @param endpoint the endpoint that did not resolve
   * @param problem what is missing and the nearest misses
   */
  public EndpointResolutionException(Endpoint endpoint, String problem) {
    super(endpoint + ": " + problem);
    this.endpoint = endpoint;
  }

  /**
   * The endpoint that did not resolve.
   *
   * @return the endpoint
   */
  public Endpoint endpoint() {
    return endpoint;
  }
}
