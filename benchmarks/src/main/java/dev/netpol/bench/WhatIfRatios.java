package dev.netpol.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JMH JSON of {@link IncrementalBenchmarks} runs and prints, per scale, policy family
 * and change, the incremental answer against the rebuild of the same run, with the targets: at
 * most 10 ms and at least 50x faster than a rebuild (compilation and {@code MatrixDiff.between}).
 * Where the rebuild was not run (L), the ratio is against its compilation alone, a lower bound of
 * the true ratio.
 */
public final class WhatIfRatios {
  private static final double MILLIS_TARGET = 10;
  private static final double RATIO_TARGET = 50;

  private WhatIfRatios() {}

  /**
   * Prints the ratios.
   *
   * @param args JMH JSON result files ({@code -rf json})
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    Map<String, Map<String, Double>> byCase = new TreeMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String file : args) {
      for (JsonNode run : mapper.readTree(Files.readString(Path.of(file)))) {
        String benchmark = run.get("benchmark").asText();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        JsonNode params = run.path("params");
        JsonNode metric = run.get("primaryMetric");
        JsonNode median = metric.path("scorePercentiles").path("50.0");
        double value = median.isMissingNode() ? metric.get("score").asDouble() : median.asDouble();
        String scope = params.path("scope").asText("NETWORK_POLICY");
        String key = params.path("scale").asText() + " " + params.path("variant").asText()
            + " " + (scope.equals("CLUSTER") ? "cluster-scoped " : "")
            + params.path("change").asText();
        byCase.computeIfAbsent(key, k -> new TreeMap<>()).put(method, value);
      }
    }
    byCase.forEach((key, values) -> {
      Double incremental = values.get("incremental");
      if (incremental == null) {
        return;
      }
      Double rebuild = values.get("rebuild");
      Double index = values.get("rebuildIndex");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "what-if %s: incremental %.3f ms (target <= %.0f ms: %s)", key, incremental,
          MILLIS_TARGET, incremental <= MILLIS_TARGET ? "met" : "MISSED"));
      if (rebuild != null) {
        line.append(String.format(Locale.ROOT,
            "; rebuild + diff %.1f ms, ratio %,.0fx (target >= %.0fx: %s)", rebuild,
            rebuild / incremental, RATIO_TARGET,
            rebuild / incremental >= RATIO_TARGET ? "met" : "MISSED"));
      }
      if (index != null) {
        line.append(String.format(Locale.ROOT,
            "; rebuild compilation alone %.1f ms, ratio %,.0fx", index, index / incremental));
        if (rebuild == null) {
          line.append(String.format(Locale.ROOT, " (a lower bound; target >= %.0fx: %s)",
              RATIO_TARGET, index / incremental >= RATIO_TARGET ? "met" : "MISSED"));
        }
      }
      System.out.println(line);
    });
  }
}
