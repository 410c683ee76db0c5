package dev.netpol.assertj;

import dev.netpol.core.eval.DirectionVerdict;
import dev.netpol.core.eval.PolicyDenial;
import dev.netpol.core.eval.RuleRef;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.policy.NetworkPolicy;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about one {@link Verdict} (one connection between two pods, or a pod and an
 * address). Obtain one with {@link NetpolAssertions#assertThat(Verdict)}.
 *
 * <pre>{@code
 * Verdict v = cluster.evaluate(frontend0, backend0, Port.tcp(80));
 * assertThat(v).isAllowed().isAllowedBy("allow-frontend-to-backend");
 * }</pre>
 *
 * <p>A policy is named by its name ({@code "allow-web"}) or its {@code namespace/name}. Failure
 * messages end with the verdict's full explanation. A verdict whose answer is undefined by the API
 * ({@link Verdict#undefined()}, docs/cluster-policies.md#ties) fails every expectation.
 */
public class VerdictAssert extends AbstractAssert<VerdictAssert, Verdict> {

  /**
   * Assertions about a verdict; prefer {@link NetpolAssertions#assertThat(Verdict)}.
   *
   * @param actual the verdict
   */
  public VerdictAssert(Verdict actual) {
    super(actual, VerdictAssert.class);
  }

  /**
   * Verifies that the connection is allowed (both its source's egress and its destination's
   * ingress let it through).
   *
   * <pre>{@code
   * assertThat(cluster.evaluate(frontend0, backend0, Port.tcp(80))).isAllowed();
   * }</pre>
   *
   * @return this assertion object
   * @throws AssertionError if it is denied, with the explanation
   */
  public VerdictAssert isAllowed() {
    PendingChains.verifyNone();
    requireDefined("allowed");
    if (!actual.allowed()) {
      throwAssertionError(ShouldBeVerdict.shouldBe(actual, "allowed", "it is denied"));
    }
    return myself;
  }

  /**
   * Verifies that the connection is denied (by its source's egress, its destination's ingress, or
   * both).
   *
   * <pre>{@code
   * assertThat(cluster.evaluate(backend0, frontend0, Port.tcp(80))).isDenied();
   * }</pre>
   *
   * @return this assertion object
   * @throws AssertionError if it is allowed, with the explanation
   */
  public VerdictAssert isDenied() {
    PendingChains.verifyNone();
    requireDefined("denied");
    if (actual.allowed()) {
      throwAssertionError(ShouldBeVerdict.shouldBe(actual, "denied", "it is allowed"));
    }
    return myself;
  }

  /**
   * Verifies that the connection is allowed and that a rule of the named policy admits it on one
   * of its sides (other policies may admit it too).
   *
   * <pre>{@code
   * assertThat(verdict).isAllowedBy("allow-frontend-to-backend");
   * }</pre>
   *
   * @param policy the policy's name, or {@code namespace/name}
   * @return this assertion object
   * @throws AssertionError if the connection is denied, or no rule of that policy admits it
   */
  public VerdictAssert isAllowedBy(String policy) {
    PendingChains.verifyNone();
    requireDefined("allowed by NetworkPolicy " + policy);
    boolean admits =
        Stream.of(actual.egress(), actual.ingress())
            .map(VerdictAssert::networkPolicyPart)
            .filter(DirectionVerdict.Allowed.class::isInstance)
            .flatMap(s -> ((DirectionVerdict.Allowed) s).admittedBy().stream())
            .map(RuleRef::policy)
            .anyMatch(p -> names(p, policy));
    if (!actual.allowed() || !admits) {
      throwAssertionError(
          ShouldBeVerdict.shouldBe(
              actual,
              "allowed by NetworkPolicy " + policy,
              actual.allowed() ? "no rule of that policy admits it" : "it is denied"));
    }
    return myself;
  }

  /**
   * Verifies that the connection is denied and that the named policy is among those isolating a
   * denying side (it selects the pod, and none of its rules admits the connection).
   *
   * <pre>{@code
   * assertThat(verdict).isDeniedBy("deny-all-ingress-to-backend");
   * }</pre>
   *
   * @param policy the policy's name, or {@code namespace/name}
   * @return this assertion object
   * @throws AssertionError if the connection is allowed, or that policy does not take part in
   *     denying it
   */
  public VerdictAssert isDeniedBy(String policy) {
    PendingChains.verifyNone();
    requireDefined("denied by NetworkPolicy " + policy);
    boolean denies =
        Stream.of(actual.egress(), actual.ingress())
            .filter(s -> !s.allows())
            .map(VerdictAssert::networkPolicyPart)
            .filter(DirectionVerdict.Denied.class::isInstance)
            .flatMap(s -> ((DirectionVerdict.Denied) s).policies().stream())
            .map(PolicyDenial::policy)
            .anyMatch(p -> names(p, policy));
    if (actual.allowed() || !denies) {
      throwAssertionError(
          ShouldBeVerdict.shouldBe(
              actual,
              "denied by NetworkPolicy " + policy,
              actual.allowed() ? "it is allowed" : "that policy does not isolate a denying side"));
    }
    return myself;
  }

  /**
   * Verifies the verdict's full explanation, as {@link Verdict#explain()} writes it.
   *
   * <pre>{@code
   * assertThat(verdict).hasExplanation(String.join("\n",
   *     "default/frontend-0 -> default/backend-1 on TCP/80: ALLOWED", "  egress of ...", "  ingress of ..."));
   * }</pre>
   *
   * @param expected the exact text, lines separated by {@code \n}
   * @return this assertion object
   * @throws AssertionError if the explanation differs (IDEs show the difference)
   */
  public VerdictAssert hasExplanation(String expected) {
    PendingChains.verifyNone();
    String explanation = actual.explain();
    if (!explanation.equals(expected)) {
      failWithActualExpectedAndMessage(
          explanation,
          expected,
          "expected the explanation of %s to be:\n%s\nbut it is:\n%s",
          ShouldBeVerdict.connection(actual),
          expected,
          explanation);
    }
    return myself;
  }

  /**
   * An answer the API leaves undefined (docs/cluster-policies.md#ties) holds no expectation: a
   * real cluster may answer either way.
   */
  private void requireDefined(String expected) {
    if (actual.undefined()) {
      throwAssertionError(
          ShouldBeVerdict.shouldBe(actual, expected, "its answer is undefined by the API"));
    }
  }

  private static boolean names(NetworkPolicy p, String name) {
    return p.name().equals(name) || p.id().equals(name);
  }

  /** The NetworkPolicy layer of a side judged with cluster-scoped policies, else the side. */
  private static DirectionVerdict networkPolicyPart(DirectionVerdict side) {
    if (side instanceof DirectionVerdict.Layered layered) {
      return layered.networkPolicy().orElse(side);
    }
    return side;
  }
}
