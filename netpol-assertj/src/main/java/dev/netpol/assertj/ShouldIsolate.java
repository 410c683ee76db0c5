package dev.netpol.assertj;

import dev.netpol.core.Endpoint;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
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

  static ErrorMessageFactory shouldIsolate(
      Endpoint endpoint,
      PolicyType direction,
      int pods,
      List<String> notIsolated,
      List<String> policies) {
    return new ShouldIsolate(
        expectation(direction)
            + ", but "
            + Messages.of(notIsolated.size(), pods, "pod")
            + " not selected by any NetworkPolicy for "
            + word(direction)
            + ":"
            + Messages.literal(Messages.list(notIsolated))
            + Messages.literal("\n" + String.join("\n", policies)),
        endpoint);
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
