package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.Port;
import dev.netpol.core.table.TableCheck;
import dev.netpol.core.table.TruthTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * An expected reachability table for one port, as {@link ReachabilityTest} and {@link
 * ReachabilityTests} read it: core's {@link TruthTable}, loaded from the classpath or a file, with
 * its port line required. The format, its edge cases and its error messages are {@link
 * TruthTable}'s; checking it against a cluster is core's {@link TableCheck}.
 *
 * <pre>{@code
 * ExpectedTable table = ExpectedTable.load("tables/tcp-80.txt");
 * table.port();          // TCP/80, from the table's "# port: TCP/80" line
 * table.truthTable();    // e.g. for assertThat(cluster).hasReachability(table.truthTable())
 * }</pre>
 */
public final class ExpectedTable {
  private final String sourceName;
  private final Port port;
  private final TruthTable table;

  private ExpectedTable(String sourceName, Port port, TruthTable table) {
    this.sourceName = sourceName;
    this.port = port;
    this.table = table;
  }

  /**
   * Reads a table from a location: a classpath resource (no prefix, or {@code classpath:}) or a
   * file ({@code file:}, relative to the working directory unless absolute).
   *
   * <pre>{@code
   * ExpectedTable table = ExpectedTable.load("tables/tcp-80.txt");
   * }</pre>
   *
   * @param location e.g. {@code "tables/tcp-80.txt"} or {@code "file:k8s/tcp-80.txt"}
   * @return the table
   * @throws IllegalArgumentException if it does not exist or is not a valid table
   */
  public static ExpectedTable load(String location) {
    String where = ManifestSet.normalize(location);
    try {
      if (where.startsWith(ManifestSet.FILE)) {
        Path path = Path.of(where.substring(ManifestSet.FILE.length()));
        if (!Files.isRegularFile(path)) {
          throw new IllegalArgumentException(where + ": no such file");
        }
        return parse(location, Files.readString(path, StandardCharsets.UTF_8));
      }
      String name = where.substring(ManifestSet.CLASSPATH.length());
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      if (cl == null) {
        cl = ExpectedTable.class.getClassLoader();
      }
      try (InputStream in = cl.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalArgumentException(where + ": no such classpath resource");
        }
        return parse(location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a table in {@link TruthTable}'s format, with its port line required.
   *
   * <pre>{@code
   * ExpectedTable t = ExpectedTable.parse("inline", """
   *     # port: TCP/80
   *                 default/b
   *     default/a   .
   *     """);
   * }</pre>
   *
   * @param sourceName how error messages name the text, e.g. {@code tables/tcp-80.txt}
   * @param text the table, see {@link TruthTable}
   * @return the table
   * @throws IllegalArgumentException naming the line, if the text is not a valid table
   */
  public static ExpectedTable parse(String sourceName, String text) {
    return of(sourceName, TruthTable.parse(sourceName, text));
  }

  /**
   * An expected table from core's table, which must name its port.
   *
   * <pre>{@code
   * ExpectedTable t = ExpectedTable.of("tcp-80", TruthTable.parse("# port: TCP/80\n- x/a\nx/a ."));
   * }</pre>
   *
   * @param sourceName how error messages name the table, e.g. {@code tables/tcp-80.txt}
   * @param table the table
   * @return the expected table
   * @throws IllegalArgumentException if the table has no port
   */
  public static ExpectedTable of(String sourceName, TruthTable table) {
    return new ExpectedTable(sourceName, table.requirePort(), table);
  }

  /**
   * A table of known answers, e.g. the actual answers of a cluster, for {@link #format()}.
   *
   * @param port the port
   * @param sources the source pods ({@code namespace/name}), one row each
   * @param destinations the destination pods, one column each
   * @param allowed whether a source may reach a destination
   * @return the table, named {@code actual}
   */
  public static ExpectedTable of(
      Port port,
      List<String> sources,
      List<String> destinations,
      BiPredicate<String, String> allowed) {
    boolean[][] cells = new boolean[sources.size()][destinations.size()];
    for (int r = 0; r < sources.size(); r++) {
      for (int c = 0; c < destinations.size(); c++) {
        cells[r][c] = allowed.test(sources.get(r), destinations.get(c));
      }
    }
    return new ExpectedTable("actual", port, TruthTable.of(port, sources, destinations, cells));
  }

  /**
   * The actual answers for this table's pods and port, as an evaluator gives them; see {@link
   * TableCheck#actual()}.
   *
   * <pre>{@code
   * ExpectedTable actual = expected.actual(cluster, cluster.evaluator());
   * System.out.println(actual.format());   // copy it over the expected file to accept a change
   * }</pre>
   *
   * @param cluster the cluster the pods are in
   * @param evaluator the evaluator to ask, e.g. {@code cluster.evaluator()}
   * @return a table of the same shape with the actual answers
   * @throws IllegalArgumentException naming the line if a pod of the table is not in the cluster
   */
  public ExpectedTable actual(Cluster cluster, Evaluator evaluator) {
    return new ExpectedTable(
        "actual", port, TableCheck.of(table, cluster, evaluator.options()).actual());
  }

  /**
   * How messages name this table, e.g. {@code tables/tcp-80.txt}.
   *
   * @return the source name
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * The port every cell is about.
   *
   * @return e.g. {@code TCP/80}
   */
  public Port port() {
    return port;
  }

  /**
   * The table as core knows it, e.g. to compare with {@code assertThat(cluster).hasReachability}.
   *
   * @return the table, with its port
   */
  public TruthTable truthTable() {
    return table;
  }

  /**
   * The source pods, in row order.
   *
   * @return their {@code namespace/name}
   */
  public ImmutableList<String> sources() {
    return table.sources();
  }

  /**
   * The destination pods, in column order.
   *
   * @return their {@code namespace/name}
   */
  public ImmutableList<String> destinations() {
    return table.destinations();
  }

  /**
   * Every cell, row by row; see {@link TruthTable#cells()}.
   *
   * @return the cells
   */
  public ImmutableList<TruthTable.Cell> cells() {
    return table.cells();
  }

  /**
   * The table in its file format: the port line, the header, one row per source, aligned; see
   * {@link TruthTable#format()}.
   *
   * @return the text, ending with a newline
   */
  public String format() {
    return table.format();
  }

  /** Equal when port, pods and cells are equal; where the table came from does not count. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ExpectedTable && table.equals(((ExpectedTable) o).table);
  }

  @Override
  public int hashCode() {
    return table.hashCode();
  }

  /** Returns {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }
}
