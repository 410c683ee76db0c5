package dev.netpol.junit5;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.Port;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An expected reachability table for one port, in the style of the upstream Kubernetes e2e
 * tables: rows are sources, columns destinations, {@code .} allowed and {@code X} denied.
 *
 * <pre>{@code
 * # port: TCP/80
 * # rows are sources, columns destinations
 *                     default/backend-0 default/backend-1 default/frontend-0
 * default/backend-0   .                 .                 .
 * default/frontend-0  .                 .                 X
 * }</pre>
 *
 * <p>The format, line by line:
 *
 * <ul>
 *   <li>Blank lines are ignored, and so are lines starting with {@code #}, except the port line
 *       {@code # port: PROTOCOL/NUMBER} ({@code TCP/80}, {@code UDP/53}, {@code SCTP/9000}),
 *       which must come once, before the table: one file holds one port.
 *   <li>The first other line is the column header: the destination pods, {@code namespace/name},
 *       separated by spaces.
 *   <li>Every following line is a row: a source pod, then one cell per column, separated by
 *       spaces: {@code .} (allowed) or {@code X} (denied). Alignment is for readers only.
 * </ul>
 *
 * <p>A mistake is an {@link IllegalArgumentException} naming the file and line, e.g. {@code
 * tables/tcp-80.txt:4: row default/frontend-0 has 2 cells, expected 3 (one per column)}. {@link
 * #format()} writes this format back, so an actual table can be copied over an expected one.
 */
public final class ExpectedTable {
  private static final Pattern PORT_LINE =
      Pattern.compile("#\\s*port\\s*:\\s*(.*?)\\s*", Pattern.CASE_INSENSITIVE);

  /**
   * One cell of the table: may {@code source} connect to {@code destination}?
   *
   * @param source the source pod, {@code namespace/name}
   * @param destination the destination pod, {@code namespace/name}
   * @param allowed true for {@code .}, false for {@code X}
   * @param line the line of the cell's row in the file (1-based), or 0 for a table not read
   *     from a file
   */
  public record Cell(String source, String destination, boolean allowed, int line) {}

  private record Row(String source, int line, ImmutableList<Boolean> cells) {}

  private final String sourceName;
  private final Port port;
  private final ImmutableList<String> destinations;
  private final int headerLine;
  private final ImmutableList<Row> rows;

  private ExpectedTable(
      String sourceName, Port port, List<String> destinations, int headerLine, List<Row> rows) {
    this.sourceName = sourceName;
    this.port = port;
    this.destinations = ImmutableList.copyOf(destinations);
    this.headerLine = headerLine;
    this.rows = ImmutableList.copyOf(rows);
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
   * Parses a table.
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
   * @param text the table in the format described above
   * @return the table
   * @throws IllegalArgumentException naming the line, if the text is not a valid table
   */
  public static ExpectedTable parse(String sourceName, String text) {
    Port port = null;
    List<String> columns = null;
    int headerLine = 0;
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> rowLines = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = PORT_LINE.matcher(line);
      if (m.matches()) {
        if (port != null) {
          throw error(sourceName, lineNo, "a second port line: one file holds the table of one"
              + " port; put " + m.group(1) + " in a file of its own");
        }
        if (columns != null) {
          throw error(sourceName, lineNo, "the port line must come before the table");
        }
        try {
          port = Port.parse(m.group(1));
        } catch (IllegalArgumentException e) {
          throw error(sourceName, lineNo, e.getMessage());
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      List<String> tokens = List.of(line.split("\\s+"));
      if (port == null) {
        throw error(sourceName, lineNo, "expected the port line \"# port: PROTOCOL/NUMBER\""
            + " (e.g. # port: TCP/80) before the table, found \"" + line + "\"");
      }
      if (columns == null) {
        columns = header(sourceName, lineNo, tokens);
        headerLine = lineNo;
        continue;
      }
      String source = podId(sourceName, lineNo, tokens.get(0), "row");
      Integer previous = rowLines.putIfAbsent(source, lineNo);
      if (previous != null) {
        throw error(sourceName, lineNo, "row " + source + " appears twice (first on line "
            + previous + ")");
      }
      List<String> cells = tokens.subList(1, tokens.size());
      if (cells.size() != columns.size()) {
        throw error(sourceName, lineNo, "row " + source + " has " + cells.size()
            + (cells.size() == 1 ? " cell" : " cells") + ", expected " + columns.size()
            + " (one per column)");
      }
      ImmutableList.Builder<Boolean> values = ImmutableList.builder();
      for (int c = 0; c < cells.size(); c++) {
        String cell = cells.get(c);
        if (cell.equals(".")) {
          values.add(true);
        } else if (cell.equals("X")) {
          values.add(false);
        } else {
          throw error(sourceName, lineNo, "row " + source + ", column " + columns.get(c)
              + ": expected . (allowed) or X (denied), found \"" + cell + "\"");
        }
      }
      rows.add(new Row(source, lineNo, values.build()));
    }
    if (port == null) {
      throw new IllegalArgumentException(sourceName
          + ": no port line: expected \"# port: PROTOCOL/NUMBER\" (e.g. # port: TCP/80)");
    }
    if (columns == null || rows.isEmpty()) {
      throw new IllegalArgumentException(sourceName + ": no table after the port line: expected"
          + " a header of destination pods, then one row per source pod");
    }
    return new ExpectedTable(sourceName, port, columns, headerLine, rows);
  }

  private static List<String> header(String sourceName, int lineNo, List<String> tokens) {
    List<String> columns = new ArrayList<>();
    for (String t : tokens) {
      String id = podId(sourceName, lineNo, t, "column");
      if (columns.contains(id)) {
        throw error(sourceName, lineNo, "column " + id + " appears twice");
      }
      columns.add(id);
    }
    return columns;
  }

  private static String podId(String sourceName, int lineNo, String token, String what) {
    String[] parts = token.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw error(sourceName, lineNo, "invalid " + what + " \"" + token
          + "\": expected a pod as namespace/name, e.g. default/frontend-0");
    }
    return token;
  }

  private static IllegalArgumentException error(String sourceName, int line, String message) {
    return new IllegalArgumentException(sourceName + ":" + line + ": " + message);
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
    List<Row> rows = new ArrayList<>();
    for (String s : sources) {
      rows.add(new Row(s, 0, destinations.stream()
          .map(d -> allowed.test(s, d))
          .collect(ImmutableList.toImmutableList())));
    }
    return new ExpectedTable("actual", port, destinations, 0, rows);
  }

  /**
   * The actual answers for this table's pods and port, as an evaluator gives them.
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
    Map<String, Pod> pods = checkPods(cluster);
    return of(port, sources(), destinations,
        (s, d) -> evaluator.evaluate(pods.get(s), pods.get(d), port).allowed());
  }

  /**
   * Finds every pod of the table in the cluster.
   *
   * @param cluster the cluster
   * @return the pods by {@code namespace/name}
   * @throws IllegalArgumentException naming the line and the nearest misses, for a pod that the
   *     cluster does not have
   */
  Map<String, Pod> checkPods(Cluster cluster) {
    Map<String, Pod> pods = new HashMap<>();
    for (String d : destinations) {
      pods.put(d, find(cluster, d, headerLine, "column"));
    }
    for (Row r : rows) {
      pods.put(r.source(), find(cluster, r.source(), r.line(), "row"));
    }
    return pods;
  }

  private Pod find(Cluster cluster, String id, int line, String what) {
    try {
      return Resolution.pod(cluster, id);
    } catch (EndpointResolutionException e) {
      throw new IllegalArgumentException(
          sourceName + ":" + line + ": " + what + " " + id + " is not a pod of the cluster: "
              + e.getMessage(),
          e);
    }
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
   * The source pods, in row order.
   *
   * @return their {@code namespace/name}
   */
  public ImmutableList<String> sources() {
    return rows.stream().map(Row::source).collect(ImmutableList.toImmutableList());
  }

  /**
   * The destination pods, in column order.
   *
   * @return their {@code namespace/name}
   */
  public ImmutableList<String> destinations() {
    return destinations;
  }

  /**
   * Every cell, row by row.
   *
   * @return the cells
   */
  public ImmutableList<Cell> cells() {
    ImmutableList.Builder<Cell> cells = ImmutableList.builder();
    for (Row r : rows) {
      for (int c = 0; c < destinations.size(); c++) {
        cells.add(new Cell(r.source(), destinations.get(c), r.cells().get(c), r.line()));
      }
    }
    return cells.build();
  }

  /**
   * The table in its file format: the port line, the header, one row per source, aligned.
   *
   * @return the text, ending with a newline
   */
  public String format() {
    int first = rows.stream().mapToInt(r -> r.source().length()).max().orElse(0) + 2;
    StringBuilder out = new StringBuilder("# port: ").append(port).append('\n');
    out.append(Strings.repeat(" ", first));
    for (int c = 0; c < destinations.size(); c++) {
      out.append(destinations.get(c));
      if (c < destinations.size() - 1) {
        out.append(' ');
      }
    }
    out.append('\n');
    for (Row r : rows) {
      StringBuilder line = new StringBuilder(Strings.padEnd(r.source(), first, ' '));
      for (int c = 0; c < destinations.size(); c++) {
        String cell = r.cells().get(c) ? "." : "X";
        line.append(c < destinations.size() - 1
            ? Strings.padEnd(cell, destinations.get(c).length() + 1, ' ')
            : cell);
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** Equal when port, pods and cells are equal; where the table came from does not count. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ExpectedTable)) {
      return false;
    }
    ExpectedTable t = (ExpectedTable) o;
    return port.equals(t.port) && destinations.equals(t.destinations) && cells(this).equals(cells(t));
  }

  private static List<List<Object>> cells(ExpectedTable t) {
    List<List<Object>> out = new ArrayList<>();
    t.rows.forEach(r -> out.add(List.of(r.source(), r.cells())));
    return out;
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, destinations, cells(this));
  }

  /** Returns {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }
}
