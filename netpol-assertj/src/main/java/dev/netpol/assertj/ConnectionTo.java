package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.ConnectionAnswer;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.PortQuery;
import dev.netpol.core.UnresolvedNamedPortException;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.Optional;
import java.util.function.Supplier;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The end of a reachability chain: the port terminals that ask the question and fail if its
 * answer is not the one expected. Each returns the {@link ClusterAssert} it came from, so more
 * assertions can follow.
 *
 * <pre>{@code
 * assertThat(cluster)
 *     .allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80)
 *     .denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
 * }</pre>
 *
 * <p>An answer the API leaves undefined (it depends on the order of two cluster-scoped policies
 * of one tier with the same priority, docs/cluster-policies.md#ties) fails both {@code allows}
 * and {@code denies}, naming the tied policies.
 *
 * <p>Toward a Service, a single port ({@link #onTcp(int)}, {@link #on(Port)}) is the Service's
 * port, translated to each pod's target port as kube-proxy does. Ranges, named ports and all
 * ports have no such translation, so asking them of a Service fails the assertion with a message
 * that says so: name the pods behind it ({@code workload(...)}, {@code pods(...)}) instead.
 */
public final class ConnectionTo {
  private final ClusterAssert origin;
  private final Cluster cluster;
  private final boolean allows;
  private final Endpoint source;
  private final Endpoint destination;
  private final PendingChains.Pending pending;

  ConnectionTo(
      ClusterAssert origin,
      Cluster cluster,
      boolean allows,
      Endpoint source,
      Endpoint destination,
      PendingChains.Pending pending) {
    this.origin = origin;
    this.cluster = cluster;
    this.allows = allows;
    this.source = source;
    this.destination = destination;
    this.pending = pending;
  }

  /**
   * Asks about one TCP port.
   *
   * <pre>{@code
   * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
   * }</pre>
   *
   * @param port the destination port, 1 to 65535
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation, or an endpoint names nothing
   * @throws IllegalArgumentException if the port is out of range
   */
  public ClusterAssert onTcp(int port) {
    return ask(() -> PortQuery.of(Port.tcp(port)));
  }

  /**
   * Asks about one UDP port.
   *
   * <pre>{@code
   * assertThat(cluster).allows(pods("app=frontend")).to(pods("k8s-app=kube-dns")).onUdp(53);
   * }</pre>
   *
   * @param port the destination port, 1 to 65535
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation, or an endpoint names nothing
   * @throws IllegalArgumentException if the port is out of range
   */
  public ClusterAssert onUdp(int port) {
    return ask(() -> PortQuery.of(Port.udp(port)));
  }

  /**
   * Asks about one SCTP port.
   *
   * <pre>{@code
   * assertThat(cluster).denies(pods("app=web")).to(pods("app=signalling")).onSctp(3868);
   * }</pre>
   *
   * @param port the destination port, 1 to 65535
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation, or an endpoint names nothing
   * @throws IllegalArgumentException if the port is out of range
   */
  public ClusterAssert onSctp(int port) {
    return ask(() -> PortQuery.of(Port.sctp(port)));
  }

  /**
   * Asks about one port of any protocol.
   *
   * <pre>{@code
   * assertThat(cluster).allows(workload("default/frontend")).to(service("default/api")).on(Port.tcp(80));
   * }</pre>
   *
   * @param port the destination port (for a Service destination, the Service's port)
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation, or an endpoint names nothing
   */
  public ClusterAssert on(Port port) {
    return ask(() -> PortQuery.of(port));
  }

  /**
   * Asks about every TCP port of an inclusive range, exactly (from the evaluator's port sets, not
   * by trying each port).
   *
   * <pre>{@code
   * assertThat(cluster).denies(workload("default/frontend")).to(workload("default/db")).onTcpPorts(1, 65535);
   * }</pre>
   *
   * @param from the first port, 1 to 65535
   * @param to the last port, from {@code from} to 65535
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation on some port of the range
   * @throws IllegalArgumentException if the range is empty or out of 1..65535
   */
  public ClusterAssert onTcpPorts(int from, int to) {
    return ask(() -> PortQuery.range(Protocol.TCP, from, to));
  }

  /**
   * Asks about a named port, resolved on each destination pod: the number of its container port
   * with that name, which may differ from pod to pod (as a NetworkPolicy's {@code port: http}
   * is). A destination pod without such a port, or a destination outside the cluster, fails the
   * assertion, for {@code denies} too.
   *
   * <pre>{@code
   * assertThat(cluster).allows(pods("app=prometheus")).to(workload("default/backend")).onNamedPort("metrics");
   * }</pre>
   *
   * @param name the container port name, e.g. {@code "http"}
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation, or a destination lacks the port
   */
  public ClusterAssert onNamedPort(String name) {
    return ask(() -> PortQuery.named(name));
  }

  /**
   * Asks about every port of every protocol (TCP, UDP and SCTP, 1 to 65535), exactly: the
   * evaluator's allowed-port sets are compared with the whole range, per pair; toward a CIDR, per
   * address atom (a range of addresses every policy treats alike).
   *
   * <pre>{@code
   * assertThat(cluster).denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
   * }</pre>
   *
   * @return the cluster assertion, for more assertions
   * @throws AssertionError if some pair breaks the expectation on some port
   */
  public ClusterAssert onAllPorts() {
    return ask(PortQuery::allPorts);
  }

  /** Ends the chain first, so that even a rejected argument leaves nothing pending. */
  private ClusterAssert ask(Supplier<PortQuery> ports) {
    PendingChains.finish(pending);
    PortQuery asked = ports.get();
    return origin.fulfils(() -> check(asked));
  }

  /** Core's answer, as a failure message if some pair breaks the expectation. */
  private Optional<ErrorMessageFactory> check(PortQuery ports) {
    ConnectionAnswer answer;
    try {
      answer = cluster.answer(source, destination, ports);
    } catch (UnresolvedNamedPortException e) {
      return Optional.of(ShouldHaveNamedPort.shouldHaveNamedPort(allows, source, e));
    } catch (EndpointResolutionException e) {
      String expectation = Messages.expectation(allows, ports.toString());
      return Optional.of(ShouldResolve.shouldResolve(expectation, e, source, destination));
    }
    if (answer.undefined()) {
      return Optional.of(ShouldBeDefined.shouldBeDefined(answer, allows));
    }
    if (answer.breaking(allows).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        allows ? ShouldAllow.shouldAllow(answer) : ShouldDeny.shouldDeny(answer));
  }
}
