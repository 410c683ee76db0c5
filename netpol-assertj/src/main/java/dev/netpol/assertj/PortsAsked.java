package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The ports a chain's terminal asks about, and how each is judged: one port through core's
 * endpoint evaluation (Services translated), a set of ports through the evaluator's exact port
 * sets (no port is sampled), a named port resolved on each destination pod.
 */
abstract class PortsAsked {
  private PortsAsked() {}

  /** How the ports read in a message, after "on": {@code TCP/80}, {@code all ports}. */
  abstract String describe();

  /**
   * Judges every pair.
   *
   * @return the failure, or empty if the expectation holds
   * @throws EndpointResolutionException if an endpoint names nothing
   */
  abstract Optional<ErrorMessageFactory> check(
      Cluster cluster, boolean allows, Endpoint source, Endpoint destination);

  static PortsAsked single(Port port) {
    return new Single(port);
  }

  static PortsAsked range(Protocol protocol, int from, int to) {
    return new Sets(
        ImmutableMap.of(protocol, ImmutableRangeSet.of(Range.closed(from, to))),
        from == to ? protocol + "/" + from : protocol + "/" + from + "-" + to);
  }

  static PortsAsked all() {
    ImmutableMap.Builder<Protocol, ImmutableRangeSet<Integer>> all = ImmutableMap.builder();
    for (Protocol p : Protocol.values()) {
      all.put(p, ImmutableRangeSet.of(Range.closed(Port.MIN, Port.MAX)));
    }
    return new Sets(all.build(), "all ports");
  }

  static PortsAsked named(String name) {
    return new Named(name);
  }

  /** The failure of an outcome, if any pair breaks the expectation. */
  private static Optional<ErrorMessageFactory> verdictOf(
      boolean allows, Endpoint source, Endpoint destination, String ports, Outcome outcome) {
    if (outcome.failures().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        allows
            ? ShouldAllow.shouldAllow(source, destination, ports, outcome)
            : ShouldDeny.shouldDeny(source, destination, ports, outcome));
  }

  /**
   * A Service translates one asked Service port to each pod's target port
   * (docs/semantics.md#ports); port sets and
   * names have no such translation, so asking them of a Service would judge the wrong ports.
   */
  private static void refuseService(Endpoint destination, String ports) {
    if (destination instanceof Endpoint.ServiceEndpoint) {
      throw new EndpointResolutionException(
          destination,
          "a Service translates one of its ports to its pods' target port, so "
              + ports
              + " cannot be asked of it: ask onTcp(port) or on(Port) with a port the Service"
              + " exposes, or name its pods (workload(...) or pods(...)) to ask about their ports");
    }
  }

  private static boolean isPod(Party party) {
    return party.asPod().isPresent();
  }

  /** One port; Service destinations translate it to each pod's target port. */
  private static final class Single extends PortsAsked {
    private final Port port;

    Single(Port port) {
      this.port = port;
    }

    @Override
    String describe() {
      return port.toString();
    }

    @Override
    Optional<ErrorMessageFactory> check(
        Cluster cluster, boolean allows, Endpoint source, Endpoint destination) {
      ImmutableList<Verdict> pairs = cluster.evaluate(source, destination, port).pairs();
      return verdictOf(allows, source, destination, describe(), outcome(pairs, allows));
    }
  }

  static Outcome outcome(List<Verdict> pairs, boolean allows) {
    ImmutableList<String> failures =
        pairs.stream()
            .filter(v -> v.allowed() != allows)
            .map(Verdict::explain)
            .collect(ImmutableList.toImmutableList());
    boolean podPairs = pairs.stream().allMatch(v -> isPod(v.source()) && isPod(v.destination()));
    return new Outcome(pairs.size(), podPairs, failures);
  }

  /** Sets of ports per protocol, judged with the evaluator's exact allowed-port sets. */
  private static final class Sets extends PortsAsked {
    private final ImmutableMap<Protocol, ImmutableRangeSet<Integer>> asked;
    private final String description;

    Sets(ImmutableMap<Protocol, ImmutableRangeSet<Integer>> asked, String description) {
      this.asked = asked;
      this.description = description;
    }

    @Override
    String describe() {
      return description;
    }

    @Override
    Optional<ErrorMessageFactory> check(
        Cluster cluster, boolean allows, Endpoint source, Endpoint destination) {
      refuseService(destination, description);
      List<Party> sources = cluster.resolve(source);
      List<Party> destinations = cluster.resolve(destination);
      requireAPod(source, destination, sources, destinations);
      Evaluator evaluator = cluster.evaluator();
      List<String> failures = new ArrayList<>();
      boolean podPairs = true;
      for (Party s : sources) {
        for (Party d : destinations) {
          podPairs &= isPod(s) && isPod(d);
          Map<Protocol, RangeSet<Integer>> offending = offending(evaluator, s, d, allows);
          if (!offending.isEmpty()) {
            failures.add(explain(evaluator, s, d, allows, offending));
          }
        }
      }
      Outcome outcome =
          new Outcome(sources.size() * destinations.size(), podPairs, ImmutableList.copyOf(failures));
      return verdictOf(allows, source, destination, description, outcome);
    }

    /** The ports asked that break the expectation, per protocol (only non-empty sets). */
    private Map<Protocol, RangeSet<Integer>> offending(
        Evaluator evaluator, Party s, Party d, boolean allows) {
      ImmutableMap.Builder<Protocol, RangeSet<Integer>> out = ImmutableMap.builder();
      asked.forEach(
          (protocol, ports) -> {
            ImmutableRangeSet<Integer> allowed = evaluator.allowedPorts(s, d, protocol);
            RangeSet<Integer> bad =
                allows ? ports.difference(allowed) : ports.intersection(allowed);
            if (!bad.isEmpty()) {
              out.put(protocol, bad);
            }
          });
      return out.build();
    }

    private static String explain(
        Evaluator evaluator,
        Party s,
        Party d,
        boolean allows,
        Map<Protocol, RangeSet<Integer>> offending) {
      Map.Entry<Protocol, RangeSet<Integer>> first = offending.entrySet().iterator().next();
      Port example = new Port(first.getKey(), lowest(first.getValue()));
      String ports =
          offending.entrySet().stream()
              .flatMap(
                  e ->
                      e.getValue().asRanges().stream()
                          .map(r -> PortsAsked.Sets.format(e.getKey(), r)))
              .collect(Collectors.joining(", "));
      return s
          + " -> "
          + d
          + ": "
          + (allows ? "denied" : "allowed")
          + " on "
          + ports
          + "; for example:\n"
          + evaluator.evaluate(s, d, example).explain();
    }

    private static int lowest(RangeSet<Integer> set) {
      Range<Integer> r = set.asRanges().iterator().next();
      return closedLower(r);
    }

    private static int closedLower(Range<Integer> r) {
      return r.lowerBoundType() == com.google.common.collect.BoundType.CLOSED
          ? r.lowerEndpoint()
          : r.lowerEndpoint() + 1;
    }

    private static int closedUpper(Range<Integer> r) {
      return r.upperBoundType() == com.google.common.collect.BoundType.CLOSED
          ? r.upperEndpoint()
          : r.upperEndpoint() - 1;
    }

    static String format(Protocol protocol, Range<Integer> r) {
      int lo = closedLower(r);
      int hi = closedUpper(r);
      return protocol + "/" + (lo == hi ? String.valueOf(lo) : lo + "-" + hi);
    }
  }

  private static void requireAPod(
      Endpoint source, Endpoint destination, List<Party> sources, List<Party> destinations) {
    if (!isPod(sources.get(0)) && !isPod(destinations.get(0))) {
      throw new EndpointResolutionException(
          destination,
          "neither " + source + " nor " + destination
              + " is a pod of the cluster, so no NetworkPolicy judges the connection");
    }
  }

  /** A container port name, resolved on each destination pod (docs/semantics.md#ports). */
  private static final class Named extends PortsAsked {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    String describe() {
      return "named port " + name;
    }

    @Override
    Optional<ErrorMessageFactory> check(
        Cluster cluster, boolean allows, Endpoint source, Endpoint destination) {
      refuseService(destination, describe());
      List<Party> sources = cluster.resolve(source);
      List<Party> destinations = cluster.resolve(destination);
      List<String> missing = new ArrayList<>();
      List<Port> ports = new ArrayList<>();
      for (Party d : destinations) {
        Optional<Pod> pod = d.asPod();
        Optional<ContainerPort> port =
            pod.flatMap(
                p ->
                    p.containerPorts().stream()
                        .filter(c -> c.name().filter(name::equals).isPresent())
                        .findFirst());
        if (port.isPresent()) {
          ports.add(port.get().port());
        } else if (pod.isEmpty()) {
          missing.add(d + " is outside the cluster: a named port is resolved on a destination pod");
        } else {
          missing.add(d + " declares " + (pod.get().containerPorts().isEmpty()
              ? "no container ports"
              : pod.get().containerPorts().stream().map(Object::toString)
                  .collect(Collectors.joining(", "))));
        }
      }
      if (!missing.isEmpty()) {
        return Optional.of(
            ShouldHaveNamedPort.shouldHaveNamedPort(
                allows, source, destination, name, destinations.size(), missing));
      }
      Evaluator evaluator = cluster.evaluator();
      List<Verdict> pairs = new ArrayList<>();
      for (Party s : sources) {
        for (int i = 0; i < destinations.size(); i++) {
          pairs.add(evaluator.evaluate(s, destinations.get(i), ports.get(i)));
        }
      }
      return verdictOf(allows, source, destination, describe(), outcome(pairs, allows));
    }
  }
}
