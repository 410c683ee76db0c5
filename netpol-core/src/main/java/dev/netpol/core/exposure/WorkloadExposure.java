package dev.netpol.core.exposure;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.policy.PolicyType;
import java.util.Optional;

/**
 * The exposure of one workload (a Deployment's pods together; a pod without a workload on its
 * own, grouped as {@link dev.netpol.core.reach.WorkloadMatrix#groupId} does): who may connect in
 * on which ports, and where it may connect out.
 *
 * <pre>{@code
 * shop/db (StatefulSet, 3 pods)
 *   in  TCP/5432 from pods of shop/api
 *   out UDP/53 to pods of kube-system/coredns
 * }</pre>
 *
 * <p>A port range that admits nobody has no line. Lines are ordered widest peer first ({@link
 * Breadth}), then by first port.
 *
 * @param id {@code namespace/name} of the workload, or of the pod
 * @param namespace its namespace
 * @param kind the workload kind ({@code Deployment}, ...) or {@code Pod}
 * @param podCount how many pods it has
 * @param ingress who may connect in
 * @param egress where it may connect out
 */
public record WorkloadExposure(
    String id,
    String namespace,
    String kind,
    int podCount,
    ImmutableList<Reach> ingress,
    ImmutableList<Reach> egress) {

  /**
   * The lines of one direction.
   *
   * @param direction {@code INGRESS} or {@code EGRESS}
   * @return {@link #ingress()} or {@link #egress()}
   */
  public ImmutableList<Reach> reaches(PolicyType direction) {
    return direction == PolicyType.INGRESS ? ingress : egress;
  }

  /**
   * The widest peer of one direction.
   *
   * @param direction {@code INGRESS} or {@code EGRESS}
   * @return the breadth of its widest line; empty if nothing may connect that way on any port
   */
  public Optional<Breadth> widest(PolicyType direction) {
    return reaches(direction).stream().map(r -> r.peer().breadth()).min(Enum::compareTo);
  }

  /** Returns the header line and one indented line per {@link Reach}, as in the class doc. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(id).append(" (").append(kind).append(", ")
        .append(podCount).append(podCount == 1 ? " pod)" : " pods)");
    if (ingress.isEmpty()) {
      out.append("\n  in  nothing on any port");
    }
    ingress.forEach(r -> out.append("\n  ").append(r));
    if (egress.isEmpty()) {
      out.append("\n  out nothing on any port");
    }
    egress.forEach(r -> out.append("\n  ").append(r));
    return out.toString();
  }
}
