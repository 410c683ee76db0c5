package dev.netpol.core.table;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Port;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reachability table in the style of the upstream Kubernetes e2e NetworkPolicy tests: rows are
 * source pods, columns destination pods, {@code .} allowed and {@code X} denied, usually for one
 * port. It is the one table format of netpol: the engine prints it ({@link
 * dev.netpol.core.reach.ReachabilityMatrix#truthTable}), tests write it in files, and {@link
 * TableCheck} checks it against a cluster for the AssertJ assertions and the JUnit extension.
 *
 * <pre>{@code
 * # port: TCP/80
 * # rows are sources, columns destinations
 *                     default/backend-0 default/backend-1 default/frontend-0
 * default/backend-0   .                 .                 .
 * default/frontend-0  .                 .                 X
 * }</pre>
 *
 * <p>The text format, line by line:
 *
 * <ul>
 *   <li>Blank lines are ignored, and so are lines starting with {@code #}, except the port line
 *       {@code # port: PROTOCOL/NUMBER} ({@code TCP/80}, {@code UDP/53}, {@code SCTP/9000}),
 *       which may come once, before the table: a table holds one port, or none.
 *   <li>The first other line is the column header: the destination pods, {@code namespace/name},
 *       separated by spaces or tabs, optionally after a corner {@code -} (the upstream style).
 *   <li>Every following line is a row: a source pod, then one cell per column: {@code .}
 *       (allowed) or {@code X} (denied). Alignment is for readers only.
 * </ul>
 *
 * <p>A mistake is an {@link IllegalArgumentException} naming the source and line, e.g. {@code
 * tables/tcp-80.txt:4: row default/frontend-0 has 2 cells, expected 3 (one per column)}. {@link
 * #format()} writes the format back with aligned columns, so an actual table can be copied over
 * an expected one.
 */
public final class TruthTable {
  private static final Pattern PORT_LINE =
      Pattern.compile("#\\s*port\\s*:\\s*(.*?)\\s*", Pattern.CASE_INSENSITIVE);
  private static final String INLINE = "table";

  private final @Nullable Port port;
  private final ImmutableList<String> sources;
  private final ImmutableList<String> destinations;
  private final boolean[][] cells;
  private final ImmutableMap<String, Integer> rowIndex;
  private final ImmutableMap<String, Integer> columnIndex;
  private final @Nullable String sourceName;
  private final int headerLine;
  private final int[] rowLines;

  private TruthTable(
      @Nullable Port port,
      ImmutableList<String> sources,
      ImmutableList<String> destinations,
      boolean[][] cells,
      @Nullable String sourceName,
      int headerLine,
      int[] rowLines) {
    this.port = port;
    this.sources = sources;
    this.destinations = destinations;
    this.cells = cells;
    this.rowIndex = index(sources, "row");
    this.columnIndex = index(destinations, "column");
    this.sourceName = sourceName;
    this.headerLine = headerLine;
    this.rowLines = rowLines;
  }

  private static ImmutableMap<String, Integer> index(List<String> labels, String what) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (out.putIfAbsent(labels.get(i), i) != null) {
        throw new IllegalArgumentException(what + " " + labels.get(i) + " appears twice");
      }
    }
    return ImmutableMap.copyOf(out);
  }

  /**
   * A table without a port from its cells.
   *
   * <pre>{@code
   * TruthTable t = TruthTable.of(List.of("default/a"), List.of("default/b"), new boolean[][] {{true}});
   * }</pre>
   *
   * @param sources the row labels, pod ids such as {@code default/frontend-0}
   * @param destinations the column labels
   * @param cells {@code cells[row][column]}, true for allowed
   * @return the table
   * @throws IllegalArgumentException if the cells do not have the labels' dimensions, or a label
   *     appears twice
   */
  public static TruthTable of(List<String> sources, List<String> destinations, boolean[][] cells) {
    if (cells.length != sources.size()) {
      throw new IllegalArgumentException(
          "expected " + sources.size() + " rows of cells, found " + cells.length);
    }
    boolean[][] copy = new boolean[cells.length][];
    for (int i = 0; i < cells.length; i++) {
      if (cells[i].length != destinations.size()) {
        throw new IllegalArgumentException(
            "row " + i + ": expected " + destinations.size() + " cells, found " + cells[i].length);
      }
      copy[i] = cells[i].clone();
    }
    return new TruthTable(
        null,
        ImmutableList.copyOf(sources),
        ImmutableList.copyOf(destinations),
        copy,
        null,
        0,
        new int[sources.size()]);
  }

  /**
   * A table for one port from its cells.
   *
   * <pre>{@code
   * TruthTable t = TruthTable.of(Port.tcp(80), List.of("default/a"), List.of("default/b"),
   *     new boolean[][] {{true}});
   * }</pre>
   *
   * @param port the destination port every cell is about
   * @param sources the row labels, pod ids such as {@code default/frontend-0}
   * @param destinations the column labels
   * @param cells {@code cells[row][column]}, true for allowed
   * @return the table
   * @throws IllegalArgumentException if the cells do not have the labels' dimensions, or a label
   *     appears twice
   */
  public static TruthTable of(
      Port port, List<String> sources, List<String> destinations, boolean[][] cells) {
    return of(sources, destinations, cells).withPort(port);
  }

  /**
   * This table, about a port; e.g. to label what {@link
   * dev.netpol.core.reach.ReachabilityMatrix#truthTable} computed.
   *
   * <pre>{@code
   * TruthTable actual = matrix.truthTable(pods, Port.tcp(80)).withPort(Port.tcp(80));
   * }</pre>
   *
   * @param port the destination port every cell is about
   * @return a table with the same cells and that port
   */
  public TruthTable withPort(Port port) {
    return new TruthTable(
        Objects.requireNonNull(port, "port"),
        sources,
        destinations,
        cells,
        sourceName,
        headerLine,
        rowLines);
  }

  /**
   * Reads a table given inline; errors name it {@code table}. See {@link #parse(String,
   * String)}.
   *
   * <pre>{@code
   * TruthTable t = TruthTable.parse("- x/a x/b\nx/a . X\nx/b . .");
   * }</pre>
   *
   * @param text the table
   * @return the table
   * @throws IllegalArgumentException naming the line of the first problem
   */
  public static TruthTable parse(String text) {
    return parse(INLINE, text, false);
  }

  /**
   * Reads a table in the format described above: optional comments and port line, a header of
   * destination pods (after an optional {@code -} corner), one row per source pod.
   *
   * <pre>{@code
   * TruthTable t = TruthTable.parse("tables/tcp-80.txt", """
   *     # port: TCP/80
   *                 default/b
   *     default/a   .
   *     """);
   * }</pre>
   *
   * @param sourceName how error messages name the text, e.g. {@code tables/tcp-80.txt}
   * @param text the table
   * @return the table, remembering the source name and the line of each row
   * @throws IllegalArgumentException as {@code sourceName:line: problem}, if the text is not a
   *     valid table
   */
  public static TruthTable parse(String sourceName, String text) {
    return parse(sourceName, text, true);
  }

  private static TruthTable parse(String sourceName, String text, boolean named) {
    Port port = null;
    List<String> columns = null;
    int headerLine = 0;
    List<String> rows = new ArrayList<>();
    List<boolean[]> cells = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    Map<String, Integer> rowLines = new HashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = PORT_LINE.matcher(line);
      if (m.matches()) {
        if (port != null) {
          throw error(sourceName, lineNo, "a second port line: one table holds the answers of one"
              + " port; put " + m.group(1) + " in a table of its own");
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
      List<String> values = tokens.subList(1, tokens.size());
      if (values.size() != columns.size()) {
        throw error(sourceName, lineNo, "row " + source + " has " + values.size()
            + (values.size() == 1 ? " cell" : " cells") + ", expected " + columns.size()
            + " (one per column)");
      }
      boolean[] row = new boolean[columns.size()];
      for (int c = 0; c < values.size(); c++) {
        String cell = values.get(c);
        if (cell.equals(".")) {
          row[c] = true;
        } else if (!cell.equals("X")) {
          throw error(sourceName, lineNo, "row " + source + ", column " + columns.get(c)
              + ": expected . (allowed) or X (denied), found \"" + cell + "\"");
        }
      }
      rows.add(source);
      cells.add(row);
      lineNumbers.add(lineNo);
    }
    if (columns == null || rows.isEmpty()) {
      throw new IllegalArgumentException(sourceName + ": no table"
          + (port == null ? "" : " after the port line")
          + ": expected a header of destination pods, then one row per source pod"
          + (columns == null ? "" : " (the header on line " + headerLine + " has no row)"));
    }
    return new TruthTable(
        port,
        ImmutableList.copyOf(rows),
        ImmutableList.copyOf(columns),
        cells.toArray(new boolean[0][]),
        named ? sourceName : null,
        headerLine,
        lineNumbers.stream().mapToInt(Integer::intValue).toArray());
  }

  private static List<String> header(String sourceName, int lineNo, List<String> tokens) {
    List<String> labels = tokens.get(0).equals("-") ? tokens.subList(1, tokens.size()) : tokens;
    if (labels.isEmpty()) {
      throw error(sourceName, lineNo, "the header names no destination pod");
    }
    List<String> columns = new ArrayList<>();
    for (String t : labels) {
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
   * The port every cell is about, if the table names one ({@code # port: TCP/80}).
   *
   * @return the port, or empty
   */
  public Optional<Port> port() {
    return Optional.ofNullable(port);
  }

  /**
   * The row labels.
   *
   * @return the source pods, top to bottom
   */
  public ImmutableList<String> sources() {
    return sources;
  }

  /**
   * The column labels.
   *
   * @return the destination pods, left to right
   */
  public ImmutableList<String> destinations() {
    return destinations;
  }

  /**
   * How errors named the text this table was parsed from.
   *
   * @return e.g. {@code tables/tcp-80.txt}; empty for a table built by {@link #of} or read by
   *     {@link #parse(String)}
   */
  public Optional<String> sourceName() {
    return Optional.ofNullable(sourceName);
  }

  /**
   * The line of the column header in the text this table was parsed from.
   *
   * @return the 1-based line; empty for a table built by {@link #of}
   */
  public OptionalInt headerLine() {
    return headerLine > 0 ? OptionalInt.of(headerLine) : OptionalInt.empty();
  }

  /**
   * The line of a source's row in the text this table was parsed from.
   *
   * @param source a row label
   * @return the 1-based line; empty for a table built by {@link #of}
   * @throws IllegalArgumentException if the source is not a row of the table
   */
  public OptionalInt line(String source) {
    int line = rowLines[row(source)];
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /**
   * One cell.
   *
   * @param source a row label
   * @param destination a column label
   * @return true if the cell is {@code .}
   * @throws IllegalArgumentException if a label is not in the table
   */
  public boolean allowed(String source, String destination) {
    Integer r = rowIndex.get(source);
    Integer c = columnIndex.get(destination);
    if (r == null || c == null) {
      throw new IllegalArgumentException(
          "no cell "
              + source
              + " -> "
              + destination
              + ": rows are "
              + sources
              + ", columns are "
              + destinations);
    }
    return cells[r][c];
  }

  private int row(String source) {
    Integer r = rowIndex.get(source);
    if (r == null) {
      throw new IllegalArgumentException("no row " + source + ": rows are " + sources);
    }
    return r;
  }

  /**
   * The cells where this table and an expected one differ, for a readable failure message.
   *
   * <pre>{@code
   * actual.differencesFrom(expected);   // [x/a -> x/b: expected X, found .]
   * }</pre>
   *
   * @param expected a table with the same labels (and the same port, if both have one)
   * @return lines such as {@code x/a -> x/b: expected ., found X}; empty if equal
   * @throws IllegalArgumentException if the labels or ports differ
   */
  public ImmutableList<String> differencesFrom(TruthTable expected) {
    if (!sources.equals(expected.sources) || !destinations.equals(expected.destinations)) {
      throw new IllegalArgumentException(
          "tables have different labels: rows "
              + sources
              + " vs "
              + expected.sources
              + ", columns "
              + destinations
              + " vs "
              + expected.destinations);
    }
    if (port != null && expected.port != null && !port.equals(expected.port)) {
      throw new IllegalArgumentException(
          "tables are about different ports: " + port + " vs " + expected.port);
    }
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (int r = 0; r < cells.length; r++) {
      for (int c = 0; c < destinations.size(); c++) {
        if (cells[r][c] != expected.cells[r][c]) {
          out.add(cellDifference(
              sources.get(r), destinations.get(c), expected.cells[r][c], cells[r][c]));
        }
      }
    }
    return out.build();
  }

  /** The one text of a differing cell: {@code x/a -> x/b: expected X, found .}. */
  static String cellDifference(
      String source, String destination, boolean expected, boolean found) {
    return source + " -> " + destination + ": expected " + mark(expected) + ", found "
        + mark(found);
  }

  static String mark(boolean allowed) {
    return allowed ? "." : "X";
  }

  /**
   * Where a line of this table is, for messages: {@code tables/tcp-80.txt:4}, or {@code table:4}
   * for a table read by {@link #parse(String)}; empty for line 0, the line of every cell of a
   * table built by {@link #of}.
   */
  Optional<String> location(int line) {
    if (line <= 0) {
      return Optional.empty();
    }
    return Optional.of(Objects.requireNonNullElse(sourceName, INLINE) + ":" + line);
  }

  /**
   * The port every cell is about, required: a table checked against a cluster must name it.
   *
   * <pre>{@code
   * TruthTable.parse("t.txt", "- x/a\nx/a .").requirePort();
   * // IllegalArgumentException: t.txt: no port line: expected "# port: PROTOCOL/NUMBER" ...
   * }</pre>
   *
   * @return the port of the {@code # port:} line or of {@link #withPort}
   * @throws IllegalArgumentException naming the table and saying how to give it a port
   */
  public Port requirePort() {
    if (port == null) {
      throw new IllegalArgumentException(Objects.requireNonNullElse(sourceName, INLINE)
          + ": no port line: expected \"# port: PROTOCOL/NUMBER\" (e.g. # port: TCP/80) before"
          + " the table, or call withPort(Port.tcp(80)) on it");
    }
    return port;
  }

  /**
   * One cell of a table, as its own question: may {@code source} connect to {@code destination}
   * on the table's port? {@link TableCheck#check(Cell)} answers it, one test per cell.
   *
   * @param source the source pod, {@code namespace/name}
   * @param destination the destination pod, {@code namespace/name}
   * @param allowed true for {@code .}, false for {@code X}
   * @param line the line of the cell's row in the text (1-based), or 0 for a table built by
   *     {@link #of}
   */
  public record Cell(String source, String destination, boolean allowed, int line) {}

  /**
   * Every cell, row by row, left to right.
   *
   * <pre>{@code
   * TruthTable.parse("- x/b x/c\nx/a . X").cells();
   * // [Cell[source=x/a, destination=x/b, allowed=true, line=2], Cell[... x/c, allowed=false ...]]
   * }</pre>
   *
   * @return the cells, with the line of their row
   */
  public ImmutableList<Cell> cells() {
    ImmutableList.Builder<Cell> out = ImmutableList.builder();
    for (int r = 0; r < cells.length; r++) {
      for (int c = 0; c < destinations.size(); c++) {
        out.add(new Cell(sources.get(r), destinations.get(c), cells[r][c], rowLines[r]));
      }
    }
    return out.build();
  }

  /**
   * Checks this table against a cluster with the reference evaluator and the default
   * plugin-defined behaviours; see {@link TableCheck} for cell-by-cell checks and other options.
   *
   * <pre>{@code
   * TableComparison result = TruthTable.parse("tables/tcp-80.txt", text).checkAgainst(cluster);
   * if (!result.matches()) {
   *   throw new AssertionError(result.describe());
   * }
   * }</pre>
   *
   * @param cluster the cluster whose pods the table names
   * @return the unknown pod ids, or the differing cells explained and the actual table
   * @throws IllegalArgumentException if the table has no port
   */
  public TableComparison checkAgainst(Cluster cluster) {
    return TableCheck.of(this, cluster).compare();
  }

  /**
   * The table in its text format: the port line (if it has a port), the header, one row per
   * source, columns aligned; {@link #parse(String, String)} reads it back.
   *
   * <pre>{@code
   * # port: TCP/80
   *            default/b default/c
   * default/a  .         X
   * }</pre>
   *
   * @return the text, ending with a newline
   */
  public String format() {
    int first = sources.stream().mapToInt(String::length).max().orElse(0) + 2;
    StringBuilder out = new StringBuilder();
    if (port != null) {
      out.append("# port: ").append(port).append('\n');
    }
    out.append(Strings.repeat(" ", first)).append(String.join(" ", destinations)).append('\n');
    for (int r = 0; r < cells.length; r++) {
      out.append(Strings.padEnd(sources.get(r), first, ' '));
      for (int c = 0; c < destinations.size(); c++) {
        String cell = mark(cells[r][c]);
        out.append(c < destinations.size() - 1
            ? Strings.padEnd(cell, destinations.get(c).length() + 1, ' ')
            : cell);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Equal when port, labels and cells are equal; where a table was read from does not count. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof TruthTable)) {
      return false;
    }
    TruthTable t = (TruthTable) o;
    return Objects.equals(port, t.port)
        && sources.equals(t.sources)
        && destinations.equals(t.destinations)
        && Arrays.deepEquals(cells, t.cells);
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, sources, destinations, Arrays.deepHashCode(cells));
  }

  /** Returns {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }
}
