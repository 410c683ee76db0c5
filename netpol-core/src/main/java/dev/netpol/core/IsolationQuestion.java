package dev.netpol.core;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.eval.DirectionVerdict;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.List;

/**
 * Answers isolation with the evaluator's own side verdicts, so that which pods a policy selects
 * (own namespace, podSelector, never a host-network pod, effective policyTypes) is decided in one
 * place: whether a side is isolated does not depend on the other end or the port, so a probe
 * connection from (or to) an outside address shows it.
 */
final class IsolationQuestion {
  private static final Party PROBE = Party.address(IpAddress.parse("192.0.2.1"));
  private static final Port ANY_PORT = Port.tcp(1);

  private final Cluster cluster;
  private final EndpointResolver resolver;
  private final Evaluator evaluator;

  IsolationQuestion(Cluster cluster, Evaluator evaluator) {
    this.cluster = cluster;
    this.resolver = new EndpointResolver(cluster, evaluator);
    this.evaluator = evaluator;
  }

  IsolationAnswer answer(Endpoint endpoint, PolicyType direction) {
    List<Party> parties = resolver.parties(endpoint);
    ImmutableList.Builder<PodIsolation> pods = ImmutableList.builder();
    ImmutableList.Builder<Party> outside = ImmutableList.builder();
    for (Party party : parties) {
      party.asPod().ifPresentOrElse(
          pod -> pods.add(of(pod, direction)), () -> outside.add(party));
    }
    return new IsolationAnswer(endpoint, direction, pods.build(), outside.build());
  }

  private PodIsolation of(Pod pod, PolicyType direction) {
    DirectionVerdict side = side(pod, direction);
    if (side instanceof DirectionVerdict.Layered layered) {
      // Isolation is a NetworkPolicy notion: cluster-scoped policies never isolate a pod.
      side = layered.networkPolicy().orElse(side);
    }
    if (side instanceof DirectionVerdict.Layered && isolating(pod, direction).isEmpty()) {
      return new PodIsolation(
          pod, direction, PodIsolation.Reason.NOT_SELECTED, ImmutableList.of(), ImmutableList.of());
    }
    if (side instanceof DirectionVerdict.NotIsolated n) {
      return new PodIsolation(
          pod,
          direction,
          n.hostNetwork() ? PodIsolation.Reason.HOST_NETWORK : PodIsolation.Reason.NOT_SELECTED,
          ImmutableList.of(),
          n.hostNetwork() ? ImmutableList.of() : n.ignoringPolicies());
    }
    return new PodIsolation(
        pod, direction, PodIsolation.Reason.ISOLATED, isolating(pod, direction), ImmutableList.of());
  }

  /** The same rule homes the evaluator uses: selection and effective policyTypes. */
  private ImmutableList<NetworkPolicy> isolating(Pod pod, PolicyType direction) {
    return cluster.policiesIn(pod.namespace()).stream()
        .filter(p -> p.selects(pod) && p.isolates(direction))
        .collect(ImmutableList.toImmutableList());
  }

  private DirectionVerdict side(Pod pod, PolicyType direction) {
    if (direction == PolicyType.INGRESS) {
      Verdict v = evaluator.evaluate(PROBE, Party.pod(pod), ANY_PORT);
      return v.ingress();
    }
    return evaluator.evaluate(Party.pod(pod), PROBE, ANY_PORT).egress();
  }
}
