package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.reach.ReachabilityMatrix;
import org.assertj.core.annotation.CheckReturnValue;

/**
 * The entry point of netpol's AssertJ assertions: one static import serves, beside AssertJ's own
 * {@code Assertions.assertThat}.
 *
 * <pre>{@code
 * import static dev.netpol.assertj.NetpolAssertions.assertThat;
 * import static dev.netpol.core.Endpoint.*;
 *
 * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
 * assertThat(cluster).denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
 * assertThat(cluster.evaluate(frontend0, backend0, Port.tcp(80))).isAllowed();
 * }</pre>
 *
 * <p>A chain such as {@code allows(a).to(b)} asserts nothing until a port ends it; one left
 * unfinished fails the test that left it under {@code @NetpolTest} (netpol-junit5) or {@link
 * NetpolAssertionsExtension}, else the next netpol assertion of the thread, or {@link
 * #verifyNoUnfinishedAssertions()} at the end of a test.
 */
public final class NetpolAssertions {
  private NetpolAssertions() {}

  /**
   * Assertions about a cluster's NetworkPolicies.
   *
   * <pre>{@code
   * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
   * }</pre>
   *
   * @param actual the cluster
   * @return the assertion object
   * @throws AssertionError if a chain of this thread was left unfinished
   */
  @CheckReturnValue
  public static ClusterAssert assertThat(Cluster actual) {
    PendingChains.verifyNone();
    return new ClusterAssert(actual);
  }

  /**
   * Assertions about one connection's verdict.
   *
   * <pre>{@code
   * assertThat(cluster.evaluate(frontend0, backend0, Port.tcp(80))).isAllowedBy("allow-frontend-to-backend");
   * }</pre>
   *
   * @param actual the verdict
   * @return the assertion object
   * @throws AssertionError if a chain of this thread was left unfinished
   */
  @CheckReturnValue
  public static VerdictAssert assertThat(Verdict actual) {
    PendingChains.verifyNone();
    return new VerdictAssert(actual);
  }

  /**
   * Assertions about the reachability engine's answers for a whole cluster.
   *
   * <pre>{@code
   * assertThat(ReachabilityEngine.withDefaults().build(cluster)).allows(frontend0, backend0, Port.tcp(80));
   * }</pre>
   *
   * @param actual the matrix
   * @return the assertion object
   * @throws AssertionError if a chain of this thread was left unfinished
   */
  @CheckReturnValue
  public static ReachabilityMatrixAssert assertThat(ReachabilityMatrix actual) {
    PendingChains.verifyNone();
    return new ReachabilityMatrixAssert(actual);
  }

  /**
   * Fails if this thread has a chain that was started ({@code allows(a).to(b)}) but never ended
   * by a port; for test frameworks other than JUnit Jupiter (which has {@link
   * NetpolAssertionsExtension}), call it after each test. The chain is forgotten once reported.
   *
   * <pre>{@code
   * @AfterMethod void noUnfinishedAssertions() { NetpolAssertions.verifyNoUnfinishedAssertions(); }
   * }</pre>
   *
   * @throws AssertionError {@code unfinished netpol assertion started at FooTest.java:42: ...}
   */
  public static void verifyNoUnfinishedAssertions() {
    PendingChains.verifyNone();
  }
}
