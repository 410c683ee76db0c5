package dev.netpol.bench;

import dev.netpol.core.exposure.Exposure;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The exposure of every workload of a generated cluster, from its compiled matrix: what {@code
 * cluster.exposure()} costs beyond building the index (the port atoms' matrices are computed as
 * the exposure walks them, so they are in the time). {@code run.sh} runs it at L beside {@link
 * LintBenchmarks}; alone: {@code java -jar benchmarks/target/benchmarks.jar ExposureBenchmarks
 * -p scale=S,M,L}.
 */
public class ExposureBenchmarks {
  /**
   * Every workload's exposure, every port atom.
   *
   * @param state the compiled cluster
   * @return the exposure
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Exposure exposure(EngineState state) {
    return Exposure.of(state.matrix);
  }
}
