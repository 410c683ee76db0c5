package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The full matrix with 1 and 2 threads, measured in alternation (one pass with 1 thread, then
 * one with 2, and again), without JMH: on a machine whose other load changes from second to
 * second, two passes run back to back see about the same load, so the median of the per-pair
 * ratios says more than two medians taken minutes apart. Also prints the CPU time of the
 * calling thread (1 thread) and of each thread computing (2 threads: the calling thread and one
 * engine thread, docs/semantics.md#engine-parallelism): their balance is what the
 * speed-up would be with two free cores, whatever the load, if nothing else in the JVM needed
 * a core; the whole JVM's CPU time during the 1-thread pass says how much else did (the garbage
 * collector's threads, mostly).
 *
 * <pre>{@code
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.netpol.bench.ParallelPairs L REALISTIC 15
 * }</pre>
 */
public final class ParallelPairs {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The whole JVM's CPU time: the engine's thread and the collector's, among others. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ParallelPairs() {}

  /**
   * Runs the measurement.
   *
   * @param args the scale, the variant and the number of pairs (defaults: L REALISTIC 15)
   */
  public static void main(String[] args) {
    ClusterGenerator.Scale scale = ClusterGenerator.Scale.valueOf(arg(args, 0, "L"));
    String variant = arg(args, 1, "REALISTIC");
    int pairs = Integer.parseInt(arg(args, 2, "15"));
    Cluster cluster =
        ClusterGenerator.generate(scale, ClusterGenerator.Variant.valueOf(variant), 42);
    ReachabilityMatrix one = ReachabilityEngine.builder().parallelism(1).build().build(cluster);
    ReachabilityMatrix two = ReachabilityEngine.builder().parallelism(2).build().build(cluster);
    int atoms = one.portAtoms().size();
    // Warm-up: at L the JIT compiles the 2-thread path's code for about 20 passes (the first
    // pairs of a 3-pass warm-up measured compilation: 0.6-1.3x with a JVM twice as busy).
    for (int i = 0; i < 25; i++) {
      one.forEachAtom(m -> {});
      two.forEachAtom(m -> {});
    }
    double[] wallOne = new double[pairs];
    double[] wallTwo = new double[pairs];
    double[] ratio = new double[pairs];
    double[] balance = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long process = PROCESS.getProcessCpuTime();
      long start = System.nanoTime();
      one.forEachAtom(m -> {});
      wallOne[i] = (System.nanoTime() - start) / 1e6;
      double cpuOne = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
      double processOne = (PROCESS.getProcessCpuTime() - process) / 1e6;
      long[] workers = new long[2];
      int[] seen = {0};
      long callerCpu = THREADS.getCurrentThreadCpuTime();
      start = System.nanoTime();
      long[] helper = {-1};
      two.forEachAtom(m -> {
        if (++seen[0] == 1) { // the helper lives from before the first result
          for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("netpol-engine-")) {
              helper[0] = t.getId();
            }
          }
        }
        // The helper ends once no task is left to take, before the last results are handed
        // over: its CPU time is read at every atom while it lives (-1 once it is gone).
        workers[1] = Math.max(workers[1], THREADS.getThreadCpuTime(helper[0]));
        if (seen[0] == atoms) {
          workers[0] = THREADS.getCurrentThreadCpuTime() - callerCpu;
        }
      });
      wallTwo[i] = (System.nanoTime() - start) / 1e6;
      ratio[i] = wallOne[i] / wallTwo[i];
      balance[i] = cpuOne / (Math.max(workers[0], workers[1]) / 1e6);
      out("pair %2d: 1 thread %.0f ms (cpu %.0f ms, whole JVM %.0f ms), 2 threads %.0f ms"
              + " (caller cpu %.0f + engine thread cpu %.0f ms): %.2fx; load %s",
          i, wallOne[i], cpuOne, processOne, wallTwo[i], workers[0] / 1e6, workers[1] / 1e6,
          ratio[i], load());
    }
    out("%s %s, %d pairs: median 1 thread %.0f ms, 2 threads %.0f ms; median of the pairs'"
            + " speed-ups %.2fx; CPU balance (1-thread CPU / busier thread's CPU, the"
            + " speed-up if nothing else in the JVM needed a core) median %.2fx",
        scale, variant, pairs, median(wallOne), median(wallTwo), median(ratio), median(balance));
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
