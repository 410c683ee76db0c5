package dev.netpol.core;

import com.google.common.collect.ImmutableList;

/**
 * A named port asked of destinations some of which do not declare it: a pod without a container
 * port of that name, or an address outside the cluster (a name is resolved on a destination pod,
 * docs/semantics.md#ports). The question has no port to ask of those, so it has no answer; a
 * typo in a port name is never answered "denied".
 *
 * <pre>{@code
 * cluster.answer(workload("default/frontend"), pods("default", "app=web"), PortQuery.named("htp"));
 * // pods app=web in default: 2 of 2 destinations without a container port named htp: ...
 * }</pre>
 */
public final class UnresolvedNamedPortException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Endpoint destination;
  /** The port name asked. */
  private final String name;

  /** How many destinations the endpoint resolved to. */
  private final int destinations;

  /** One line per destination without the port. */
  private final ImmutableList<String> problems;

  /**
   * An error for a destination endpoint.
   *
   * @param destination the destination endpoint
   * @param name the port name asked
   * @param destinations how many destinations the endpoint resolved to
   * @param problems one line per destination without the port, e.g. {@code default/web-0
   *     declares TCP/80}
   */
  public UnresolvedNamedPortException(
      Endpoint destination, String name, int destinations, ImmutableList<String> problems) {
    super(
        destination
            + ": "
            + problems.size()
            + " of "
            + destinations
            + " destinations without a container port named "
            + name
            + ": "
            + String.join("; ", problems));
    this.destination = destination;
    this.name = name;
    this.destinations = destinations;
    this.problems = problems;
  }

  /**
   * The destination endpoint.
   *
   * @return the endpoint
   */
  public Endpoint destination() {
    return destination;
  }

  /**
   * The port name asked.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * How many destinations the endpoint resolved to.
   *
   * @return the count, at least {@code problems().size()}
   */
  public int destinations() {
    return destinations;
  }

  /**
   * One line per destination without the port: what it declares instead, or that it is outside
   * the cluster.
   *
   * @return the lines, in destination order
   */
  public ImmutableList<String> problems() {
    return problems;
  }
}
