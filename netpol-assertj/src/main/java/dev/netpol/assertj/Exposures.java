package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.exposure.Exposure;
import org.jspecify.annotations.Nullable;

/**
 * The exposure of the cluster asserted on last, computed once: a test class asserting on many
 * workloads of one (large) cluster pays for it once. One entry only, because an exposure holds
 * its cluster: a weak map would keep every cluster alive through its value.
 */
final class Exposures {
  private static @Nullable Exposure last;

  private Exposures() {}

  static synchronized Exposure of(Cluster cluster) {
    Exposure e = last;
    if (e == null || e.matrix().cluster() != cluster) {
      e = cluster.exposure();
      last = e;
    }
    return e;
  }
}
