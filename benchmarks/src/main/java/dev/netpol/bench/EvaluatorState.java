package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.PortRange;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A generated cluster, the reference evaluator over it, a seeded sample of pod pairs and one port
 * per port atom of the engine, made once per trial. Only S and M: at L the evaluator looping over
 * all pairs would take days, and even the sample is slow.
 */
@State(Scope.Benchmark)
public class EvaluatorState {
  /** How many (source pod, destination pod) pairs the sample holds. */
  public static final int SAMPLE_PAIRS = 1_000;

  /** The cluster size (S or M). */
  @Param({"S", "M"})
  public String scale;

  /** The policy mix. */
  @Param({"REALISTIC"})
  public String variant;

  /** The generated cluster (seed 42, as for the engine benchmarks). */
  public Cluster cluster;

  /** The reference evaluator with the default options, as the engine uses. */
  public Evaluator evaluator;

  /** Sampled sources: pair {@code i} is {@code sources[i] -> destinations[i]}. */
  public Pod[] sources;

  /** Sampled destinations. */
  public Pod[] destinations;

  /** The first port of every port atom of the engine's matrix: one port stands for its atom. */
  public Port[] atomPorts;

  /** The engine benchmark's random cells (same seed and ports as {@link EngineState}). */
  public Pod[] cellSources;

  /** Destinations of the random cells. */
  public Pod[] cellDestinations;

  /** Ports of the random cells. */
  public Port[] cellPorts;

  /** Builds everything once. */
  @Setup(Level.Trial)
  public void setUp() {
    cluster =
        ClusterGenerator.generate(
            ClusterGenerator.Scale.valueOf(scale), ClusterGenerator.Variant.valueOf(variant), 42);
    evaluator = cluster.evaluator();
    List<PortRange> atoms = cluster.reachability().portAtoms();
    atomPorts = atoms.stream().map(PortRange::representative).toArray(Port[]::new);
    List<Pod> pods = cluster.pods();
    Random sample = new Random(11);
    sources = new Pod[SAMPLE_PAIRS];
    destinations = new Pod[SAMPLE_PAIRS];
    for (int i = 0; i < SAMPLE_PAIRS; i++) {
      sources[i] = pods.get(sample.nextInt(pods.size()));
      destinations[i] = pods.get(sample.nextInt(pods.size()));
    }
    Random random = new Random(7);
    int n = 1024;
    cellSources = new Pod[n];
    cellDestinations = new Pod[n];
    cellPorts = new Port[n];
    int[] common = {53, 80, 443, 5432, 8080, 9090, 9100, 30000, 12345};
    for (int i = 0; i < n; i++) {
      cellSources[i] = pods.get(random.nextInt(pods.size()));
      cellDestinations[i] = pods.get(random.nextInt(pods.size()));
      cellPorts[i] = Port.tcp(common[random.nextInt(common.length)]);
    }
  }
}
