package dev.netpol.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Answers a {@link PortQuery} between two endpoints, pair by pair, with the evaluator. */
final class ConnectionQuestion {
  private final Cluster cluster;
  private final EndpointResolver resolver;
  private final Evaluator evaluator;
  private final boolean ties;

  ConnectionQuestion(Cluster cluster, Evaluator evaluator) {
    this.cluster = cluster;
    this.resolver = new EndpointResolver(cluster, evaluator);
    this.evaluator = evaluator;
    this.ties = ClusterPolicy.anyTie(cluster.clusterPolicies());
  }

  ConnectionAnswer answer(Endpoint source, Endpoint destination, PortQuery ports) {
    ImmutableList<PairAnswer> pairs;
    if (ports instanceof PortQuery.Single single) {
      pairs = resolver.evaluate(source, destination, single.port()).pairs().stream()
          .map(PairAnswer::of)
          .collect(ImmutableList.toImmutableList());
    } else if (ports instanceof PortQuery.Named named) {
      refuseService(destination, ports);
      pairs = named(source, destination, named.name());
    } else {
      refuseService(destination, ports);
      pairs = sets(source, destination, PortSets.asked(ports));
    }
    return new ConnectionAnswer(source, destination, ports, pairs);
  }

  /**
   * A Service translates one asked Service port to each pod's target port
   * (docs/semantics.md#ports); port sets and names have no such translation, so asking them of a
   * Service would judge the wrong ports.
   */
  private static void refuseService(Endpoint destination, PortQuery ports) {
    if (destination instanceof Endpoint.ServiceEndpoint) {
      throw new EndpointResolutionException(
          destination,
          "a Service translates one of its ports to its pods' target port, so "
              + ports
              + " cannot be asked of it: ask one port the Service exposes, or name its pods"
              + " (workload(...) or pods(...)) to ask about their ports");
    }
  }

  private ImmutableList<PairAnswer> sets(
      Endpoint source, Endpoint destination, Map<Protocol, ImmutableRangeSet<Integer>> asked) {
    List<Party> sources = resolver.sources(source);
    List<Party> destinations = resolver.parties(destination);
    EndpointResolver.requireAPod(source, destination, sources.get(0), destinations.get(0));
    ImmutableList.Builder<PairAnswer> pairs = ImmutableList.builder();
    for (Party s : sources) {
      for (Party d : destinations) {
        pairs.add(pair(s, d, asked));
      }
    }
    return pairs.build();
  }

  /** The asked ports split into allowed and denied, from the evaluator's exact sets. */
  private PairAnswer pair(Party s, Party d, Map<Protocol, ImmutableRangeSet<Integer>> asked) {
    ImmutableMap.Builder<Protocol, ImmutableRangeSet<Integer>> allowed = ImmutableMap.builder();
    ImmutableMap.Builder<Protocol, ImmutableRangeSet<Integer>> denied = ImmutableMap.builder();
    asked.forEach(
        (protocol, ports) -> {
          ImmutableRangeSet<Integer> open = evaluator.allowedPorts(s, d, protocol);
          putIfAny(allowed, protocol, ports.intersection(open));
          putIfAny(denied, protocol, ports.difference(open));
        });
    ImmutableMap<Protocol, ImmutableRangeSet<Integer>> yes = allowed.build();
    ImmutableMap<Protocol, ImmutableRangeSet<Integer>> no = denied.build();
    return new PairAnswer(
        s, d, yes, no, example(s, d, yes), example(s, d, no), false, undefinedAt(s, d, asked));
  }

  /**
   * The verdict at the lowest asked port whose answer is undefined (docs/cluster-policies.md#ties),
   * if any: every rule's port set is constant between its bounds, so judging the first port of
   * each stretch between consecutive bounds judges every port of it.
   */
  private Optional<Verdict> undefinedAt(
      Party s, Party d, Map<Protocol, ImmutableRangeSet<Integer>> asked) {
    if (!ties) {
      return Optional.empty();
    }
    Optional<Pod> destination = d.asPod();
    for (Map.Entry<Protocol, ImmutableRangeSet<Integer>> entry : asked.entrySet()) {
      Protocol protocol = entry.getKey();
      TreeSet<Integer> cuts = new TreeSet<>();
      for (ClusterPolicy policy : cluster.clusterPolicies()) {
        for (PolicyType direction : PolicyType.values()) {
          for (ClusterRule rule : policy.rules(direction)) {
            addCuts(cuts, rule.portNumbers(protocol, destination));
          }
        }
      }
      for (NetworkPolicy policy : cluster.policies()) {
        for (PolicyType direction : PolicyType.values()) {
          for (NetworkPolicyRule rule : policy.rules(direction)) {
            addCuts(cuts, rule.portNumbers(protocol, destination));
          }
        }
      }
      for (Range<Integer> range : PortSets.closed(entry.getValue()).asRanges()) {
        cuts.add(range.lowerEndpoint());
        for (int port : cuts.subSet(range.lowerEndpoint(), true, range.upperEndpoint(), true)) {
          Verdict v = evaluator.evaluate(s, d, new Port(protocol, port));
          if (v.undefined()) {
            return Optional.of(v);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static void addCuts(TreeSet<Integer> cuts, RangeSet<Integer> ports) {
    for (Range<Integer> r : PortSets.closed(ports).asRanges()) {
      cuts.add(r.lowerEndpoint());
      cuts.add(r.upperEndpoint() + 1);
    }
  }

  private static void putIfAny(
      ImmutableMap.Builder<Protocol, ImmutableRangeSet<Integer>> out,
      Protocol protocol,
      RangeSet<Integer> ports) {
    ImmutableRangeSet<Integer> closed = PortSets.closed(ports);
    if (!closed.isEmpty()) {
      out.put(protocol, closed);
    }
  }

  private Optional<Verdict> example(
      Party s, Party d, Map<Protocol, ImmutableRangeSet<Integer>> ports) {
    return ports.isEmpty()
        ? Optional.empty()
        : Optional.of(evaluator.evaluate(s, d, PortSets.lowest(ports)));
  }

  /** Resolves the name on each destination pod first: one that lacks it leaves no question. */
  private ImmutableList<PairAnswer> named(Endpoint source, Endpoint destination, String name) {
    List<Party> sources = resolver.sources(source);
    List<Party> destinations = resolver.parties(destination);
    List<String> missing = new ArrayList<>();
    List<Port> ports = new ArrayList<>();
    for (Party d : destinations) {
      Optional<Pod> pod = d.asPod();
      Optional<ContainerPort> port = pod.flatMap(p -> containerPort(p, name));
      if (port.isPresent()) {
        ports.add(port.get().port());
      } else {
        missing.add(pod.map(ConnectionQuestion::declared).orElse(
            d + " is outside the cluster: a named port is resolved on a destination pod"));
      }
    }
    if (!missing.isEmpty()) {
      throw new UnresolvedNamedPortException(
          destination, name, destinations.size(), ImmutableList.copyOf(missing));
    }
    ImmutableList.Builder<PairAnswer> pairs = ImmutableList.builder();
    for (Party s : sources) {
      for (int i = 0; i < destinations.size(); i++) {
        pairs.add(PairAnswer.of(evaluator.evaluate(s, destinations.get(i), ports.get(i))));
      }
    }
    return pairs.build();
  }

  private static Optional<ContainerPort> containerPort(Pod pod, String name) {
    return pod.containerPorts().stream()
        .filter(c -> c.name().filter(name::equals).isPresent())
        .findFirst();
  }

  private static String declared(Pod pod) {
    return pod.id() + " declares " + (pod.containerPorts().isEmpty()
        ? "no container ports"
        : pod.containerPorts().stream().map(Object::toString).collect(Collectors.joining(", ")));
  }
}
