package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.exposure.Exposure;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.Arrays;

/**
 * A rough cost of {@code Exposure.of} on a generated cluster, without JMH: builds the matrix once,
 * then times the exposure a few times and prints each run and the median.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.netpol.bench.ExposureCost M 5
 * }</pre>
 */
public final class ExposureCost {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private ExposureCost() {}

  /**
   * Runs the measurement.
   *
   * @param args the scale ({@code S}, {@code M}, {@code L}) and how many runs (default 5)
   */
  public static void main(String[] args) {
    ClusterGenerator.Scale scale = ClusterGenerator.Scale.valueOf(args.length > 0 ? args[0] : "M");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Cluster cluster = ClusterGenerator.generate(scale, ClusterGenerator.Variant.REALISTIC, 42);
    ReachabilityMatrix matrix = ReachabilityEngine.withDefaults().build(cluster);
    System.out.println(scale + ": " + matrix);
    long[] ms = new long[runs];
    long[] cpu = new long[runs];
    int lines = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      Exposure exposure = Exposure.of(matrix);
      ms[i] = (System.nanoTime() - start) / 1_000_000;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
      lines = exposure.workloads().stream()
          .mapToInt(w -> w.ingress().size() + w.egress().size()).sum();
      System.out.println("run " + i + ": " + ms[i] + " ms (cpu " + cpu[i] + " ms), "
          + exposure.workloads().size()
          + " workloads, " + lines + " lines");
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    System.out.println("median: " + ms[runs / 2] + " ms, cpu " + cpu[runs / 2]
        + " ms (this thread); load average "
        + readLoad());
  }

  private static String readLoad() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
