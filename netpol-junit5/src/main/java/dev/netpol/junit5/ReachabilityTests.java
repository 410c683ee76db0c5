package dev.netpol.junit5;

import dev.netpol.core.Cluster;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns an expected truth table (a file in {@link dev.netpol.core.table.TruthTable}'s format, with
 * a port line) into dynamic tests, one per cell, for a
 * {@code @TestFactory}. Use it when the cluster is built in code; with {@link Manifests}, {@link
 * ReachabilityTest} does the same declaratively.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> seedTable() {
 *   Cluster cluster = Cluster.fromClasspath("manifests/seed");
 *   return ReachabilityTests.from(cluster, "tables/tcp-80.txt");
 * }
 * // default/frontend-0 -> default/backend-1 on TCP/80: allowed,
 * // default/frontend-0 -> default/frontend-1 on TCP/80: denied, ...
 * }</pre>
 *
 * <p>Each cell is checked with the reference evaluator ({@code cluster.evaluate(Pod, Pod, Port)});
 * a wrong cell fails with the verdict's explanation and the whole actual table, ready to be copied
 * over the file if the change is intended. The check and its messages are core's {@link
 * dev.netpol.core.table.TableCheck}.
 */
public final class ReachabilityTests {
  private ReachabilityTests() {}

  /**
   * One test per cell of a table, with the default evaluation options.
   *
   * @param cluster the cluster
   * @param tableLocation a classpath resource (no prefix, or {@code classpath:}) or a file
   *     ({@code file:})
   * @return the tests, row by row
   * @throws IllegalArgumentException naming file and line, if the table is invalid or names a pod
   *     the cluster does not have
   */
  public static Stream<DynamicTest> from(Cluster cluster, String tableLocation) {
    return from(cluster, EvaluationOptions.defaults(), tableLocation);
  }

  /**
   * One test per cell of a table, with chosen plugin-defined behaviours
   * (docs/semantics.md#plugin-options).
   *
   * @param cluster the cluster
   * @param options the evaluation options
   * @param tableLocation a classpath resource or a {@code file:} path
   * @return the tests, row by row
   * @throws IllegalArgumentException naming file and line, if the table is invalid or names a pod
   *     the cluster does not have
   */
  public static Stream<DynamicTest> from(
      Cluster cluster, EvaluationOptions options, String tableLocation) {
    CellTests check = new CellTests(cluster, options, ExpectedTable.load(tableLocation));
    return check.cells()
        .map(cell -> DynamicTest.dynamicTest(check.displayName(cell), () -> check.check(cell)));
  }
}
