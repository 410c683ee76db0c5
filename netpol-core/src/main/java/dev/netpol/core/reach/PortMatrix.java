package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

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

  /**
   * A pod's answer with itself where it may differ from its cell's (a cell also holds pairs of
   * distinct pods): null when the cell answers for it too.
   */
  private final @Nullable IntPredicate self;

  PortMatrix(EvaluationOptions options, PortRange ports, Cells cells, @Nullable IntPredicate self) {
    this.options = options;
    this.ports = ports;
    this.representative = ports.representative();
    this.cells = cells;
    this.self = self;
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
    if (source.id().equals(destination.id())) {
      return selfAllowed(s);
    }
    return classAllowed(s, d);
  }

  /** The pods' cells and their answers in this atom. */
  Cells cells() {
    return cells;
  }

  /** The cell of a pod of the cluster, checked. */
  int cellOf(Pod pod) {
    return cells.cellOf(pod);
  }

  /**
   * Whether a pod of a cell may connect to itself: always, under the self-traffic option;
   * otherwise as its cell says, except that ClusterNetworkPolicies do not apply to a pod's
   * traffic to itself (docs/cluster-policies.md#hairpin).
   */
  boolean selfAllowed(int cell) {
    if (options.selfTrafficAlwaysAllowed()) {
      return true;
    }
    return self != null ? self.test(cell) : classAllowed(cell, cell);
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
      boolean cell = c.allowed(s, s, port);
      boolean self = selfAllowed(s);
      if (self != cell) {
        count += self ? size : -size;
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
