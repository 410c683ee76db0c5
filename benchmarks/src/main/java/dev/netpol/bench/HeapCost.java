package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * The retained heap of the engine's index and matrix on a generated cluster, measured by walking
 * the object graph with JOL after a full {@code forEachAtom} pass (so that the caches the atoms
 * fill, such as the tiers' overlays, are counted). Three numbers per variant: everything the
 * matrix reaches, the cluster alone (pods, policies: what the user holds anyway), and the
 * difference, which is what the engine adds.
 *
 * <pre>{@code
 * java -Djdk.attach.allowAttachSelf=true -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     dev.netpol.bench.HeapCost L REALISTIC TIERED
 * }</pre>
 */
public final class HeapCost {
  private static final double MB = 1024.0 * 1024.0;

  private HeapCost() {}

  /**
   * Runs the measurement.
   *
   * @param args the scale ({@code S}, {@code M}, {@code L}; default {@code L}), then the variants
   *     (default {@code REALISTIC TIERED})
   */
  public static void main(String[] args) {
    ClusterGenerator.Scale scale = ClusterGenerator.Scale.valueOf(args.length > 0 ? args[0] : "L");
    String[] variants =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"REALISTIC", "TIERED"};
    for (String variant : variants) {
      Cluster cluster =
          ClusterGenerator.generate(scale, ClusterGenerator.Variant.valueOf(variant), 42);
      ReachabilityMatrix matrix = ReachabilityEngine.withDefaults().build(cluster);
      long[] atoms = {0};
      matrix.forEachAtom(m -> atoms[0]++);
      long total = GraphLayout.parseInstance(matrix).totalSize();
      long clusterOnly = GraphLayout.parseInstance(cluster).totalSize();
      System.out.println(
          String.format(
              Locale.ROOT,
              "%s %s: %,d pods, %d classes, %d atoms; retained after a full pass: matrix and"
                  + " index %.1f MB (the cluster they point to %.1f MB, the engine's own"
                  + " %.1f MB); load average %s",
              scale, variant, cluster.pods().size(), matrix.classCount(), atoms[0],
              total / MB, clusterOnly / MB, (total - clusterOnly) / MB, load()));
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
