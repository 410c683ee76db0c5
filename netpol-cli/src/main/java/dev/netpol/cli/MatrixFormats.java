package dev.netpol.cli;

import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workload matrix written for people and tools: text for a terminal, Markdown for a pull
 * request comment, CSV for a spreadsheet, JSON (schema version {@value #JSON_SCHEMA_VERSION}) for
 * other programs, and Graphviz DOT for a picture of who talks to whom.
 */
enum MatrixFormats {
  /** Aligned tables, one per port group: {@code .} allowed, {@code X} denied, {@code %} partly. */
  text {
    @Override
    String write(WorkloadMatrix m) {
      StringBuilder out = new StringBuilder(legend(m));
      List<Group> g = m.groups();
      int width = String.valueOf(g.size() - 1).length();
      for (int i = 0; i < g.size(); i++) {
        out.append(String.format(Locale.ROOT, "  [%" + width + "d] %s (%s, %d %s)%n", i,
            g.get(i).id(), g.get(i).kind(), g.get(i).pods().size(),
            g.get(i).pods().size() == 1 ? "pod" : "pods"));
      }
      for (PortGroup pg : m.portGroups()) {
        out.append('\n').append(ports(pg.ports())).append('\n');
        out.append(" ".repeat(width + 3));
        for (int c = 0; c < g.size(); c++) {
          out.append(String.format(Locale.ROOT, " %" + width + "d", c));
        }
        out.append('\n');
        for (int r = 0; r < g.size(); r++) {
          out.append(String.format(Locale.ROOT, " [%" + width + "d]", r));
          for (int c = 0; c < g.size(); c++) {
            out.append(" ".repeat(width)).append(symbol(pg.answer(r, c)));
          }
          out.append('\n');
        }
      }
      return out.toString();
    }
  },

  /** A Markdown table per port group, for a pull-request comment. */
  md {
    @Override
    String write(WorkloadMatrix m) {
      StringBuilder out = new StringBuilder("Reachability by workload, rows to columns: `.` "
          + "allowed, `X` denied, `%` some pod pairs denied.\n");
      List<Group> g = m.groups();
      for (PortGroup pg : m.portGroups()) {
        out.append("\n**").append(ports(pg.ports())).append("**\n\n| from \\ to |");
        g.forEach(x -> out.append(' ').append(x.id()).append(" |"));
        out.append("\n|---|");
        g.forEach(x -> out.append(":-:|"));
        out.append('\n');
        for (int r = 0; r < g.size(); r++) {
          out.append("| ").append(g.get(r).id()).append(" |");
          for (int c = 0; c < g.size(); c++) {
            out.append(" `").append(symbol(pg.answer(r, c))).append("` |");
          }
          out.append('\n');
        }
      }
      return out.toString();
    }
  },

  /** One row per cell and port group: {@code from,to,ports,answer}. */
  csv {
    @Override
    String write(WorkloadMatrix m) {
      StringBuilder out = new StringBuilder("from,to,ports,answer\n");
      List<Group> g = m.groups();
      for (PortGroup pg : m.portGroups()) {
        String ports = csvField(ports(pg.ports()));
        for (int r = 0; r < g.size(); r++) {
          for (int c = 0; c < g.size(); c++) {
            out.append(csvField(g.get(r).id())).append(',').append(csvField(g.get(c).id()))
                .append(',').append(ports).append(',')
                .append(pg.answer(r, c).name().toLowerCase(Locale.ROOT)).append('\n');
          }
        }
      }
      return out.toString();
    }
  },

  /**
   * {@code {"schemaVersion": 1, "workloads": [...], "portGroups": [{"ports": [...], "cells":
   * [...]}]}}; cells list only allowed and partly answers: a pair not listed is denied.
   */
  json {
    @Override
    String write(WorkloadMatrix m) {
      return json(m, Optional.empty());
    }
  },


  /**
   * A Graphviz digraph: namespaces as clusters, an edge per workload pair that may connect on
   * some port, labelled with the ports; dashed when only some pod pairs may.
   */
  dot {
    @Override
    String write(WorkloadMatrix m) {
      StringBuilder out = new StringBuilder("digraph netpol {\n  rankdir=LR;\n"
          + "  node [shape=box];\n");
      List<Group> g = m.groups();
      String namespace = null;
      for (Group x : g) {
        if (!x.namespace().equals(namespace)) {
          if (namespace != null) {
            out.append("  }\n");
          }
          namespace = x.namespace();
          out.append("  subgraph ").append(quote("cluster_" + namespace)).append(" {\n")
              .append("    label=").append(quote(namespace)).append(";\n");
        }
        out.append("    ").append(quote(x.id())).append(" [label=")
            .append(quote(x.id().substring(x.id().indexOf('/') + 1))).append("];\n");
      }
      if (namespace != null) {
        out.append("  }\n");
      }
      for (int r = 0; r < g.size(); r++) {
        for (int c = 0; c < g.size(); c++) {
          if (r == c) {
            continue;
          }
          List<PortRange> open = new ArrayList<>();
          boolean partly = false;
          for (PortGroup pg : m.portGroups()) {
            Answer a = pg.answer(r, c);
            if (a != Answer.DENIED) {
              open.addAll(pg.ports());
              partly |= a == Answer.PARTLY;
            }
          }
          if (!open.isEmpty()) {
            out.append("  ").append(quote(g.get(r).id())).append(" -> ")
                .append(quote(g.get(c).id())).append(" [label=").append(quote(ports(open)))
                .append(partly ? ", style=dashed" : "").append("];\n");
          }
        }
      }
      return out.append("}\n").toString();
    }
  };

  /**
   * The JSON layout, with {@code "explanation"} on every cell (denied ones listed too) when an
   * evaluator is given: {@code matrix --format json --explain}.
   */
  static String json(WorkloadMatrix m, Optional<Evaluator> explain) {
    StringBuilder out = new StringBuilder("{\n  \"schemaVersion\": ")
        .append(JSON_SCHEMA_VERSION).append(",\n  \"workloads\": [");
    List<Group> g = m.groups();
    for (int i = 0; i < g.size(); i++) {
      Group x = g.get(i);
      out.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(quote(x.id()))
          .append(", \"namespace\": ").append(quote(x.namespace()))
          .append(", \"kind\": ").append(quote(x.kind())).append(", \"pods\": [")
          .append(x.pods().stream().map(p -> quote(p.id())).collect(Collectors.joining(", ")))
          .append("]}");
    }
    out.append("\n  ],\n  \"portGroups\": [");
    for (int k = 0; k < m.portGroups().size(); k++) {
      PortGroup pg = m.portGroups().get(k);
      out.append(k == 0 ? "\n" : ",\n").append("    {\"ports\": [")
          .append(pg.ports().stream().map(p -> quote(range(p)))
              .collect(Collectors.joining(", ")))
          .append("], \"cells\": [");
      boolean first = true;
      for (int r = 0; r < g.size(); r++) {
        for (int c = 0; c < g.size(); c++) {
          Answer a = pg.answer(r, c);
          if (a != Answer.DENIED || explain.isPresent()) {
            out.append(first ? "\n" : ",\n").append("      {\"from\": ")
                .append(quote(g.get(r).id())).append(", \"to\": ")
                .append(quote(g.get(c).id())).append(", \"answer\": ")
                .append(quote(a.name().toLowerCase(Locale.ROOT)));
            if (explain.isPresent()) {
              out.append(", \"explanation\": ").append(quote(
                  CellExplanation.of(explain.get(), g.get(r), g.get(c), pg, a)));
            }
            out.append('}');
            first = false;
          }
        }
      }
      out.append(first ? "]}" : "\n    ]}");
    }
    return out.append("\n  ]\n}\n").toString();
  }

  /** The version of the JSON layout; raised when a field changes meaning or goes away. */
  static final int JSON_SCHEMA_VERSION = 1;

  /** The whole output, ending with a newline. */
  abstract String write(WorkloadMatrix matrix);

  private static String legend(WorkloadMatrix m) {
    return "Reachability of " + m.groups().size() + " workloads, rows to columns:"
        + " . allowed  X denied  % some pod pairs denied\n";
  }

  private static char symbol(Answer a) {
    return switch (a) {
      case ALLOWED -> '.';
      case DENIED -> 'X';
      case PARTLY -> '%';
    };
  }

  /**
   * Ports as people write them, merged per protocol: {@code TCP/80, TCP/443}; a whole protocol as
   * {@code TCP}; every port of every protocol as {@code any port}.
   */
  static String ports(List<PortRange> ranges) {
    Map<Protocol, List<PortRange>> byProtocol = new EnumMap<>(Protocol.class);
    ranges.stream().sorted((a, b) -> a.protocol() != b.protocol()
            ? a.protocol().compareTo(b.protocol()) : Integer.compare(a.first(), b.first()))
        .forEach(r -> byProtocol.computeIfAbsent(r.protocol(), k -> new ArrayList<>()).add(r));
    List<String> parts = new ArrayList<>();
    boolean everything = byProtocol.size() == Protocol.values().length;
    for (Map.Entry<Protocol, List<PortRange>> e : byProtocol.entrySet()) {
      List<PortRange> merged = new ArrayList<>();
      for (PortRange r : e.getValue()) {
        PortRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && last.last() + 1 >= r.first()) {
          merged.set(merged.size() - 1,
              new PortRange(r.protocol(), last.first(), Math.max(last.last(), r.last())));
        } else {
          merged.add(r);
        }
      }
      boolean whole = merged.size() == 1 && merged.get(0).first() == Port.MIN
          && merged.get(0).last() == Port.MAX;
      everything &= whole;
      if (whole) {
        parts.add(e.getKey().toString());
      } else {
        merged.forEach(r -> parts.add(range(r)));
      }
    }
    return everything ? "any port" : String.join(", ", parts);
  }

  private static String range(PortRange r) {
    return r.protocol() + "/" + (r.first() == r.last() ? r.first() : r.first() + "-" + r.last());
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String quote(String s) {
    return Json.quote(s);
  }

}
