package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A generated cluster, its compiled matrix and some random queries, made once per trial. */
@State(Scope.Benchmark)
public class EngineState {
  /** The cluster size. */
  @Param({"S", "M", "L"})
  public String scale;

  /** The policy mix. */
  @Param({"REALISTIC"})
  public String variant;

  /**
   * The engine's parallelism: how many threads compute the port atoms of the full matrix
   * (docs/semantics.md#engine-parallelism). {@code run.sh} compares 1 and 2 at L.
   */
  @Param({"1"})
  public String threads;

  /** The generated cluster. */
  public Cluster cluster;

  /** The engine. */
  public ReachabilityEngine engine;

  /** The compiled cluster. */
  public ReachabilityMatrix matrix;

  /** Every port atom of the matrix. */
  public List<PortRange> atoms;

  /** Random sources for cell queries. */
  public Pod[] sources;

  /** Random destinations for cell queries. */
  public Pod[] destinations;

  /** Random ports (policy ports and others) for cell queries. */
  public Port[] ports;

  /** Builds everything once. */
  @Setup(Level.Trial)
  public void setUp() {
    cluster =
        ClusterGenerator.generate(
            ClusterGenerator.Scale.valueOf(scale), ClusterGenerator.Variant.valueOf(variant), 42);
    engine = ReachabilityEngine.builder().parallelism(Integer.parseInt(threads)).build();
    matrix = engine.build(cluster);
    atoms = matrix.portAtoms();
    Random random = new Random(7);
    int n = 1024;
    sources = new Pod[n];
    destinations = new Pod[n];
    ports = new Port[n];
    List<Pod> pods = cluster.pods();
    int[] common = {53, 80, 443, 5432, 8080, 9090, 9100, 30000, 12345};
    for (int i = 0; i < n; i++) {
      sources[i] = pods.get(random.nextInt(pods.size()));
      destinations[i] = pods.get(random.nextInt(pods.size()));
      ports[i] = Port.tcp(common[random.nextInt(common.length)]);
    }
  }
}
