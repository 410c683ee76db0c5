package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The matrix as one self-contained HTML page (inline CSS and JavaScript, no network): workloads
 * grouped by namespace, a port selector, a namespace filter, allowed/denied/partly colours with
 * a legend, and the evaluator's explanation of a cell on a click.
 *
 * <p>Above {@value #MAX_WORKLOADS} workloads the page shows namespaces instead (each cell then
 * covers every pod pair of two namespaces) and, instead of explanations, the {@code netpol
 * explain} command that gives one: embedding one explanation per cell would make the page too
 * large to open. Explanations are deduplicated by text.
 */
final class HtmlView {
  /** The most workloads shown one by one; above, the page aggregates to namespaces. */
  static final int MAX_WORKLOADS = 150;

  private HtmlView() {}

  static String write(Cluster cluster, ReachabilityMatrix matrix) {
    boolean workloads = WorkloadMatrix.workloadCount(cluster) <= MAX_WORKLOADS;
    WorkloadMatrix m = workloads ? WorkloadMatrix.of(matrix) : WorkloadMatrix.byNamespace(matrix);
    Evaluator evaluator = cluster.evaluator(matrix.options());
    StringBuilder data = new StringBuilder("{\"level\": ")
        .append(Json.quote(workloads ? "workload" : "namespace")).append(", \"groups\": [");
    List<Group> g = m.groups();
    for (int i = 0; i < g.size(); i++) {
      data.append(i == 0 ? "" : ", ").append("{\"id\": ").append(Json.quote(g.get(i).id()))
          .append(", \"ns\": ").append(Json.quote(g.get(i).namespace()))
          .append(", \"kind\": ").append(Json.quote(g.get(i).kind()))
          .append(", \"pods\": ").append(g.get(i).pods().size()).append('}');
    }
    data.append("], \"maxWorkloads\": ").append(MAX_WORKLOADS).append(", \"probes\": [");
    for (int k = 0; k < m.portGroups().size(); k++) {
      data.append(k == 0 ? "" : ", ")
          .append(Json.quote(m.portGroups().get(k).ports().get(0).representative().toString()));
    }
    data.append("], \"ports\": [");
    List<String> texts = new ArrayList<>();
    Map<String, Integer> textIndex = new HashMap<>();
    StringBuilder cells = new StringBuilder();
    StringBuilder explain = new StringBuilder();
    for (int k = 0; k < m.portGroups().size(); k++) {
      PortGroup pg = m.portGroups().get(k);
      data.append(k == 0 ? "" : ", ").append(Json.quote(MatrixFormats.ports(pg.ports())));
      StringBuilder codes = new StringBuilder();
      explain.append(k == 0 ? "[" : ", [");
      for (int r = 0; r < g.size(); r++) {
        for (int c = 0; c < g.size(); c++) {
          Answer a = pg.answer(r, c);
          codes.append(a == Answer.ALLOWED ? 'a' : a == Answer.DENIED ? 'd' : 'p');
          if (!workloads) {
            continue; // the page writes the explain command itself: nothing per cell to embed
          }
          String text = CellExplanation.of(evaluator, g.get(r), g.get(c), pg, a);
          int index = textIndex.computeIfAbsent(text, t -> {
            texts.add(t);
            return texts.size() - 1;
          });
          explain.append(r == 0 && c == 0 ? "" : ",").append(index);
        }
      }
      explain.append(']');
      cells.append(k == 0 ? "" : ", ").append(Json.quote(codes.toString()));
    }
    data.append("], \"cells\": [").append(cells).append("], \"explain\": [").append(explain)
        .append("], \"texts\": [");
    for (int i = 0; i < texts.size(); i++) {
      data.append(i == 0 ? "" : ", ").append(Json.quote(texts.get(i)));
    }
    data.append("]}");
    return page(data.toString());
  }

  /** The page around its data (JSON, see the template), with {@code </} escaped for a script. */
  static String page(String data) {
    return template().replace("/*DATA*/null", data.replace("</", "<\\/"));
  }

  private static String template() {
    try (InputStream in = HtmlView.class.getResourceAsStream("matrix.html")) {
      if (in == null) {
        throw new IllegalStateException("matrix.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
