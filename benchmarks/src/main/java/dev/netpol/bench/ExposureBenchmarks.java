package dev.netpol.bench;

import dev.netpol.core.exposure.Exposure;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The exposure of every workload of a generated cluster, from its compiled matrix: what {@code
 * cluster.exposure()} costs beyond the matrix. Not part of {@code run.sh} yet (at L it takes
 * far longer than the engine's benchmarks; see docs/exposure.md#cost); run it alone with
 * {@code java -jar benchmarks/target/benchmarks.jar ExposureBenchmarks -p scale=S,M}.
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
