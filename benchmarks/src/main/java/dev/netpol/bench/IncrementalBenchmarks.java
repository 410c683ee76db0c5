package dev.netpol.bench;

import dev.netpol.core.reach.MatrixDiff;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WhatIf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * "What changes if I apply this policy?" on a compiled cluster: the incremental
 * answer ({@code matrix.apply(change)}: the new matrix and its {@link MatrixDiff}) against a
 * rebuild (compiling the changed cluster, then {@link MatrixDiff#between}). At L the rebuild's
 * diff compares every pair of pod classes on every port atom and does not finish in a benchmark's
 * time, so L measures the rebuild's compilation alone ({@link #rebuildIndex}), a lower bound.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IncrementalBenchmarks -p scale=L
 * java -jar benchmarks/target/benchmarks.jar IncrementalBenchmarks -p scale=L -p variant=TIERED \
 *   -p scope=CLUSTER      # a cluster-scoped policy changed ({@link WhatIfState})
 * </pre>
 */
public class IncrementalBenchmarks {
  /**
   * The incremental answer: the changed cluster, its matrix and the diff.
   *
   * @param state the compiled cluster and the change
   * @return the answer
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public WhatIf incremental(WhatIfState state) {
    return state.matrix.apply(state.policyChange);
  }

  /**
   * The rebuild: compiling the changed cluster from scratch and diffing the two matrices.
   *
   * @param state the compiled cluster and the changed one
   * @return the diff
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public MatrixDiff rebuild(WhatIfState state) {
    return MatrixDiff.between(state.matrix, state.engine.build(state.changed));
  }

  /**
   * The rebuild's compilation alone, without the diff: a lower bound of {@link #rebuild}.
   *
   * @param state the changed cluster
   * @return its matrix
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ReachabilityMatrix rebuildIndex(WhatIfState state) {
    return state.engine.build(state.changed);
  }
}
