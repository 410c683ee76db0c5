package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.IsolationAnswer;
import dev.netpol.core.PodIsolation;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code isolatesIngressOf}/{@code isolatesEgressOf} failed: the pods no policy isolates, then the
 * policies of their namespaces with their selectors, to see at once which selector misses.
 */
final class ShouldIsolate extends BasicErrorMessageFactory {
  private ShouldIsolate(String format, Object... arguments) {
    super(format, arguments);
  }

  static String expectation(PolicyType direction) {
    return "expected every pod of %s to be isolated for " + word(direction);
  }

  /** Core's answer: the pods not isolated, then the policies of their namespaces. */
  static ErrorMessageFactory shouldIsolate(Cluster cluster, IsolationAnswer answer) {
    List<String> notIsolated = new ArrayList<>();
    TreeSet<String> namespaces = new TreeSet<>();
    for (PodIsolation pod : answer.notIsolated()) {
      notIsolated.add(
          pod.pod().id()
              + (pod.reason() == PodIsolation.Reason.HOST_NETWORK
                  ? " (host network: no NetworkPolicy selects it)"
                  : ""));
      namespaces.add(pod.pod().namespace());
    }
    return new ShouldIsolate(
        expectation(answer.direction())
            + ", but "
            + Messages.of(notIsolated.size(), answer.pods().size(), "pod")
            + " not selected by any NetworkPolicy for "
            + word(answer.direction())
            + ":"
            + Messages.literal(Messages.list(notIsolated))
            + Messages.literal("\n" + String.join("\n", policies(cluster, namespaces))),
        answer.endpoint());
  }

  /** Each namespace's policies with their selectors, to see at once which selector misses. */
  private static List<String> policies(Cluster cluster, TreeSet<String> namespaces) {
    List<String> lines = new ArrayList<>();
    for (String ns : namespaces) {
      List<NetworkPolicy> inNamespace = cluster.policiesIn(ns);
      if (inNamespace.isEmpty()) {
        lines.add("no NetworkPolicy in " + ns);
        continue;
      }
      lines.add("NetworkPolicies in " + ns + ":");
      for (NetworkPolicy p : inNamespace) {
        lines.add(
            "  " + p + ": podSelector " + p.podSelector() + ", policyTypes " + p.policyTypes());
      }
    }
    return lines;
  }


  static ErrorMessageFactory outside(Endpoint endpoint, PolicyType direction) {
    return new ShouldIsolate(
        expectation(direction)
            + ", but %s names addresses outside the cluster, which no NetworkPolicy isolates",
        endpoint,
        endpoint);
  }

  private static String word(PolicyType direction) {
    return direction == PolicyType.INGRESS ? "ingress" : "egress";
  }
}
