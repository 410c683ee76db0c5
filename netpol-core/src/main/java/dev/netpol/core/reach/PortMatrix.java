package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;

/**
 * The whole pod-by-pod matrix for one port atom: every port of {@link #ports()} gets these
 * answers. Rows are source pod classes, columns destination pod classes, one bit per cell.
 *
 * <pre>{@code
 * PortMatrix tcp80 = matrix.matrix(Port.tcp(80));
 * tcp80.allowed(frontend, backend);
 * tcp80.allowedPairCount();   // how many (source, destination) pod pairs may connect
 * }</pre>
 */
public final class PortMatrix {
  private final EvaluationOptions options;
  private final PortRange ports;

  /** The port every answer is asked on: any port of the atom answers for all of them. */
  private final Port representative;

  /** The pods' cells and their answers in this atom, per class or per dual-stack cell. */
  private final Cells cells;

  PortMatrix(EvaluationOptions options, PortRange ports, Cells cells) {
    this.options = options;
    this.ports = ports;
    this.representative = ports.representative();
    this.cells = cells;
  }

  /**
   * The port atom this matrix answers for.
   *
   * @return the range of ports that all share these answers
   */
  public PortRange ports() {
    return ports;
  }

  /**
   * The number of pod classes (rows and columns).
   *
   * @return how many groups of indistinguishable pods the cluster has
   */
  public int classCount() {
    return cells.count();
  }

  /**
   * Whether the source pod may connect to the destination pod on these ports.
   *
   * @param source a pod of the matrix's cluster
   * @param destination a pod of the matrix's cluster
   * @return true if both ends allow it
   * @throws IllegalArgumentException if a pod is not in the cluster
   */
  public boolean allowed(Pod source, Pod destination) {
    int s = cells.cellOf(source);
    int d = cells.cellOf(destination);
    if (options.selfTrafficAlwaysAllowed() && source.id().equals(destination.id())) {
      return true;
    }
    return classAllowed(s, d);
  }

  /** The cell of a pod of the cluster, checked. */
  int cellOf(Pod pod) {
    return cells.cellOf(pod);
  }

  /** Whether a pod may connect to itself whatever the policies say (a plugin option). */
  boolean selfAlwaysAllowed() {
    return options.selfTrafficAlwaysAllowed();
  }

  /** Whether cell {@code s} reaches cell {@code d}: classes, or dual-stack cells. */
  boolean classAllowed(int s, int d) {
    return cells.allowed(s, d, representative);
  }

  /**
   * How many (source pod, destination pod) pairs may connect, a pod with itself included.
   *
   * @return the number of allowed cells of the pod-by-pod matrix
   */
  public long allowedPairCount() {
    Cells c = cells;
    Port port = representative;
    long count = 0;
    int n = c.count();
    for (int s = 0; s < n; s++) {
      long sum = 0;
      for (int d = 0; d < n; d++) {
        if (c.allowed(s, d, port)) {
          sum += c.podCount(d);
        }
      }
      int size = c.podCount(s);
      count += sum * size;
      if (options.selfTrafficAlwaysAllowed() && !c.allowed(s, s, port)) {
        count += size;
      }
    }
    return count;
  }

  /** Returns e.g. {@code PortMatrix[TCP/80, 12 classes]}. */
  @Override
  public String toString() {
    return "PortMatrix[" + ports + ", " + cells.count() + " classes]";
  }
}
