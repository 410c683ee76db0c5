package dev.netpol.core.testkit;

import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import java.util.Optional;

/**
 * One end of a generated connection: a pod of the cluster, or an address outside it.
 *
 * @param pod the pod, or empty for an outside address
 * @param address the pod's first address, or the outside address
 */
public record TrafficEnd(Optional<Pod> pod, IpAddress address) {

  /**
   * A pod end, addressed by its first IP.
   *
   * @param pod the pod
   * @return the end
   */
  public static TrafficEnd of(Pod pod) {
    return new TrafficEnd(Optional.of(pod), pod.ips().get(0));
  }

  /**
   * An end outside the cluster's pods.
   *
   * @param address the address
   * @return the end
   */
  public static TrafficEnd external(IpAddress address) {
    return new TrafficEnd(Optional.empty(), address);
  }

  /** Returns {@code pod ns/name (10.0.0.3)} or {@code address 8.8.8.8}. */
  @Override
  public String toString() {
    return pod.map(p -> "pod " + p.id() + " (" + address + ")").orElse("address " + address);
  }
}
