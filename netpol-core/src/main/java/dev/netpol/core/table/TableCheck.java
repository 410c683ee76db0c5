package dev.netpol.core.table;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The one check of an expected {@link TruthTable} against a cluster, whole ({@link #compare()},
 * for an assertion) or cell by cell ({@link #check(TruthTable.Cell)}, for one test per cell).
 * Answers come from the reference evaluator (or from given {@link Answers}, e.g. the engine's
 * matrix); differing cells are explained by the evaluator.
 *
 * <pre>{@code
 * TableCheck check = TableCheck.of(TruthTable.parse("tables/tcp-80.txt", text), cluster);
 * check.unknownEndpoints();                  // [] unless the table has a typo
 * for (TruthTable.Cell cell : check.cells()) {
 *   check.check(cell).ifPresent(d -> fail(check.describe(d)));
 * }
 * check.compare().describe();                // the whole result as one message
 * }</pre>
 *
 * <p>The table must name its port ({@code # port: TCP/80}). Pod ids the cluster lacks do not
 * fail the construction: they are {@link #unknownEndpoints()}, with the nearest ids, and asking
 * for a cell or the actual table then fails. The actual table is computed once, when first needed.
 */
public final class TableCheck {
  /** Whether a source may connect to a destination on a port, e.g. a reachability matrix. */
  @FunctionalInterface
  public interface Answers {
    /**
     * One answer.
     *
     * @param source the pod opening the connection
     * @param destination the pod accepting it
     * @param port the destination port
     * @return true if allowed
     */
    boolean allowed(Pod source, Pod destination, Port port);
  }

  private final TruthTable expected;
  private final Port port;
  private final Evaluator evaluator;
  private final Answers answers;
  private final ImmutableMap<String, Pod> pods;
  private final ImmutableList<UnknownEndpoint> unknownEndpoints;
  private final Supplier<TruthTable> actual;
  private final boolean ties;

  private TableCheck(TruthTable expected, Cluster cluster, Evaluator evaluator, Answers answers) {
    this.expected = expected;
    this.port = expected.requirePort();
    this.evaluator = evaluator;
    this.answers = answers;
    this.ties = ClusterPolicy.anyTie(cluster.clusterPolicies());
    Map<String, Pod> found = new LinkedHashMap<>();
    ImmutableList.Builder<UnknownEndpoint> unknown = ImmutableList.builder();
    for (String id : expected.destinations()) {
      resolve(cluster, id, "column", expected.location(expected.headerLine().orElse(0)), found,
          unknown);
    }
    for (String id : expected.sources()) {
      resolve(cluster, id, "row", expected.location(expected.line(id).orElse(0)), found, unknown);
    }
    this.pods = ImmutableMap.copyOf(found);
    this.unknownEndpoints = unknown.build();
    this.actual = Suppliers.memoize(this::computeActual);
  }

  private static void resolve(Cluster cluster, String id, String role, Optional<String> location,
      Map<String, Pod> found, ImmutableList.Builder<UnknownEndpoint> unknown) {
    Optional<Pod> pod = cluster.pod(id);
    if (pod.isPresent()) {
      found.put(id, pod.get());
    } else {
      ImmutableList<String> ids = cluster.pods().stream().map(Pod::id).collect(
          ImmutableList.toImmutableList());
      unknown.add(new UnknownEndpoint(
          id, role, location, ImmutableList.copyOf(Suggestions.closest(id, ids))));
    }
  }

  /**
   * A check with the reference evaluator and the default plugin-defined behaviours.
   *
   * @param expected the table, with its port
   * @param cluster the cluster whose pods the table names
   * @return the check
   * @throws IllegalArgumentException if the table has no port
   */
  public static TableCheck of(TruthTable expected, Cluster cluster) {
    return of(expected, cluster, EvaluationOptions.defaults());
  }

  /**
   * A check with the reference evaluator and chosen plugin-defined behaviours
   * (docs/semantics.md#plugin-options).
   *
   * @param expected the table, with its port
   * @param cluster the cluster whose pods the table names
   * @param options the evaluation options
   * @return the check
   * @throws IllegalArgumentException if the table has no port
   */
  public static TableCheck of(TruthTable expected, Cluster cluster, EvaluationOptions options) {
    Evaluator evaluator = cluster.evaluator(options);
    return new TableCheck(
        expected, cluster, evaluator, (s, d, p) -> evaluator.evaluate(s, d, p).allowed());
  }

  /**
   * A check of other answers than the evaluator's, e.g. a reachability matrix's ({@code
   * matrix::allowed}); the evaluator with the same options still explains each differing cell.
   *
   * <pre>{@code
   * TableCheck.of(expected, matrix.cluster(), matrix.options(), matrix::allowed);
   * }</pre>
   *
   * @param expected the table, with its port
   * @param cluster the cluster whose pods the table names
   * @param options the options the answers were computed with
   * @param answers the answers to check
   * @return the check
   * @throws IllegalArgumentException if the table has no port
   */
  public static TableCheck of(
      TruthTable expected, Cluster cluster, EvaluationOptions options, Answers answers) {
    return new TableCheck(expected, cluster, cluster.evaluator(options), answers);
  }

  /**
   * The table being checked.
   *
   * @return the expected table
   */
  public TruthTable expected() {
    return expected;
  }

  /**
   * The port every cell is about.
   *
   * @return the table's port, e.g. {@code TCP/80}
   */
  public Port port() {
    return port;
  }

  /**
   * The table's pod ids that the cluster does not have: columns (the header), then rows.
   *
   * @return each with its location and nearest ids; empty if the table can be checked
   */
  public ImmutableList<UnknownEndpoint> unknownEndpoints() {
    return unknownEndpoints;
  }

  /**
   * Fails if the table names a pod the cluster does not have, with the same text as {@link
   * TableComparison#describe()}.
   *
   * @throws IllegalArgumentException listing every unknown pod id with its nearest ids
   */
  public void requireKnownEndpoints() {
    if (!unknownEndpoints.isEmpty()) {
      throw new IllegalArgumentException(
          TableComparison.describeUnknownEndpoints(unknownEndpoints));
    }
  }

  /**
   * The pods of the table that the cluster has: rows, then columns not already rows.
   *
   * @return the pods, e.g. to report their reachability when a cell fails
   */
  public ImmutableList<Pod> pods() {
    return Stream.concat(expected.sources().stream(), expected.destinations().stream())
        .distinct()
        .filter(pods::containsKey)
        .map(pods::get)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The cells to check, row by row; see {@link TruthTable#cells()}.
   *
   * @return the expected cells
   */
  public ImmutableList<TruthTable.Cell> cells() {
    return expected.cells();
  }

  /**
   * Checks one cell.
   *
   * @param cell a cell of the expected table
   * @return the difference, explained, if the cluster answers the other way or the answer is
   *     undefined by the API (docs/cluster-policies.md#ties); empty if it agrees
   * @throws IllegalArgumentException if the table names a pod the cluster does not have
   */
  public Optional<Difference> check(TruthTable.Cell cell) {
    requireKnownEndpoints();
    Pod source = pods.get(cell.source());
    Pod destination = pods.get(cell.destination());
    return difference(cell, answers.allowed(source, destination, port));
  }

  /**
   * A cell answered the other way, or one whose answer the API leaves undefined
   * (docs/cluster-policies.md#ties), which no expectation can hold.
   */
  private Optional<Difference> difference(TruthTable.Cell cell, boolean found) {
    Pod source = pods.get(cell.source());
    Pod destination = pods.get(cell.destination());
    if (ties) {
      Verdict verdict = evaluator.evaluate(source, destination, port);
      if (verdict.undefined()) {
        return Optional.of(
            new Difference(cell, found, expected.location(cell.line()), verdict, true));
      }
    }
    if (found == cell.allowed()) {
      return Optional.empty();
    }
    return Optional.of(new Difference(cell, found, expected.location(cell.line()),
        evaluator.evaluate(source, destination, port)));
  }

  /**
   * The one message of a differing cell on its own (one test per cell): the cell explained, then
   * the whole actual table to copy, as in {@link TableComparison#describe()}.
   *
   * @param difference a result of {@link #check(TruthTable.Cell)}
   * @return the text, without a trailing newline
   */
  public String describe(Difference difference) {
    return difference.describe() + "\n" + TableComparison.actualTableToCopy(expected, actual());
  }

  /**
   * The actual answers for the table's pods and port, computed once.
   *
   * @return a table with the same rows, columns and port
   * @throws IllegalArgumentException if the table names a pod the cluster does not have
   */
  public TruthTable actual() {
    requireKnownEndpoints();
    return actual.get();
  }

  private TruthTable computeActual() {
    boolean[][] cells = new boolean[expected.sources().size()][expected.destinations().size()];
    for (int r = 0; r < cells.length; r++) {
      Pod source = pods.get(expected.sources().get(r));
      for (int c = 0; c < cells[r].length; c++) {
        cells[r][c] = answers.allowed(source, pods.get(expected.destinations().get(c)), port);
      }
    }
    return TruthTable.of(port, expected.sources(), expected.destinations(), cells);
  }

  /**
   * Checks the whole table.
   *
   * @return the unknown pod ids, or the differing cells and the actual table
   */
  public TableComparison compare() {
    if (!unknownEndpoints.isEmpty()) {
      return new TableComparison(
          expected, unknownEndpoints, ImmutableList.of(), Optional.empty());
    }
    TruthTable answered = actual();
    ImmutableList<Difference> differences = expected.cells().stream()
        .map(cell -> difference(cell, answered.allowed(cell.source(), cell.destination())))
        .flatMap(Optional::stream)
        .collect(ImmutableList.toImmutableList());
    return new TableComparison(expected, unknownEndpoints, differences, Optional.of(answered));
  }
}
