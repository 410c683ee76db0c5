package dev.netpol.examples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.LinkedHashMultimap;
import com.google.common.collect.SetMultimap;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.ReportEntry;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the report for an 80-column terminal: the load summary, then one table per group of
 * ports with the same answers, rows and columns grouped by workload.
 */
final class ReportWriter {
  /** Columns per table chunk, so a wide cluster still fits 80 columns. */
  private static final int COLUMNS_PER_CHUNK = 20;
  private static final int MAX_LABEL = 36;

  private final Cluster cluster;
  private final LoadReport report;
  private final ReachabilityMatrix matrix;
  private final List<Group> groups;

  ReportWriter(Cluster cluster, LoadReport report) {
    this.cluster = cluster;
    this.report = report;
    this.matrix = cluster.reachability();
    this.groups = groups(cluster);
  }

  /** A workload (all its pods) or a pod without one. */
  record Group(String label, ImmutableList<Pod> pods) {}

  String write(boolean explain) {
    StringBuilder out = new StringBuilder();
    writeLoad(out);
    if (groups.isEmpty()) {
      out.append("\nNo pods: nothing to connect.\n");
      return out.toString();
    }
    out.append("\nReachability, rows to columns: . allowed  X denied  % some pod pairs denied\n");
    Map<String, List<PortRange>> byTable = new LinkedHashMap<>();
    Map<String, char[][]> tables = new LinkedHashMap<>();
    for (PortRange atom : matrix.portAtoms()) {
      char[][] cells = cells(atom.representative());
      String key = signature(cells);
      byTable.computeIfAbsent(key, k -> new ArrayList<>()).add(atom);
      tables.putIfAbsent(key, cells);
    }
    for (Map.Entry<String, List<PortRange>> e : byTable.entrySet()) {
      out.append('\n').append(wrap(portsLabel(e.getValue()), 80)).append('\n');
      writeTable(out, tables.get(e.getKey()));
      if (explain) {
        writeExplanations(out, e.getValue().get(0).representative(), tables.get(e.getKey()));
      }
    }
    return out.toString();
  }

  private void writeLoad(StringBuilder out) {
    SetMultimap<String, String> byKind = LinkedHashMultimap.create();
    Map<String, Integer> counts = new TreeMap<>();
    for (ReportEntry e :
        report.loaded().stream().sorted(Comparator.comparing(ReportEntry::id)).collect(Collectors.toList())) {
      byKind.put(e.kind(), e.id());
      counts.merge(e.kind(), 1, Integer::sum);
    }
    String loaded =
        "Loaded: "
            + counts.entrySet().stream()
                .map(c -> c.getValue() + " " + c.getKey())
                .collect(Collectors.joining(", "))
            + " -> "
            + cluster.pods().size()
            + " pods in "
            + cluster.namespaces().size()
            + " namespaces";
    out.append(wrap(loaded, 80)).append('\n');
    for (String kind : new TreeMap<>(byKind.asMap()).keySet()) {
      out.append(wrap("  " + kind + ": " + String.join(", ", byKind.get(kind)), 80)).append('\n');
    }
    if (!report.skipped().isEmpty()) {
      out.append("Skipped (not used by NetworkPolicy semantics):\n");
      report.skipped().forEach(s -> out.append(wrap("  " + s, 80)).append('\n'));
    }
    if (!report.warnings().isEmpty()) {
      out.append("Warnings:\n");
      report.warnings().forEach(w -> out.append(wrap("  " + w, 80)).append('\n'));
    }
  }

  private char[][] cells(Port port) {
    char[][] cells = new char[groups.size()][groups.size()];
    for (int r = 0; r < groups.size(); r++) {
      for (int c = 0; c < groups.size(); c++) {
        int allowed = 0;
        int total = 0;
        for (Pod s : groups.get(r).pods()) {
          for (Pod d : groups.get(c).pods()) {
            total++;
            if (matrix.allowed(s, d, port)) {
              allowed++;
            }
          }
        }
        cells[r][c] = allowed == total ? '.' : allowed == 0 ? 'X' : '%';
      }
    }
    return cells;
  }

  private static String signature(char[][] cells) {
    StringBuilder sb = new StringBuilder();
    for (char[] row : cells) {
      sb.append(row).append('|');
    }
    return sb.toString();
  }

  private void writeTable(StringBuilder out, char[][] cells) {
    int labelWidth = 0;
    for (Group g : groups) {
      labelWidth = Math.max(labelWidth, Math.min(MAX_LABEL, g.label().length()));
    }
    int numberWidth = String.valueOf(groups.size()).length();
    for (int from = 0; from < groups.size(); from += COLUMNS_PER_CHUNK) {
      int to = Math.min(groups.size(), from + COLUMNS_PER_CHUNK);
      out.append(" ".repeat(numberWidth + 2 + labelWidth));
      for (int c = from; c < to; c++) {
        out.append(' ').append(pad(String.valueOf(c + 1), numberWidth));
      }
      out.append('\n');
      for (int r = 0; r < groups.size(); r++) {
        out.append(pad(String.valueOf(r + 1), numberWidth))
            .append("  ")
            .append(pad(shorten(groups.get(r).label()), labelWidth));
        for (int c = from; c < to; c++) {
          out.append(' ').append(pad(String.valueOf(cells[r][c]), numberWidth));
        }
        out.append('\n');
      }
    }
  }

  private void writeExplanations(StringBuilder out, Port port, char[][] cells) {
    Evaluator evaluator = cluster.evaluator();
    for (int r = 0; r < groups.size(); r++) {
      for (int c = 0; c < groups.size(); c++) {
        if (cells[r][c] == '.') {
          continue;
        }
        Verdict denied = firstDenied(evaluator, groups.get(r), groups.get(c), port);
        out.append("\n  ")
            .append(r + 1)
            .append(" -> ")
            .append(c + 1)
            .append(", for example:\n");
        for (String line : denied.explain().split("\n")) {
          out.append(wrap("    " + line, 80)).append('\n');
        }
      }
    }
  }

  private static Verdict firstDenied(Evaluator evaluator, Group from, Group to, Port port) {
    for (Pod s : from.pods()) {
      for (Pod d : to.pods()) {
        Verdict v = evaluator.evaluate(s, d, port);
        if (!v.allowed()) {
          return v;
        }
      }
    }
    throw new IllegalStateException(
        "the engine denies " + from.label() + " -> " + to.label() + " on " + port
            + " but the reference evaluator allows every pair: please report this bug");
  }

  /** E.g. {@code TCP 53; UDP 53:} or {@code TCP 1-52, 54-79; UDP 1-52; SCTP every port:}. */
  private static String portsLabel(List<PortRange> atoms) {
    Map<String, List<PortRange>> byProtocol = new LinkedHashMap<>();
    atoms.forEach(a -> byProtocol.computeIfAbsent(a.protocol().toString(), k -> new ArrayList<>()).add(a));
    List<String> parts = new ArrayList<>();
    byProtocol.forEach(
        (protocol, ranges) -> {
          if (ranges.size() == 1 && ranges.get(0).first() == 1 && ranges.get(0).last() == Port.MAX) {
            parts.add(protocol + " every port");
          } else {
            parts.add(
                protocol
                    + " "
                    + ranges.stream()
                        .map(a -> a.first() == a.last() ? a.first() + "" : a.first() + "-" + a.last())
                        .collect(Collectors.joining(", ")));
          }
        });
    return String.join("; ", parts) + ":";
  }

  private static List<Group> groups(Cluster cluster) {
    Map<String, List<Pod>> byGroup = new TreeMap<>();
    for (Pod pod : cluster.pods()) {
      String label =
          pod.owner().map(o -> pod.namespace() + "/" + o.name()).orElse(pod.id());
      byGroup.computeIfAbsent(label, k -> new ArrayList<>()).add(pod);
    }
    return byGroup.entrySet().stream()
        .map(e -> new Group(
            e.getKey() + (e.getValue().size() > 1 ? " (" + e.getValue().size() + ")" : ""),
            e.getValue().stream()
                .sorted(Comparator.comparing(Pod::name))
                .collect(ImmutableList.toImmutableList())))
        .collect(Collectors.toList());
  }

  private static String shorten(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "~";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Wraps a long line at spaces; continuation lines keep its indent plus four spaces. */
  static String wrap(String line, int width) {
    if (line.length() <= width) {
      return line;
    }
    int own = line.length() - line.stripLeading().length();
    String indent = " ".repeat(Math.min(own + 4, width / 2));
    StringBuilder out = new StringBuilder();
    String rest = line;
    boolean first = true;
    while ((first ? 0 : indent.length()) + rest.length() > width) {
      int limit = first ? width : width - indent.length();
      int cut = rest.lastIndexOf(' ', limit);
      if (cut <= (first ? own : 0)) {
        cut = limit;
      }
      out.append(first ? "" : indent).append(rest, 0, cut).append('\n');
      rest = rest.substring(cut).stripLeading();
      first = false;
    }
    return out.append(first ? "" : indent).append(rest).toString();
  }
}
