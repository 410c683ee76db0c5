package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.lint.Finding;
import dev.netpol.core.lint.Linter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code cluster.lint()} on the generated clusters: every check, redundancy included, from a
 * built cluster (generation is not measured). The target: lint and exposure of L in
 * under 5 s on one thread.
 */
@State(Scope.Benchmark)
public class LintBenchmarks {
  /** The cluster size. */
  @Param({"S", "M", "L"})
  public String scale;

  private Cluster cluster;

  /** Generates the cluster once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    cluster = ClusterGenerator.generate(
        ClusterGenerator.Scale.valueOf(scale), ClusterGenerator.Variant.REALISTIC, 42);
  }

  /**
   * Every lint check over the whole cluster.
   *
   * @return the findings
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Finding> lint() {
    return Linter.defaults().lint(cluster);
  }

  /**
   * What a reviewer's run costs from a loaded cluster: {@code cluster.lint()} and then {@code
   * cluster.exposure()}, which builds the engine's matrix (index and every port atom) and names
   * each workload's exposure. The target: under 5 s at L on one thread.
   *
   * @return the findings and the exposure
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object[] lintAndExposure() {
    return new Object[] {Linter.defaults().lint(cluster), cluster.exposure()};
  }

  /**
   * Times one lint per scale without JMH, with the number of findings per code: {@code java -cp
   * benchmarks.jar dev.netpol.bench.LintBenchmarks S M L}.
   *
   * @param args scales
   */
  public static void main(String[] args) {
    for (String s : args) {
      Cluster c = ClusterGenerator.generate(
          ClusterGenerator.Scale.valueOf(s), ClusterGenerator.Variant.REALISTIC, 42);
      for (int run = 0; run < 3; run++) {
        long t0 = System.nanoTime();
        List<Finding> findings = Linter.defaults().lint(c);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(s + " run " + run + ": " + ms + " ms, " + findings.size() + " findings");
        if (run == 2) {
          java.util.Map<Object, Long> byCode = new java.util.TreeMap<>();
          findings.forEach(f -> byCode.merge(f.code().code(), 1L, Long::sum));
          System.out.println("  " + byCode);
        }
      }
    }
  }
}
