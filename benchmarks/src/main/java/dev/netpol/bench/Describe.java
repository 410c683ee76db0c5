package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.reach.ReachabilityMatrix;

/**
 * Prints what the generated clusters hold and how the engine compiles them (for
 * benchmarks/RESULTS.md).
 */
public final class Describe {
  private Describe() {}

  /**
   * Prints one line per scale and variant given, e.g. {@code S REALISTIC M NO_GROUPING}.
   *
   * @param args pairs of scale and variant
   */
  public static void main(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      long t0 = System.nanoTime();
      Cluster cluster =
          ClusterGenerator.generate(
              ClusterGenerator.Scale.valueOf(args[i]), ClusterGenerator.Variant.valueOf(args[i + 1]),
              42);
      long t1 = System.nanoTime();
      ReachabilityMatrix m = cluster.reachability();
      long t2 = System.nanoTime();
      System.out.printf(
          "%s %s: %s; %d classes, %d port atoms; generate %d ms, first build %d ms%n",
          args[i], args[i + 1], cluster, m.classCount(), m.portAtoms().size(),
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
  }
}
