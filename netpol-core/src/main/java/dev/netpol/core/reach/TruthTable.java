package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reachability table printed like the upstream Kubernetes e2e NetworkPolicy tests: rows are
 * sources, columns destinations, {@code .} allowed and {@code X} denied, labelled by pod id and
 * separated by tabs.
 *
 * <pre>{@code
 * -        x/a   x/b
 * x/a      .     X
 * x/b      .     .
 * }</pre>
 *
 * <p>{@link #parse} reads that text back (any blanks between cells), so an expected table can be
 * written in a test and compared with the one the engine computed.
 */
public final class TruthTable {
  private final ImmutableList<String> sources;
  private final ImmutableList<String> destinations;
  private final boolean[][] cells;

  private TruthTable(
      ImmutableList<String> sources, ImmutableList<String> destinations, boolean[][] cells) {
    this.sources = sources;
    this.destinations = destinations;
    this.cells = cells;
  }

  /**
   * A table from its cells.
   *
   * @param sources the row labels, e.g. pod ids
   * @param destinations the column labels
   * @param cells {@code cells[row][column]}, true for allowed
   * @return the table
   * @throws IllegalArgumentException if the cells do not have the labels' dimensions
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
    return new TruthTable(ImmutableList.copyOf(sources), ImmutableList.copyOf(destinations), copy);
  }

  /**
   * Reads the form {@link #toString()} prints: a header line {@code -} followed by destination
   * labels, then one line per source: its label and one {@code .} or {@code X} per destination.
   * Blank lines are ignored; cells may be separated by tabs or spaces.
   *
   * @param text the table
   * @return the table
   * @throws IllegalArgumentException naming the line and column of the first problem
   */
  public static TruthTable parse(String text) {
    List<String[]> lines = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    String[] raw = text.split("\\R", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i].strip();
      if (!line.isEmpty()) {
        lines.add(line.split("\\s+"));
        numbers.add(i + 1);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("empty truth table: expected a header line \"-\t...\"");
    }
    String[] header = lines.get(0);
    if (!header[0].equals("-")) {
      throw new IllegalArgumentException(
          "line "
              + numbers.get(0)
              + ": expected the header to start with \"-\", found \""
              + header[0]
              + "\"");
    }
    ImmutableList<String> destinations =
        ImmutableList.copyOf(Arrays.asList(header).subList(1, header.length));
    ImmutableList.Builder<String> sources = ImmutableList.builder();
    boolean[][] cells = new boolean[lines.size() - 1][destinations.size()];
    for (int r = 1; r < lines.size(); r++) {
      String[] row = lines.get(r);
      if (row.length != destinations.size() + 1) {
        throw new IllegalArgumentException(
            "line "
                + numbers.get(r)
                + ": expected a label and "
                + destinations.size()
                + " cells, found "
                + (row.length - 1)
                + " cells");
      }
      sources.add(row[0]);
      for (int c = 1; c < row.length; c++) {
        if (row[c].equals(".")) {
          cells[r - 1][c - 1] = true;
        } else if (!row[c].equals("X")) {
          throw new IllegalArgumentException(
              "line "
                  + numbers.get(r)
                  + ", cell "
                  + c
                  + " ("
                  + row[0]
                  + " -> "
                  + destinations.get(c - 1)
                  + "): expected \".\" (allowed) or \"X\" (denied), found \""
                  + row[c]
                  + "\"");
        }
      }
    }
    return new TruthTable(sources.build(), destinations, cells);
  }

  /**
   * The row labels.
   *
   * @return the sources, top to bottom
   */
  public ImmutableList<String> sources() {
    return sources;
  }

  /**
   * The column labels.
   *
   * @return the destinations, left to right
   */
  public ImmutableList<String> destinations() {
    return destinations;
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
    int r = sources.indexOf(source);
    int c = destinations.indexOf(destination);
    if (r < 0 || c < 0) {
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

  /**
   * The cells where this table and an expected one differ, for a readable failure message.
   *
   * @param expected a table with the same labels
   * @return lines such as {@code x/a -> x/b: expected ., found X}; empty if equal
   * @throws IllegalArgumentException if the labels differ
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
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (int r = 0; r < cells.length; r++) {
      for (int c = 0; c < destinations.size(); c++) {
        if (cells[r][c] != expected.cells[r][c]) {
          out.add(
              sources.get(r)
                  + " -> "
                  + destinations.get(c)
                  + ": expected "
                  + mark(expected.cells[r][c])
                  + ", found "
                  + mark(cells[r][c]));
        }
      }
    }
    return out.build();
  }

  private static String mark(boolean allowed) {
    return allowed ? "." : "X";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TruthTable
        && sources.equals(((TruthTable) o).sources)
        && destinations.equals(((TruthTable) o).destinations)
        && Arrays.deepEquals(cells, ((TruthTable) o).cells);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * sources.hashCode() + destinations.hashCode()) + Arrays.deepHashCode(cells);
  }

  /** Returns the tab-separated table that {@link #parse} reads, one line per source. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("-");
    destinations.forEach(d -> sb.append('\t').append(d));
    for (int r = 0; r < cells.length; r++) {
      sb.append('\n').append(sources.get(r));
      for (boolean cell : cells[r]) {
        sb.append('\t').append(mark(cell));
      }
    }
    return sb.append('\n').toString();
  }
}
