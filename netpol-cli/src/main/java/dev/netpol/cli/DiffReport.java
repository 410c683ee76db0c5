package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.MatrixDiff;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.WorkloadMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link MatrixDiff} as a reviewer reads it: pod pairs grouped into workload pairs with their
 * ports merged, opened before closed; outside addresses per workload, direction and ports; then
 * the pods only one version has.
 */
final class DiffReport {
  private DiffReport() {}

  /** The text, ending with a newline; {@code no changes} when there are none. */
  static String write(MatrixDiff diff, Cluster old, Cluster now) {
    Function<String, String> group = id -> now.pod(id).or(() -> old.pod(id))
        .map(WorkloadMatrix::groupId).orElse(id);
    StringBuilder out = new StringBuilder();
    for (boolean opened : new boolean[] {true, false}) {
      Map<String, List<PortRange>> ports = new LinkedHashMap<>();
      Map<String, Set<String>> pairs = new LinkedHashMap<>();
      for (MatrixDiff.Change c : diff.changes()) {
        if (c.allowedAfter() == opened) {
          String key = group.apply(c.source()) + " -> " + group.apply(c.destination());
          ports.computeIfAbsent(key, k -> new ArrayList<>()).add(c.ports());
          pairs.computeIfAbsent(key, k -> new LinkedHashSet<>())
              .add(c.source() + " " + c.destination());
        }
      }
      if (!ports.isEmpty()) {
        out.append(opened ? "Opened (denied before, allowed now):\n"
            : "Closed (allowed before, denied now):\n");
        ports.forEach((key, p) -> out.append("  ").append(key).append(": ")
            .append(MatrixFormats.ports(p)).append(" (").append(pairs.get(key).size())
            .append(pairs.get(key).size() == 1 ? " pod pair)\n" : " pod pairs)\n"));
      }
    }
    Map<String, List<String>> outside = new LinkedHashMap<>();
    for (MatrixDiff.OutsideChange c : diff.outsideChanges()) {
      String key = c.direction() == PolicyType.EGRESS
          ? group.apply(c.pod()) + " -> outside" : "outside -> " + group.apply(c.pod());
      String line = c.ports() + ":"
          + (c.opened().isEmpty() ? "" : " opened " + Cidr.format(c.opened()))
          + (c.closed().isEmpty() ? "" : " closed " + Cidr.format(c.closed()));
      List<String> lines = outside.computeIfAbsent(key, k -> new ArrayList<>());
      if (!lines.contains(line)) {
        lines.add(line);
      }
    }
    if (!outside.isEmpty()) {
      out.append("Outside the cluster:\n");
      outside.forEach((key, lines) -> lines.forEach(
          l -> out.append("  ").append(key).append(' ').append(l).append('\n')));
    }
    if (!diff.podsOnlyBefore().isEmpty()) {
      out.append("Pods only in OLD: ").append(String.join(", ", diff.podsOnlyBefore()))
          .append('\n');
    }
    if (!diff.podsOnlyAfter().isEmpty()) {
      out.append("Pods only in NEW (new traffic, not compared): ")
          .append(String.join(", ", diff.podsOnlyAfter())).append('\n');
    }
    return out.length() == 0 ? "no changes\n" : out.toString();
  }
}
