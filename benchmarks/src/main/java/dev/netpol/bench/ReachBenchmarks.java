package dev.netpol.bench;

import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's three costs: compiling a cluster held in memory, answering one cell, and computing
 * the whole pod-by-pod matrix for every port atom.
 */
@State(Scope.Thread)
public class ReachBenchmarks {
  private int next;

  /**
   * Compiles the cluster: pod classes, selections, peer bitsets, port atoms.
   *
   * @param state the generated cluster
   * @return the matrix
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ReachabilityMatrix indexBuild(EngineState state) {
    return state.engine.build(state.cluster);
  }

  /**
   * One (source pod, destination pod, port) cell.
   *
   * @param state the compiled cluster and random queries
   * @return the answer
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean cellQuery(EngineState state) {
    int i = next++ & 1023;
    return state.matrix.allowed(state.sources[i], state.destinations[i], state.ports[i]);
  }

  /**
   * Every cell of the pod-by-pod matrix for every port atom of every protocol.
   *
   * @param state the compiled cluster
   * @param blackhole sink for the per-atom matrices
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void fullMatrix(EngineState state, Blackhole blackhole) {
    state.matrix.forEachAtom(blackhole::consume);
  }
}
