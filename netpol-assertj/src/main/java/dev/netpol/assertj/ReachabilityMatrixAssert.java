package dev.netpol.assertj;

import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.table.TableCheck;
import dev.netpol.core.table.TableComparison;
import dev.netpol.core.table.TruthTable;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions about a {@link ReachabilityMatrix}, the engine's answers for every pod pair and
 * port of a cluster. Obtain one with {@link NetpolAssertions#assertThat(ReachabilityMatrix)}.
 *
 * <pre>{@code
 * ReachabilityMatrix matrix = ReachabilityEngine.withDefaults().build(cluster);
 * assertThat(matrix).allows(frontend0, backend0, Port.tcp(80)).denies(backend0, frontend0, Port.tcp(80));
 * assertThat(matrix).hasTruthTable(TruthTable.parse("tables/tcp-80.txt", text));
 * }</pre>
 *
 * <p>Failure messages explain each offending connection with the reference evaluator ({@link
 * dev.netpol.core.Cluster#evaluate(Pod, Pod, Port)}), using the options the matrix was computed
 * with. The class and its methods are not final so that {@link NetpolSoftAssertions} can proxy
 * them.
 */
public class ReachabilityMatrixAssert
    extends AbstractAssert<ReachabilityMatrixAssert, ReachabilityMatrix> {

  /**
   * Assertions about a matrix; prefer {@link NetpolAssertions#assertThat(ReachabilityMatrix)}.
   *
   * @param actual the matrix
   */
  public ReachabilityMatrixAssert(ReachabilityMatrix actual) {
    super(actual, ReachabilityMatrixAssert.class);
  }

  /**
   * Verifies that the matrix lets one pod connect to another on a port.
   *
   * <pre>{@code
   * assertThat(matrix).allows(frontend0, backend0, Port.tcp(80));
   * }</pre>
   *
   * @param source the pod opening the connection
   * @param destination the pod accepting it
   * @param port the destination port
   * @return this assertion object
   * @throws AssertionError if the matrix denies it, with the reference evaluator's explanation
   * @throws IllegalArgumentException if a pod is not in the matrix's cluster
   */
  public ReachabilityMatrixAssert allows(Pod source, Pod destination, Port port) {
    return reaches(true, source, destination, port);
  }

  /**
   * Verifies that the matrix does not let one pod connect to another on a port.
   *
   * <pre>{@code
   * assertThat(matrix).denies(backend0, frontend0, Port.tcp(80));
   * }</pre>
   *
   * @param source the pod opening the connection
   * @param destination the pod accepting it
   * @param port the destination port
   * @return this assertion object
   * @throws AssertionError if the matrix allows it, with the reference evaluator's explanation
   * @throws IllegalArgumentException if a pod is not in the matrix's cluster
   */
  public ReachabilityMatrixAssert denies(Pod source, Pod destination, Port port) {
    return reaches(false, source, destination, port);
  }

  private ReachabilityMatrixAssert reaches(
      boolean allows, Pod source, Pod destination, Port port) {
    PendingChains.verifyNone();
    if (dev.netpol.core.policy.ClusterPolicy.anyTie(actual.cluster().clusterPolicies())) {
      // docs/cluster-policies.md#ties: an undefined answer holds no expectation.
      Verdict verdict =
          actual.cluster().evaluator(actual.options()).evaluate(source, destination, port);
      if (verdict.undefined()) {
        throwAssertionError(ShouldBeVerdict.shouldBe(
            verdict, allows ? "allowed" : "denied", "its answer is undefined by the API"));
      }
    }
    if (actual.allowed(source, destination, port) != allows) {
      Verdict verdict =
          actual.cluster().evaluator(actual.options()).evaluate(source, destination, port);
      throwAssertionError(ShouldHaveReachability.shouldReach(allows, verdict));
    }
    return myself;
  }

  /**
   * Verifies the whole truth table of some pods on one port: rows are sources, columns
   * destinations, pods named by id {@code namespace/name}, the port given by the table.
   *
   * <pre>{@code
   * assertThat(matrix).hasTruthTable(TruthTable.parse("""
   *     # port: TCP/80
   *                         default/backend-0 default/frontend-0
   *     default/backend-0   X                 .
   *     default/frontend-0  .                 X
   *     """));
   * }</pre>
   *
   * @param expected the table, with a port
   * @return this assertion object
   * @throws AssertionError with core's {@link TableComparison#describe()}: only the differing
   *     cells, each with its explanation, then the actual table ready to copy; or the pod ids of
   *     the table that the cluster lacks, with the nearest ids
   * @throws IllegalArgumentException if the table has no port
   */
  public ReachabilityMatrixAssert hasTruthTable(TruthTable expected) {
    PendingChains.verifyNone();
    Optional<ErrorMessageFactory> failure = tableFailure(actual, expected);
    if (failure.isPresent()) {
      throwAssertionError(failure.get());
    }
    return myself;
  }

  /** Core's check of the table against the matrix's answers, as a failure message if any. */
  static Optional<ErrorMessageFactory> tableFailure(
      ReachabilityMatrix matrix, TruthTable expected) {
    TableComparison result =
        TableCheck.of(expected, matrix.cluster(), matrix.options(), matrix::allowed).compare();
    return result.matches()
        ? Optional.empty()
        : Optional.of(ShouldHaveReachability.shouldMatchTable(result));
  }
}
