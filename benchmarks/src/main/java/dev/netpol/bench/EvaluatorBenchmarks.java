package dev.netpol.bench;

import dev.netpol.core.eval.Verdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The reference evaluator's cost, to compare with the engine's: {@code Evaluator.evaluate(source,
 * destination, port)} always builds the full verdict with its explanation (rule checks, closest
 * rule, ignoring policies); it has no cheaper allowed-only path, so this is the reference cost.
 * {@link Ratios} scales the sample to every pair and compares with {@link ReachBenchmarks}.
 */
@State(Scope.Thread)
public class EvaluatorBenchmarks {
  private int next;

  /**
   * The evaluator looping over the sample: every sampled (source, destination) pair at one port of
   * every port atom, {@code SAMPLE_PAIRS x atoms} verdicts per operation. Divided by that count,
   * the mean is the mean cost of one verdict over the same (pair, atom) cells the engine's full
   * matrix answers.
   *
   * @param state the cluster, evaluator and sample
   * @param blackhole sink for the verdicts
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void sampleAllAtoms(EvaluatorState state, Blackhole blackhole) {
    for (int i = 0; i < EvaluatorState.SAMPLE_PAIRS; i++) {
      for (int a = 0; a < state.atomPorts.length; a++) {
        blackhole.consume(
            state.evaluator.evaluate(state.sources[i], state.destinations[i], state.atomPorts[a]));
      }
    }
  }

  /**
   * One verdict on the engine benchmark's random cells (compare with {@code
   * ReachBenchmarks.cellQuery}).
   *
   * @param state the cluster, evaluator and cells
   * @return the verdict
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Verdict cellVerdict(EvaluatorState state) {
    int i = next++ & 1023;
    return state.evaluator.evaluate(
        state.cellSources[i], state.cellDestinations[i], state.cellPorts[i]);
  }
}
