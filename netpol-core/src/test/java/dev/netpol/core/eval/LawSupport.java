package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.Query;
import dev.netpol.core.testkit.Scenario;
import dev.netpol.core.testkit.TrafficEnd;
import java.util.Collection;
import java.util.Optional;

/**
 * What the laws share: asking a generated {@link Query}, and the facts a law states its premise
 * with, computed from the model alone (never by the evaluator under test).
 */
final class LawSupport {
  private LawSupport() {}

  /**
   * A scenario judged under some plugin options: the input of a law that must hold whatever the
   * options (docs/semantics.md#plugin-options).
   */
  record Judged(Scenario scenario, EvaluationOptions options) {
    Cluster cluster() {
      return scenario.cluster();
    }

    Query query() {
      return scenario.query();
    }

    /** The verdict of the query in the scenario's cluster. */
    Optional<Verdict> verdict() {
      return verdict(cluster());
    }

    /** The verdict of the query in another cluster, under the same options. */
    Optional<Verdict> verdict(Cluster cluster) {
      return LawSupport.verdict(cluster.evaluator(options), query());
    }

    /** Whether the options make this query a pod's traffic to itself, always allowed. */
    boolean selfTrafficAllowed() {
      return options.selfTrafficAlwaysAllowed() && query().source().pod().isPresent()
          && query().source().pod().equals(query().destination().pod());
    }

    /** The scenario's YAML and query, then the options. */
    String describe() {
      return Property.describe(scenario) + "# options: " + options + "\n";
    }
  }

  /** Scenarios under generated options, the defaults first. */
  static Gen<Judged> judgedScenarios() {
    return Gen.zip(NetpolGen.scenarios(), NetpolGen.options(), Judged::new);
  }

  /**
   * The verdict of a query, or empty when neither end is a pod (no policy could judge it). An
   * outside end goes through the address overloads, as a user would ask.
   */
  static Optional<Verdict> verdict(Evaluator evaluator, Query q) {
    Optional<Pod> source = q.source().pod();
    Optional<Pod> destination = q.destination().pod();
    if (source.isPresent() && destination.isPresent()) {
      return Optional.of(evaluator.evaluate(source.get(), destination.get(), q.port()));
    }
    if (source.isPresent()) {
      return Optional.of(evaluator.evaluate(source.get(), q.destination().address(), q.port()));
    }
    if (destination.isPresent()) {
      return Optional.of(evaluator.evaluate(q.source().address(), destination.get(), q.port()));
    }
    return Optional.empty();
  }

  /** The verdict of a query in a cluster, with the default options. */
  static Optional<Verdict> verdict(Cluster cluster, Query q) {
    return verdict(cluster.evaluator(), q);
  }

  /** The pod whose side a direction is: the source for egress, the destination for ingress. */
  static Optional<Pod> sidePod(Query q, PolicyType direction) {
    TrafficEnd end = direction == PolicyType.EGRESS ? q.source() : q.destination();
    return end.pod();
  }

  /** The side of a verdict for a direction. */
  static DirectionVerdict side(Verdict v, PolicyType direction) {
    return direction == PolicyType.EGRESS ? v.egress() : v.ingress();
  }

  /**
   * Isolation from the model (docs/semantics.md#isolation): the policies of the pod's namespace
   * that select it and whose effective policyTypes contain the direction; none for a host-network
   * pod, which no policy selects (docs/semantics.md#plugin-options).
   */
  static ImmutableList<NetworkPolicy> isolating(Cluster cluster, Pod pod, PolicyType direction) {
    if (pod.hostNetwork()) {
      return ImmutableList.of();
    }
    return cluster.policiesIn(pod.namespace()).stream()
        .filter(p -> p.podSelector().matches(pod.labels()) && p.isolates(direction))
        .collect(ImmutableList.toImmutableList());
  }

  /** The same cluster (namespaces, pods, workloads, Services) with exactly these policies. */
  static Cluster withPolicies(Cluster cluster, Collection<NetworkPolicy> policies) {
    Cluster.Builder b = cluster.toBuilder();
    cluster.policies().forEach(p -> b.removePolicy(p.id()));
    policies.forEach(b::policy);
    return b.build();
  }

  /** A copy of a policy under another name. */
  static NetworkPolicy renamed(NetworkPolicy p, String name) {
    return new NetworkPolicy(p.namespace(), name, p.podSelector(), p.declaredPolicyTypes(),
        p.ingress(), p.egress());
  }

  /** The verdict of each IP family judged: one, or two for a pair of dual-stack pods. */
  static java.util.List<Verdict> perFamily(Verdict v) {
    java.util.List<Verdict> out = new java.util.ArrayList<>();
    out.add(v);
    v.otherFamily().ifPresent(out::add);
    return out;
  }

  /**
   * The verdict of {@code v} (or of its other family) judged in the IP family of {@code like}:
   * laws that compare sides compare them within one family.
   */
  static Verdict sameFamily(Verdict v, Verdict like) {
    return perFamily(v).stream()
        .filter(x -> x.family().equals(like.family()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no verdict in the family of " + like + ": " + v));
  }
}
