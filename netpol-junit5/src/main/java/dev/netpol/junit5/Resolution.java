package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.Port;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Pod;
import java.util.Optional;

/** Resolves pod endpoints to pods through core, so errors carry core's nearest misses. */
final class Resolution {
  /** An address of TEST-NET-1 (RFC 5737): never routed, so normally no pod's. */
  private static final Endpoint ELSEWHERE = Endpoint.ip("192.0.2.1");

  private Resolution() {}

  /**
   * The pods an endpoint names. Core resolves endpoints only while it evaluates, so this asks
   * from the endpoint to one address: the sources of the verdicts are exactly its pods, and an
   * endpoint that names nothing fails with core's {@link EndpointResolutionException}.
   */
  static ImmutableList<Pod> pods(Cluster cluster, Endpoint endpoint) {
    return cluster.evaluate(endpoint, ELSEWHERE, Port.tcp(1)).pairs().stream()
        .map(Verdict::source)
        .map(p -> p.asPod())
        .flatMap(Optional::stream)
        .distinct()
        .collect(ImmutableList.toImmutableList());
  }

  static Pod pod(Cluster cluster, String id) {
    Endpoint endpoint = Endpoint.pod(id);
    ImmutableList<Pod> pods = pods(cluster, endpoint);
    if (pods.size() != 1) {
      throw new EndpointResolutionException(endpoint, "expected one pod, found " + pods);
    }
    return pods.get(0);
  }
}
