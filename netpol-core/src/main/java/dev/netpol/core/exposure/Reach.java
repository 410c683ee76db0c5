package dev.netpol.core.exposure;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.PortRange;

/**
 * One line of a workload's exposure: on these ports, this peer may connect in ({@link
 * PolicyType#INGRESS}) or be connected to ({@link PolicyType#EGRESS}).
 *
 * <pre>{@code
 * in  TCP/5432 from all pods of namespace shop
 * in  TCP/80 from outside the cluster: 0.0.0.0/0 (some pods)
 * out UDP/53, TCP/53 to pods of kube-system/coredns
 * }</pre>
 *
 * <p>A workload is exposed when <em>any</em> of its pods is: {@link #everyPod()} is false when
 * only some of its pods admit the whole peer (pods of a workload with different labels, or an
 * {@code ipBlock} that sees one pod's address and not another's). The ports are exact: every
 * port of every range gets this answer, and neighbouring ranges with the same answer are merged.
 *
 * @param direction {@code INGRESS}: the peer connects to the workload; {@code EGRESS}: the
 *     workload connects to the peer
 * @param peer who or what is at the other end
 * @param everyPod whether every pod of the workload admits all of the peer
 * @param ports the port ranges, by protocol then number; never empty
 */
public record Reach(
    PolicyType direction, Peer peer, boolean everyPod, ImmutableList<PortRange> ports) {

  /**
   * Checks there is a port range.
   *
   * @param direction the direction
   * @param peer the peer
   * @param everyPod whether every pod of the workload admits all of the peer
   * @param ports the ports
   */
  public Reach {
    Preconditions.checkArgument(!ports.isEmpty(), "expected at least one port range");
  }

  /**
   * Whether a port is one of this line's.
   *
   * @param port a port
   * @return true if a range holds it
   */
  public boolean covers(Port port) {
    return ports.stream().anyMatch(r -> r.contains(port));
  }

  /** Returns e.g. {@code in TCP/80, TCP/443 from any pod of any namespace (some pods)}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(direction == PolicyType.INGRESS ? "in  " : "out ");
    String sep = "";
    for (PortRange r : ports) {
      out.append(sep).append(r);
      sep = ", ";
    }
    out.append(direction == PolicyType.INGRESS ? " from " : " to ").append(peer);
    return out.append(everyPod ? "" : " (some pods)").toString();
  }
}
