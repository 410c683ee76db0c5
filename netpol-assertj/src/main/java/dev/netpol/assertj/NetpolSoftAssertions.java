package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft netpol assertions: every failure of a test is collected and reported together, instead of
 * stopping at the first. Works as AssertJ's own soft assertions do: with {@link
 * #assertSoftly(Consumer)}, with {@link #assertAll()}, or injected by AssertJ's {@code
 * SoftAssertionsExtension}.
 *
 * <pre>{@code
 * NetpolSoftAssertions.assertSoftly(softly -> {
 *   softly.assertThat(cluster).allows(frontend).to(backend).onTcp(80);
 *   softly.assertThat(cluster).denies(frontend).to(cidr("0.0.0.0/0")).onAllPorts();
 * });
 *
 * @ExtendWith(SoftAssertionsExtension.class)
 * class PolicyTest {
 *   @InjectSoftAssertions NetpolSoftAssertions softly;
 * }
 * }</pre>
 *
 * <p>A chain left unfinished is collected as an error too, by the next {@code assertThat} of this
 * object.
 */
public class NetpolSoftAssertions extends AbstractSoftAssertions {

  /** Soft assertions with no error collected yet. */
  public NetpolSoftAssertions() {
    super();
  }

  /**
   * Runs soft assertions and then fails with every error collected, if any.
   *
   * <pre>{@code
   * NetpolSoftAssertions.assertSoftly(softly -> softly.assertThat(cluster).isolatesIngressOf(backend));
   * }</pre>
   *
   * @param softly the assertions to run
   * @throws AssertionError listing every collected failure
   */
  public static void assertSoftly(Consumer<NetpolSoftAssertions> softly) {
    SoftAssertionsProvider.assertSoftly(NetpolSoftAssertions.class, softly::accept);
  }

  /**
   * Soft assertions about a cluster's NetworkPolicies; a failing chain terminal is collected.
   *
   * <pre>{@code
   * softly.assertThat(cluster).allows(frontend).to(backend).onTcp(80);
   * }</pre>
   *
   * @param actual the cluster
   * @return the (proxied) assertion object
   */
  @CheckReturnValue
  public ClusterAssert assertThat(Cluster actual) {
    collectUnfinishedChain();
    return proxy(ClusterAssert.class, Cluster.class, actual);
  }

  /**
   * Soft assertions about one connection's verdict.
   *
   * <pre>{@code
   * softly.assertThat(verdict).isAllowed();
   * }</pre>
   *
   * @param actual the verdict
   * @return the (proxied) assertion object
   */
  @CheckReturnValue
  public VerdictAssert assertThat(Verdict actual) {
    collectUnfinishedChain();
    return proxy(VerdictAssert.class, Verdict.class, actual);
  }

  /**
   * Soft assertions about the reachability engine's answers for a whole cluster.
   *
   * <pre>{@code
   * softly.assertThat(matrix).hasTruthTable(expected);
   * }</pre>
   *
   * @param actual the matrix
   * @return the (proxied) assertion object
   */
  @CheckReturnValue
  public ReachabilityMatrixAssert assertThat(ReachabilityMatrix actual) {
    collectUnfinishedChain();
    return proxy(ReachabilityMatrixAssert.class, ReachabilityMatrix.class, actual);
  }

  private void collectUnfinishedChain() {
    Optional<AssertionError> unfinished = PendingChains.take();
    unfinished.ifPresent(this::collectAssertionError);
  }
}
