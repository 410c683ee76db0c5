package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.exposure.Exposure;
import dev.netpol.core.exposure.Reach;
import dev.netpol.core.exposure.WorkloadExposure;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/**
 * Assertions about what one workload is open to, from the cluster's {@link Exposure}: obtain one
 * with {@link ClusterAssert#workload(String)}.
 *
 * <pre>{@code
 * assertThat(cluster).workload("prod/db").isNotExposedOutsideNamespace();
 * assertThat(cluster).workload("prod/db").isNotReachableFrom(cidr("0.0.0.0/0"));
 * assertThat(cluster).workload("prod/web").onTcp(8080).isNotReachableFrom(namespace("lab"));
 * }</pre>
 *
 * <p>Every port is asked unless {@code onTcp}/{@code onUdp}/{@code onSctp} narrows the question
 * to one. A failure lists each offending line of the exposure ({@code in TCP/5432 from all pods
 * of namespace ops}) with one connection it admits, explained by the evaluator: the policy and
 * rule that admit it at each end. Failures go through the cluster assertion, so {@code as(...)}
 * and {@link NetpolSoftAssertions} apply.
 */
public final class WorkloadAssert {
  private final ClusterAssert origin;
  private final Cluster cluster;
  private final String id;
  private final @Nullable Exposure exposure;
  private final @Nullable Port port;

  WorkloadAssert(ClusterAssert origin, Cluster cluster, String id,
      @Nullable Exposure exposure, @Nullable Port port) {
    this.origin = origin;
    this.cluster = cluster;
    this.id = id;
    this.exposure = exposure;
    this.port = port;
  }

  /**
   * Narrows the next assertions to one TCP port.
   *
   * @param port the destination port, e.g. {@code 5432}
   * @return an assertion about the same workload on that port only
   */
  @CheckReturnValue
  public WorkloadAssert onTcp(int port) {
    return on(new Port(Protocol.TCP, port));
  }

  /**
   * Narrows the next assertions to one UDP port.
   *
   * @param port the destination port, e.g. {@code 53}
   * @return an assertion about the same workload on that port only
   */
  @CheckReturnValue
  public WorkloadAssert onUdp(int port) {
    return on(new Port(Protocol.UDP, port));
  }

  /**
   * Narrows the next assertions to one SCTP port.
   *
   * @param port the destination port
   * @return an assertion about the same workload on that port only
   */
  @CheckReturnValue
  public WorkloadAssert onSctp(int port) {
    return on(new Port(Protocol.SCTP, port));
  }

  /**
   * Narrows the next assertions to one port.
   *
   * @param port the destination port
   * @return an assertion about the same workload on that port only
   */
  @CheckReturnValue
  public WorkloadAssert on(Port port) {
    return new WorkloadAssert(origin, cluster, id, exposure, port);
  }

  /**
   * Verifies that nothing outside the workload's namespace may connect to it: no pod of another
   * namespace, no address outside the cluster, on any port asked. What "only my namespace talks
   * to my database" means.
   *
   * <pre>{@code
   * assertThat(cluster).workload("prod/db").isNotExposedOutsideNamespace();
   * }</pre>
   *
   * @return this assertion object
   * @throws AssertionError listing each line of the exposure that admits a pod of another
   *     namespace or an outside address, with an example connection and the rules that admit it
   */
  public WorkloadAssert isNotExposedOutsideNamespace() {
    PendingChains.verifyNone();
    origin.fulfils(() -> exposed().flatMap(w -> {
      String expectation = "expected %s not to be reachable from outside namespace "
          + Messages.literal(w.namespace()) + ScopeText.of(port);
      return offending(w, pod -> !pod.namespace().equals(w.namespace()),
          ImmutableRangeSet.of(Range.all()), expectation);
    }));
    return this;
  }

  /**
   * Verifies that no pod or address of an endpoint may connect to the workload on any port asked.
   * A CIDR or address asks about addresses outside the cluster's pods; any other endpoint asks
   * about its pods.
   *
   * <pre>{@code
   * assertThat(cluster).workload("prod/db").isNotReachableFrom(cidr("0.0.0.0/0"));
   * assertThat(cluster).workload("prod/db").isNotReachableFrom(namespace("lab"));
   * }</pre>
   *
   * @param source the pods or addresses that must not connect
   * @return this assertion object
   * @throws AssertionError listing each line of the exposure that admits some of them, with an
   *     example connection and the rules that admit it; or if the endpoint names nothing
   */
  public WorkloadAssert isNotReachableFrom(Endpoint source) {
    PendingChains.verifyNone();
    origin.fulfils(() -> exposed().flatMap(w -> {
      String expectation = "expected %s not to be reachable from " + Messages.literal(
          source.toString()) + ScopeText.of(port);
      if (source instanceof Endpoint.CidrEndpoint c) {
        return offending(w, pod -> false, outsidePods(c.cidr().range()), expectation);
      }
      if (source instanceof Endpoint.AddressEndpoint a) {
        return offending(w, pod -> false, outsidePods(Range.singleton(a.address())), expectation);
      }
      Set<String> pods;
      try {
        pods = cluster.resolve(source).stream().map(Party::asPod).flatMap(Optional::stream)
            .map(Pod::id).collect(Collectors.toSet());
      } catch (EndpointResolutionException e) {
        return Optional.of(ShouldResolve.shouldResolve(
            "expected %s not to be reachable from %s", e, id, source));
      }
      return offending(w, pod -> pods.contains(pod.id()), ImmutableRangeSet.of(), expectation);
    }));
    return this;
  }

  /** The workload's exposure; empty if it is unknown (already reported by the cluster assert). */
  private Optional<WorkloadExposure> exposed() {
    return exposure == null ? Optional.empty() : exposure.workload(id);
  }

  /** The addresses of a range that are no pod's: what an outside peer can be. */
  private RangeSet<IpAddress> outsidePods(Range<IpAddress> range) {
    TreeRangeSet<IpAddress> out = TreeRangeSet.create(List.of(range));
    cluster.pods().forEach(p -> p.ips().forEach(ip -> out.remove(Range.singleton(ip))));
    return out;
  }

  /** The ingress lines that admit a chosen pod or address, each with its example. */
  private Optional<ErrorMessageFactory> offending(WorkloadExposure w, Predicate<Pod> among,
      RangeSet<IpAddress> within, String expectation) {
    Exposure e = exposure;
    if (e == null) {
      return Optional.empty();
    }
    List<ShouldNotBeExposed.Offence> offences = new ArrayList<>();
    for (Reach line : w.ingress()) {
      if (port != null && !line.covers(port)) {
        continue;
      }
      Port asked = port != null ? port : line.ports().get(0).representative();
      Optional<Verdict> example = e.example(w, line, asked, among, within);
      example.ifPresent(v -> offences.add(new ShouldNotBeExposed.Offence(line, v)));
    }
    return offences.isEmpty()
        ? Optional.empty()
        : Optional.of(ShouldNotBeExposed.shouldNotBeExposed(
            expectation, id, ImmutableList.copyOf(offences)));
  }

  /** The text of the port scope in an expectation. */
  private static final class ScopeText {
    private ScopeText() {}

    static String of(@Nullable Port port) {
      return port == null ? "" : " on " + port;
    }
  }
}
