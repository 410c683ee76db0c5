package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.eval.Party;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.assertj.core.error.ErrorMessageFactory;

/** Whether every pod of an endpoint is isolated in a direction (docs/semantics.md#isolation). */
final class Isolation {
  private Isolation() {}

  static Optional<ErrorMessageFactory> check(
      Cluster cluster, Endpoint endpoint, PolicyType direction) {
    List<Party> parties;
    try {
      parties = cluster.resolve(endpoint);
    } catch (EndpointResolutionException e) {
      return Optional.of(
          ShouldResolve.shouldResolve(ShouldIsolate.expectation(direction), e, endpoint));
    }
    if (parties.stream().anyMatch(p -> p.asPod().isEmpty())) {
      return Optional.of(ShouldIsolate.outside(endpoint, direction));
    }
    List<String> notIsolated = new ArrayList<>();
    TreeSet<String> namespaces = new TreeSet<>();
    for (Party party : parties) {
      Pod pod = party.asPod().orElseThrow();
      if (pod.hostNetwork()) {
        notIsolated.add(pod.id() + " (host network: no NetworkPolicy selects it)");
        namespaces.add(pod.namespace());
      } else if (cluster.policiesIn(pod.namespace()).stream()
          .noneMatch(p -> p.isolates(direction) && p.podSelector().matches(pod.labels()))) {
        notIsolated.add(pod.id());
        namespaces.add(pod.namespace());
      }
    }
    if (notIsolated.isEmpty()) {
      return Optional.empty();
    }
    List<String> policies = new ArrayList<>();
    for (String ns : namespaces) {
      List<NetworkPolicy> inNamespace = cluster.policiesIn(ns);
      if (inNamespace.isEmpty()) {
        policies.add("no NetworkPolicy in " + ns);
        continue;
      }
      policies.add("NetworkPolicies in " + ns + ":");
      for (NetworkPolicy p : inNamespace) {
        policies.add(
            "  " + p + ": podSelector " + p.podSelector() + ", policyTypes " + p.policyTypes());
      }
    }
    return Optional.of(
        ShouldIsolate.shouldIsolate(endpoint, direction, parties.size(), notIsolated, policies));
  }
}
