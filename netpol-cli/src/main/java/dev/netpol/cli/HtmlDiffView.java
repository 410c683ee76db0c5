package dev.netpol.cli;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.reach.MatrixDiff;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code netpol diff --format html}: the HTML view of two versions, every cell coloured by what
 * changed on the selected ports: opened (some pod pair denied before, allowed now), closed, both,
 * or unchanged (then coloured by its answer, lighter); workloads only one version has are marked
 * new or gone. A click lists the pod pairs that changed. Pod-level changes come from {@link
 * MatrixDiff}, so a change inside a partly allowed cell is not lost.
 */
final class HtmlDiffView {
  private static final int PAIRS_LISTED = 10;

  private HtmlDiffView() {}

  static String write(Cluster old, Cluster now) {
    WorkloadMatrix before = WorkloadMatrix.of(old.reachability());
    WorkloadMatrix after = WorkloadMatrix.of(now.reachability());
    MatrixDiff diff = MatrixDiff.between(old.reachability(), now.reachability());
    Map<String, Group> union = new TreeMap<>();
    before.groups().forEach(g -> union.put(g.id(), g));
    after.groups().forEach(g -> union.put(g.id(), g));
    List<Group> groups = union.values().stream()
        .sorted((a, b) -> a.namespace().equals(b.namespace())
            ? a.id().compareTo(b.id()) : a.namespace().compareTo(b.namespace()))
        .toList();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      index.put(groups.get(i).id(), i);
    }
    int n = groups.size();
    List<PortRange> intervals = elementary(before, after);
    Map<String, List<PortRange>> byCodes = new LinkedHashMap<>();
    Map<String, List<String>> texts = new LinkedHashMap<>();
    for (PortRange e : intervals) {
      char[] codes = new char[n * n];
      Map<Integer, List<String>> changed = new HashMap<>();
      for (MatrixDiff.Change ch : diff.changes()) {
        if (ch.ports().protocol() != e.protocol() || ch.ports().last() < e.first()
            || ch.ports().first() > e.last()) {
          continue;
        }
        int cell = index.get(group(old, now, ch.source())) * n
            + index.get(group(old, now, ch.destination()));
        char mark = ch.allowedAfter() ? 'o' : 'c';
        codes[cell] = codes[cell] == 0 || codes[cell] == mark ? mark : 'm';
        changed.computeIfAbsent(cell, k -> new ArrayList<>()).add("  " + ch.source() + " -> "
            + ch.destination() + ": " + (ch.allowedAfter() ? "denied -> allowed"
            : "allowed -> denied"));
      }
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          int cell = r * n + c;
          if (codes[cell] != 0) {
            continue;
          }
          Optional<Answer> was = answer(before, groups.get(r), groups.get(c), e);
          Optional<Answer> is = answer(after, groups.get(r), groups.get(c), e);
          codes[cell] = is.isEmpty() ? 'g' : was.isEmpty() ? 'n' : code(is.get());
        }
      }
      String key = new String(codes);
      byCodes.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      List<String> cellTexts = texts.computeIfAbsent(key, k -> new ArrayList<>(
          Collections.nCopies(n * n, "")));
      changed.forEach((cell, lines) -> {
        String previous = cellTexts.get(cell);
        List<String> shown = lines.subList(0, Math.min(PAIRS_LISTED, lines.size()));
        cellTexts.set(cell, previous.isEmpty()
            ? String.join("\n", shown) + (lines.size() > PAIRS_LISTED
                ? "\n  ... and " + (lines.size() - PAIRS_LISTED) + " more" : "")
            : previous);
      });
    }
    StringBuilder data = new StringBuilder("{\"level\": \"diff\", \"groups\": [");
    for (int i = 0; i < n; i++) {
      data.append(i == 0 ? "" : ", ").append("{\"id\": ").append(Json.quote(groups.get(i).id()))
          .append(", \"ns\": ").append(Json.quote(groups.get(i).namespace()))
          .append(", \"kind\": ").append(Json.quote(groups.get(i).kind()))
          .append(", \"pods\": ").append(groups.get(i).pods().size()).append('}');
    }
    data.append("], \"ports\": [");
    List<String> keys = new ArrayList<>(byCodes.keySet());
    List<String> allTexts = new ArrayList<>();
    Map<String, Integer> textIndex = new HashMap<>();
    StringBuilder cells = new StringBuilder();
    StringBuilder explain = new StringBuilder();
    for (int k = 0; k < keys.size(); k++) {
      String label = MatrixFormats.ports(byCodes.get(keys.get(k)));
      data.append(k == 0 ? "" : ", ").append(Json.quote(label));
      cells.append(k == 0 ? "" : ", ").append(Json.quote(keys.get(k)));
      explain.append(k == 0 ? "[" : ", [");
      List<String> cellTexts = texts.get(keys.get(k));
      for (int cell = 0; cell < n * n; cell++) {
        String from = groups.get(cell / n).id();
        String to = groups.get(cell % n).id();
        String text = from + " -> " + to + " on " + label + ": "
            + word(keys.get(k).charAt(cell))
            + (cellTexts.get(cell).isEmpty() ? "" : "\n\nPod pairs that changed:\n"
                + cellTexts.get(cell));
        int i = textIndex.computeIfAbsent(text, t -> {
          allTexts.add(t);
          return allTexts.size() - 1;
        });
        explain.append(cell == 0 ? "" : ",").append(i);
      }
      explain.append(']');
    }
    data.append("], \"cells\": [").append(cells).append("], \"explain\": [").append(explain)
        .append("], \"texts\": [");
    for (int i = 0; i < allTexts.size(); i++) {
      data.append(i == 0 ? "" : ", ").append(Json.quote(allTexts.get(i)));
    }
    data.append("]}");
    return HtmlView.page(data.toString());
  }

  private static String group(Cluster old, Cluster now, String podId) {
    return now.pod(podId).or(() -> old.pod(podId)).map(WorkloadMatrix::groupId).orElse(podId);
  }

  private static Optional<Answer> answer(WorkloadMatrix m, Group from, Group to, PortRange e) {
    int r = position(m, from.id());
    int c = position(m, to.id());
    if (r < 0 || c < 0) {
      return Optional.empty();
    }
    for (PortGroup pg : m.portGroups()) {
      for (PortRange p : pg.ports()) {
        if (p.protocol() == e.protocol() && p.first() <= e.first() && e.first() <= p.last()) {
          return Optional.of(pg.answer(r, c));
        }
      }
    }
    return Optional.empty();
  }

  private static int position(WorkloadMatrix m, String id) {
    for (int i = 0; i < m.groups().size(); i++) {
      if (m.groups().get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** The port intervals on which neither version's port groups change: their common refinement. */
  private static List<PortRange> elementary(WorkloadMatrix a, WorkloadMatrix b) {
    List<PortRange> out = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      RangeSet<Integer> cuts = TreeRangeSet.create();
      TreeMap<Integer, Boolean> starts = new TreeMap<>();
      for (WorkloadMatrix m : List.of(a, b)) {
        for (PortGroup pg : m.portGroups()) {
          for (PortRange p : pg.ports()) {
            if (p.protocol() == protocol) {
              starts.put(p.first(), true);
              starts.put(p.last() + 1, true);
              cuts.add(Range.closed(p.first(), p.last()));
            }
          }
        }
      }
      List<Integer> bounds = new ArrayList<>(starts.keySet());
      for (int i = 0; i + 1 < bounds.size(); i++) {
        if (cuts.contains(bounds.get(i))) {
          out.add(new PortRange(protocol, bounds.get(i), bounds.get(i + 1) - 1));
        }
      }
    }
    return out;
  }

  private static char code(Answer a) {
    return a == Answer.ALLOWED ? 'a' : a == Answer.DENIED ? 'd' : 'p';
  }

  private static String word(char code) {
    return switch (code) {
      case 'o' -> "opened (some pod pairs denied before are allowed now)";
      case 'c' -> "closed (some pod pairs allowed before are denied now)";
      case 'm' -> "opened for some pod pairs, closed for others";
      case 'n' -> "new: a workload only the new version has";
      case 'g' -> "gone: a workload only the old version has";
      case 'a' -> "unchanged, allowed";
      case 'd' -> "unchanged, denied";
      default -> "unchanged, some pod pairs denied";
    };
  }
}
