package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.model.Pod;
import java.util.Optional;

/** Resolves pod endpoints to pods through core, so errors carry core's nearest misses. */
final class Resolution {
  private Resolution() {}

  /**
   * The pods an endpoint names, by {@link Cluster#resolve(Endpoint)}: an endpoint that names
   * nothing fails with core's {@link EndpointResolutionException}.
   */
  static ImmutableList<Pod> pods(Cluster cluster, Endpoint endpoint) {
    return cluster.resolve(endpoint).stream()
        .map(p -> p.asPod())
        .flatMap(Optional::stream)
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
