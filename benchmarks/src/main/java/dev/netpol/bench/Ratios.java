package dev.netpol.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpol.core.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JMH JSON results of one {@code run.sh} run and prints the engine-versus-evaluator ratios: the
 * engine's full matrix against the reference evaluator looping over all pairs (scaled from the
 * sample of {@link EvaluatorBenchmarks}), and the no-grouping stress variant against the default.
 */
public final class Ratios {
  private static final double EVALUATOR_TARGET = 1_000;
  private static final double NO_GROUPING_TARGET = 10;

  /** Milliseconds (or nanoseconds for cell benchmarks) by "method scale variant", one thread. */
  private final Map<String, Double> values = new HashMap<>();

  /** The engine's 2-thread speed-up of the full matrix that it should reach or beat. */
  private static final double SPEED_UP_TARGET = 1.6;

  /**
   * Full-matrix medians of runs with a {@code threads} parameter, by file, then by "scale
   * variant threads": a speed-up is only computed within one JMH run.
   */
  private final Map<String, Map<String, Double>> byThreads = new java.util.LinkedHashMap<>();

  private Ratios() {}

  /**
   * Prints the ratios for every scale that has both the engine and the evaluator measured.
   *
   * @param args JMH JSON result files ({@code -rf json}) of the same run
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    Ratios ratios = new Ratios();
    ObjectMapper mapper = new ObjectMapper();
    for (String file : args) {
      for (JsonNode run : mapper.readTree(Files.readString(Path.of(file)))) {
        ratios.add(file, run);
      }
    }
    ratios.print();
  }

  private void add(String file, JsonNode run) {
    String benchmark = run.get("benchmark").asText();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    JsonNode params = run.path("params");
    JsonNode metric = run.get("primaryMetric");
    // SampleTime: the median; AverageTime: the mean (the only statistic it has).
    JsonNode median = metric.path("scorePercentiles").path("50.0");
    double value =
        run.get("mode").asText().equals("sample") && !median.isMissingNode()
            ? median.asDouble()
            : metric.get("score").asDouble();
    String scale = params.path("scale").asText();
    String variant = params.path("variant").asText("REALISTIC");
    String threads = params.path("threads").asText("1");
    if (method.equals("fullMatrix") || method.equals("spin")) {
      String what = method.equals("spin") ? "spin" : scale + " " + variant;
      byThreads.computeIfAbsent(file, f -> new java.util.LinkedHashMap<>())
          .put(what + " " + threads, value);
    }
    if (threads.equals("1")) {
      values.put(key(method, scale, variant), value);
    }
  }

  private static String key(String method, String scale, String variant) {
    return method + " " + scale + " " + variant;
  }

  private Optional<Double> get(String method, String scale, String variant) {
    return Optional.ofNullable(values.get(key(method, scale, variant)));
  }

  /** The engine's absolute targets per scale: index build and full matrix, milliseconds. */
  private static final double[][] ABSOLUTE_TARGETS = {{20, 5}, {150, 50}, {1500, 2000}};

  private void print() {
    for (String variant : new String[] {"REALISTIC", "TIERED"}) {
      printAbsolute(variant);
      printRatios(variant);
    }
    for (String scale : new String[] {"S", "M", "L"}) {
      Optional<Double> plain = get("fullMatrix", scale, "REALISTIC");
      Optional<Double> tiered = get("fullMatrix", scale, "TIERED");
      Optional<Double> plainBuild = get("indexBuild", scale, "REALISTIC");
      Optional<Double> tieredBuild = get("indexBuild", scale, "TIERED");
      if (plain.isPresent() && tiered.isPresent() && plainBuild.isPresent()
          && tieredBuild.isPresent()) {
        out(
            "with cluster-scoped policies / without, %s: index build %.2fx, full matrix %.2fx",
            scale, tieredBuild.get() / plainBuild.get(), tiered.get() / plain.get());
      }
    }
    printNoGrouping();
    printSpeedUps();
  }

  /**
   * The full matrix with 2 threads against 1, where one JMH run measured both, and beside it
   * what a second thread gave a pure arithmetic loop in the same run ({@link
   * ScalingBenchmarks}): the most the machine had to give at the time.
   */
  private void printSpeedUps() {
    byThreads.forEach(
        (file, medians) -> {
          Double spinOne = medians.get("spin 1");
          Double spinTwo = medians.get("spin 2");
          if (spinOne != null && spinTwo != null) {
            out(
                "the machine, a CPU loop on 2 threads against 1 (medians of the same run, %s):"
                    + " %.1f ms against %.1f ms: %.2fx (2.00x on two idle cores)",
                Path.of(file).getFileName(), spinTwo, spinOne, spinOne / spinTwo);
          }
          for (String scale : new String[] {"S", "M", "L"}) {
            for (String variant : new String[] {"REALISTIC", "TIERED"}) {
              Double one = medians.get(scale + " " + variant + " 1");
              Double two = medians.get(scale + " " + variant + " 2");
              if (one == null || two == null) {
                continue;
              }
              double speedUp = one / two;
              out(
                  "%s %s full matrix, 2 threads against 1 (medians of one run, %s): %.3f ms"
                      + " against %.3f ms: %.2fx (target >= %.1fx: %s)",
                  variant, scale, Path.of(file).getFileName(), two, one, speedUp,
                  SPEED_UP_TARGET, speedUp >= SPEED_UP_TARGET ? "met" : "MISSED");
            }
          }
        });
  }

  private void printAbsolute(String variant) {
    String[] scales = {"S", "M", "L"};
    for (int i = 0; i < scales.length; i++) {
      Optional<Double> build = get("indexBuild", scales[i], variant);
      Optional<Double> full = get("fullMatrix", scales[i], variant);
      if (build.isPresent() && full.isPresent()) {
        double[] t = ABSOLUTE_TARGETS[i];
        out(
            "%s %s: index build %.3f ms (target <= %.0f ms: %s), full matrix %.3f ms"
                + " (target <= %.0f ms: %s)",
            variant, scales[i], build.get(), t[0], build.get() <= t[0] ? "met" : "MISSED",
            full.get(), t[1], full.get() <= t[1] ? "met" : "MISSED");
      }
    }
  }

  private void printRatios(String variant) {
    for (String scale : new String[] {"S", "M", "L"}) {
      Optional<Double> full = get("fullMatrix", scale, variant);
      Optional<Double> sample = get("sampleAllAtoms", scale, variant);
      if (full.isEmpty() || sample.isEmpty()) {
        continue;
      }
      Cluster cluster =
          ClusterGenerator.generate(
              ClusterGenerator.Scale.valueOf(scale), ClusterGenerator.Variant.valueOf(variant),
              42);
      long pods = cluster.pods().size();
      int atoms = cluster.reachability().portAtoms().size();
      double perVerdictMs = sample.get() / ((double) EvaluatorState.SAMPLE_PAIRS * atoms);
      double allPairsAllAtomsMs = perVerdictMs * pods * pods * atoms;
      double allPairsOnePortMs = perVerdictMs * pods * pods;
      double ratioAllAtoms = allPairsAllAtomsMs / full.get();
      double ratioOnePort = allPairsOnePortMs / full.get();
      out("scale %s %s: %,d pods, %,d port atoms", scale, variant, pods, atoms);
      out(
          "  evaluator, one verdict (mean of %,d sampled pairs x %d atoms): %.2f us",
          EvaluatorState.SAMPLE_PAIRS, atoms, perVerdictMs * 1000);
      out("  engine full matrix, all atoms (median): %.3f ms", full.get());
      out(
          "  A. evaluator over all pairs x all atoms (%,d x %,d^2 verdicts, scaled): %,.1f s"
              + " (%.1f h); ratio %,.0fx (target >= %,.0fx: %s)",
          atoms, pods, allPairsAllAtomsMs / 1000, allPairsAllAtomsMs / 3_600_000, ratioAllAtoms, EVALUATOR_TARGET,
          ratioAllAtoms >= EVALUATOR_TARGET ? "met" : "MISSED");
      out(
          "  B. evaluator over all pairs, ONE port (%,d^2 verdicts, scaled): %,.1f s;"
              + " ratio %,.0fx (target >= %,.0fx: %s)",
          pods, allPairsOnePortMs / 1000, ratioOnePort, EVALUATOR_TARGET,
          ratioOnePort >= EVALUATOR_TARGET ? "met" : "MISSED");
      get("indexBuild", scale, variant)
          .ifPresent(
              build ->
                  out(
                      "  A with the engine's index build counted (%.2f ms + %.3f ms): %,.0fx;"
                          + " B likewise: %,.0fx",
                      build, full.get(), allPairsAllAtomsMs / (build + full.get()),
                      allPairsOnePortMs / (build + full.get())));
      Optional<Double> cell = get("cellQuery", scale, variant);
      Optional<Double> verdict = get("cellVerdict", scale, variant);
      if (cell.isPresent() && verdict.isPresent()) {
        out(
            "  one cell: evaluator %.0f ns, engine %.0f ns (means): %,.0fx",
            verdict.get(), cell.get(), verdict.get() / cell.get());
      }
    }
  }

  private void printNoGrouping() {
    Optional<Double> grouped = get("fullMatrix", "M", "REALISTIC");
    Optional<Double> ungrouped = get("fullMatrix", "M", "NO_GROUPING");
    if (grouped.isPresent() && ungrouped.isPresent()) {
      double ratio = ungrouped.get() / grouped.get();
      out(
          "no grouping at M: full matrix %.3f ms against %.3f ms (medians): %.1fx"
              + " (target <= %.0fx: %s)",
          ungrouped.get(), grouped.get(), ratio, NO_GROUPING_TARGET,
          ratio <= NO_GROUPING_TARGET ? "met" : "MISSED");
    }
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
