package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import org.assertj.core.annotation.CheckReturnValue;

/**
 * The middle of a reachability chain: {@code assertThat(cluster).allows(source)} waiting for its
 * destination. It asserts nothing by itself.
 *
 * <pre>{@code
 * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
 * }</pre>
 */
public final class ConnectionFrom {
  private final ClusterAssert origin;
  private final Cluster cluster;
  private final boolean allows;
  private final Endpoint source;
  private final PendingChains.Pending pending;

  ConnectionFrom(ClusterAssert origin, Cluster cluster, boolean allows, Endpoint source) {
    this.pending = PendingChains.start(text(allows, source));
    this.origin = origin;
    this.cluster = cluster;
    this.allows = allows;
    this.source = source;
  }

  private static String text(boolean allows, Endpoint source) {
    return "assertThat(cluster)." + (allows ? "allows(" : "denies(") + source + ")";
  }

  /**
   * Names the destination: its pods, a Service (whose asked port is translated to each pod's
   * target port), or an address or CIDR outside the cluster.
   *
   * <pre>{@code
   * assertThat(cluster).denies(pods("app=frontend")).to(service("default/db")).onTcp(5432);
   * }</pre>
   *
   * @param destination the pods (or addresses) accepting connections
   * @return the last step: a port terminal of {@link ConnectionTo}
   */
  @CheckReturnValue
  public ConnectionTo to(Endpoint destination) {
    PendingChains.extend(pending, text(allows, source) + ".to(" + destination + ")");
    return new ConnectionTo(origin, cluster, allows, source, destination, pending);
  }
}
