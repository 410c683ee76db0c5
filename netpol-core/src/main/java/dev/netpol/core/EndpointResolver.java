package dev.netpol.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Range;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.ServicePort;
import dev.netpol.core.model.Workload;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns {@link Endpoint}s into the parties of a question and judges every pair. A selection that
 * names nothing is an {@link EndpointResolutionException} with the nearest misses.
 */
final class EndpointResolver {
  /** A destination party and the port a connection to it arrives at. */
  private record Target(Party party, Port port, Optional<String> via) {}

  private final Cluster cluster;
  private final Evaluator evaluator;

  EndpointResolver(Cluster cluster, Evaluator evaluator) {
    this.cluster = cluster;
    this.evaluator = evaluator;
  }

  Evaluation evaluate(Endpoint source, Endpoint destination, Port port) {
    List<Party> sources = sources(source);
    List<Target> targets = targets(destination, port);
    requireAPod(source, destination, sources.get(0), targets.get(0).party());
    long pairCount = (long) sources.size() * targets.size();
    if (pairCount > Evaluation.MATERIALISED_PAIRS) {
      return sampled(source, destination, port, sources, targets);
    }
    return new Evaluation(
        source.toString(), destination.toString(), port, everyVerdict(sources, targets));
  }

  private ImmutableList<Verdict> everyVerdict(List<Party> sources, List<Target> targets) {
    ImmutableList.Builder<Verdict> pairs = ImmutableList.builder();
    for (Party s : sources) {
      for (Target t : targets) {
        pairs.add(verdict(s, t));
      }
    }
    return pairs.build();
  }

  private Verdict verdict(Party source, Target target) {
    Verdict v = evaluator.evaluate(source, target.party(), target.port());
    return target.via().map(v::via).orElse(v);
  }

  /**
   * A question over more pairs than an evaluation keeps: the engine answers pod pairs (it agrees
   * with the evaluator on every one), the evaluator the rest one at a time, and only the first
   * verdicts of each outcome are explained and kept, so memory stays bounded.
   */
  private Evaluation sampled(
      Endpoint source, Endpoint destination, Port port, List<Party> sources, List<Target> targets) {
    boolean[][] answers = new boolean[sources.size()][];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new boolean[targets.size()];
    }
    fillFromEngine(sources, targets, answers);
    ImmutableList.Builder<Verdict> denied = ImmutableList.builder();
    ImmutableList.Builder<Verdict> allowed = ImmutableList.builder();
    int deniedKept = 0;
    int allowedKept = 0;
    long allowedCount = 0;
    for (int i = 0; i < answers.length; i++) {
      for (int j = 0; j < answers[i].length; j++) {
        boolean ok = answers[i][j];
        if (ok) {
          allowedCount++;
        }
        if (ok && allowedKept < Evaluation.SAMPLED_PAIRS) {
          allowed.add(verdict(sources.get(i), targets.get(j)));
          allowedKept++;
        } else if (!ok && deniedKept < Evaluation.SAMPLED_PAIRS) {
          denied.add(verdict(sources.get(i), targets.get(j)));
          deniedKept++;
        }
      }
    }
    return Evaluation.sampled(
        source.toString(),
        destination.toString(),
        port,
        (long) sources.size() * targets.size(),
        allowedCount,
        denied.build(),
        allowed.build(),
        () -> everyVerdict(sources, targets));
  }

  /**
   * Fills in every pair's answer: pods named as pods (in no particular IP family) from the
   * engine, grouped by the port each target is asked on; any other pair (an outside address, a
   * pod reached at one address) from the evaluator.
   */
  private void fillFromEngine(List<Party> sources, List<Target> targets, boolean[][] answers) {
    List<Integer> podSources = new ArrayList<>();
    List<Pod> sourcePods = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i) instanceof Party.PodParty p && p.family().isEmpty()) {
        podSources.add(i);
        sourcePods.add(p.pod());
      } else {
        for (int j = 0; j < targets.size(); j++) {
          Target t = targets.get(j);
          answers[i][j] = evaluator.evaluate(sources.get(i), t.party(), t.port()).allowed();
        }
      }
    }
    Map<Port, List<Integer>> podTargetsByPort = new LinkedHashMap<>();
    for (int j = 0; j < targets.size(); j++) {
      Target t = targets.get(j);
      if (t.party() instanceof Party.PodParty p && p.family().isEmpty()) {
        podTargetsByPort.computeIfAbsent(t.port(), k -> new ArrayList<>()).add(j);
      } else {
        for (int i : podSources) {
          answers[i][j] = evaluator.evaluate(sources.get(i), t.party(), t.port()).allowed();
        }
      }
    }
    if (podSources.isEmpty() || podTargetsByPort.isEmpty()) {
      return;
    }
    ReachabilityMatrix matrix = cluster.reachability(evaluator.options());
    podTargetsByPort.forEach(
        (targetPort, js) -> {
          List<Pod> destinationPods = new ArrayList<>();
          js.forEach(j -> destinationPods.add(((Party.PodParty) targets.get(j).party()).pod()));
          matrix.forEachPair(
              sourcePods,
              destinationPods,
              targetPort,
              (i, j, ok) -> answers[podSources.get(i)][js.get(j)] = ok);
        });
  }

  /**
   * An endpoint resolves to pods only or to outside addresses only, so its first party says
   * which; between two outside ends no NetworkPolicy has a say.
   */
  static void requireAPod(Endpoint source, Endpoint destination, Party first, Party firstOther) {
    if (first.asPod().isEmpty() && firstOther.asPod().isEmpty()) {
      throw new EndpointResolutionException(
          destination,
          "neither " + source + " nor " + destination
              + " is a pod of the cluster, so no NetworkPolicy judges the connection");
    }
  }

  // ---- sources and destinations

  /** The parties of a source endpoint: a DNS name opens no connection. */
  List<Party> sources(Endpoint endpoint) {
    if (endpoint instanceof Endpoint.DomainEndpoint) {
      throw new EndpointResolutionException(
          endpoint,
          "a DNS name is a destination only: domainNames peers match the names pods connect to"
              + " (egress); to ask about connections from outside, name the address with ip(...)"
              + " or cidr(...)");
    }
    return parties(endpoint);
  }

  List<Party> parties(Endpoint endpoint) {
    if (endpoint instanceof Endpoint.DomainEndpoint d) {
      return List.of(Party.domain(d.name()));
    }
    if (endpoint instanceof Endpoint.AddressEndpoint) {
      IpAddress a = ((Endpoint.AddressEndpoint) endpoint).address();
      return List.of(cluster.podAt(a).map(p -> Party.pod(p, a)).orElse(Party.address(a)));
    }
    if (endpoint instanceof Endpoint.CidrEndpoint) {
      Endpoint.CidrEndpoint c = (Endpoint.CidrEndpoint) endpoint;
      List<Range<IpAddress>> atoms = evaluator.addressAtoms(c.cidr());
      if (atoms.isEmpty()) {
        throw new EndpointResolutionException(
            endpoint,
            "every address of " + c.cidr() + " belongs to a pod of the cluster; name the pods");
      }
      return atoms.stream().map(Party::addresses).collect(Collectors.toList());
    }
    return pods(endpoint).stream().map(Party::pod).collect(Collectors.toList());
  }

  private List<Target> targets(Endpoint endpoint, Port port) {
    if (!(endpoint instanceof Endpoint.ServiceEndpoint)) {
      return parties(endpoint).stream()
          .map(p -> new Target(p, port, Optional.empty()))
          .collect(Collectors.toList());
    }
    Service service = service((Endpoint.ServiceEndpoint) endpoint);
    ServicePort servicePort =
        service.port(port)
            .orElseThrow(
                () ->
                    new EndpointResolutionException(
                        endpoint,
                        "Service " + service.id() + " does not expose " + port
                            + "; it exposes " + service.ports()));
    String via = "Service " + service.id() + " " + port;
    List<Target> targets = new ArrayList<>();
    for (Pod pod : servicePods(endpoint, service)) {
      servicePort.targetOn(pod).ifPresent(p -> targets.add(new Target(Party.pod(pod), p, Optional.of(via))));
    }
    if (targets.isEmpty()) {
      throw new EndpointResolutionException(
          endpoint,
          "port " + servicePort + " targets a port name that no pod behind the Service declares");
    }
    return targets;
  }

  // ---- pods of each endpoint kind, with the nearest misses

  private List<Pod> pods(Endpoint endpoint) {
    if (endpoint instanceof Endpoint.PodEndpoint) {
      Endpoint.PodEndpoint e = (Endpoint.PodEndpoint) endpoint;
      requireNamespace(endpoint, e.namespace());
      return List.of(
          cluster.pod(e.namespace() + "/" + e.name())
              .orElseThrow(
                  () ->
                      missing(
                          endpoint,
                          "no pod " + e.namespace() + "/" + e.name(),
                          e.name(),
                          cluster.podsIn(e.namespace()).stream().map(Pod::name).collect(Collectors.toList()),
                          "pods in " + e.namespace())));
    }
    if (endpoint instanceof Endpoint.WorkloadEndpoint) {
      Endpoint.WorkloadEndpoint e = (Endpoint.WorkloadEndpoint) endpoint;
      requireNamespace(endpoint, e.namespace());
      Workload w =
          cluster.workload(e.namespace() + "/" + e.name())
              .orElseThrow(
                  () ->
                      missing(
                          endpoint,
                          "no workload " + e.namespace() + "/" + e.name(),
                          e.name(),
                          cluster.workloads().stream()
                              .filter(x -> x.namespace().equals(e.namespace()))
                              .map(Workload::name)
                              .collect(Collectors.toList()),
                          "workloads in " + e.namespace()));
      List<Pod> pods =
          w.podNames().stream()
              .map(n -> cluster.pod(w.namespace() + "/" + n))
              .flatMap(Optional::stream)
              .collect(Collectors.toList());
      if (pods.isEmpty()) {
        throw new EndpointResolutionException(endpoint, w + " has no pods (replicas: 0?)");
      }
      return pods;
    }
    if (endpoint instanceof Endpoint.NamespaceEndpoint) {
      String ns = ((Endpoint.NamespaceEndpoint) endpoint).name();
      requireNamespace(endpoint, ns);
      List<Pod> pods = cluster.podsIn(ns);
      if (pods.isEmpty()) {
        throw new EndpointResolutionException(endpoint, "namespace " + ns + " has no pods");
      }
      return pods;
    }
    if (endpoint instanceof Endpoint.ServiceEndpoint) {
      Endpoint.ServiceEndpoint e = (Endpoint.ServiceEndpoint) endpoint;
      return servicePods(endpoint, service(e));
    }
    return selection((Endpoint.SelectionEndpoint) endpoint);
  }

  private Service service(Endpoint.ServiceEndpoint e) {
    requireNamespace(e, e.namespace());
    return cluster.service(e.namespace() + "/" + e.name())
        .orElseThrow(
            () ->
                missing(
                    e,
                    "no Service " + e.namespace() + "/" + e.name(),
                    e.name(),
                    cluster.services().stream()
                        .filter(s -> s.namespace().equals(e.namespace()))
                        .map(Service::name)
                        .collect(Collectors.toList()),
                    "Services in " + e.namespace()));
  }

  private List<Pod> servicePods(Endpoint endpoint, Service service) {
    List<Pod> pods =
        cluster.podsIn(service.namespace()).stream()
            .filter(service::selects)
            .collect(Collectors.toList());
    if (pods.isEmpty()) {
      throw new EndpointResolutionException(
          endpoint,
          "Service " + service.id() + " selects no pod"
              + (service.selector().isEmpty()
                  ? " (it has no selector)"
                  : " (selector " + service.selector() + ")"));
    }
    return pods;
  }

  private List<Pod> selection(Endpoint.SelectionEndpoint e) {
    e.namespace().ifPresent(ns -> requireNamespace(e, ns));
    List<Pod> scope = e.namespace().map(cluster::podsIn).orElse(cluster.pods());
    List<Pod> matched =
        scope.stream().filter(p -> e.selector().matches(p.labels())).collect(Collectors.toList());
    if (!matched.isEmpty()) {
      return matched;
    }
    String where = e.namespace().map(ns -> " in namespace " + ns).orElse("");
    List<String> reasons = new ArrayList<>();
    for (LabelSelectorRequirement r : e.selector().requirements()) {
      if (scope.stream().noneMatch(p -> r.matches(p.labels()))) {
        reasons.add(noPodHas(r, scope, where));
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(
          "no pod" + where + " matches all of " + e.selector()
              + ", though each requirement matches some pod");
    }
    if (e.namespace().isPresent()) {
      ImmutableSortedSet<String> elsewhere =
          cluster.pods().stream()
              .filter(p -> e.selector().matches(p.labels()))
              .map(Pod::namespace)
              .collect(ImmutableSortedSet.toImmutableSortedSet(Comparator.naturalOrder()));
      if (!elsewhere.isEmpty()) {
        reasons.add("pods matching it are in namespaces " + braces(elsewhere));
      }
    }
    throw new EndpointResolutionException(e, String.join("; ", reasons));
  }

  private static String noPodHas(LabelSelectorRequirement r, List<Pod> scope, String where) {
    ImmutableSortedSet<String> values =
        scope.stream()
            .map(p -> p.labels().get(r.key()))
            .flatMap(Optional::stream)
            .collect(ImmutableSortedSet.toImmutableSortedSet(Comparator.naturalOrder()));
    String wanted =
        r.operator() == LabelSelectorRequirement.Operator.IN && r.values().size() == 1
            ? r.key() + "=" + r.values().first()
            : r.toString();
    if (values.isEmpty()) {
      return "no pod" + where + " has " + wanted + "; no pod" + where + " has a label " + r.key();
    }
    return "no pod" + where + " has " + wanted + "; pods have " + r.key() + " in " + braces(values);
  }

  private void requireNamespace(Endpoint endpoint, String ns) {
    if (cluster.namespace(ns).isEmpty()) {
      throw missing(
          endpoint,
          "no namespace " + ns,
          ns,
          cluster.namespaces().stream().map(Namespace::name).collect(Collectors.toList()),
          "namespaces");
    }
  }

  private static EndpointResolutionException missing(
      Endpoint endpoint, String what, String wanted, Collection<String> names, String kind) {
    List<String> close = Suggestions.closest(wanted, names);
    String hint;
    if (!close.isEmpty()) {
      hint = "; did you mean " + String.join(" or ", close) + "?";
    } else if (names.isEmpty()) {
      hint = "; there are no " + kind;
    } else {
      hint = "; " + kind + ": " + names.stream().sorted().limit(10).collect(Collectors.joining(", "))
          + (names.size() > 10 ? ", ..." : "");
    }
    return new EndpointResolutionException(endpoint, what + hint);
  }

  private static String braces(Collection<String> values) {
    return "{" + String.join(", ", values) + "}";
  }
}
