package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
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
  private final Index index;
  private final PortRange ports;
  private final Baseline baseline;
  /** Rows that differ from the baseline in this atom, by source class; null where unchanged. */
  private final long[] @Nullable [] changed;
  private static final long[][] NONE_CHANGED = new long[0][];

  /**
   * Destinations whose ingress admits every source in this atom beyond the baseline (rules with
   * no peers that admit only some ports), or null; already folded into the changed rows.
   */
  private final long @Nullable [] fromEveryone;

  /** For a cluster compiled per IP family: the cells, and this atom's matrix per projection. */
  private final @Nullable DualStack dual;

  private final PortMatrix @Nullable [] parts;

  private PortMatrix(
      Index index,
      PortRange ports,
      Baseline baseline,
      long[] @Nullable [] changed,
      long @Nullable [] fromEveryone) {
    this.index = index;
    this.ports = ports;
    this.baseline = baseline;
    this.changed = changed;
    this.fromEveryone = fromEveryone;
    this.dual = null;
    this.parts = null;
  }

  private PortMatrix(Index index, DualStack dual, PortMatrix[] parts, PortRange ports) {
    this.index = index;
    this.ports = ports;
    this.baseline = parts[0].baseline;
    this.changed = NONE_CHANGED;
    this.fromEveryone = null;
    this.dual = dual;
    this.parts = parts;
  }

  /** The matrix of a cluster compiled per IP family: a cell pair is allowed in some family. */
  static PortMatrix dual(Index index, DualStack dual, PortMatrix[] parts, PortRange atom) {
    return new PortMatrix(index, dual, parts, atom);
  }

  private int cells() {
    return dual == null ? index.size : dual.size();
  }

  private int cellSize(int cell) {
    return dual == null ? index.classPods.get(cell).size() : dual.cellPods.get(cell).size();
  }

  /**
   * Computes the matrix of one atom (or a sub-range of one): the protocol's baseline, with the
   * rows changed by the rules that admit only some ports recomputed. A row is the destination
   * classes the source's egress admits AND those whose ingress admits the source.
   */
  static PortMatrix compute(Index index, Baseline baseline, PortRange atom) {
    Port port = atom.representative();
    Index.ProtocolPlan plan = index.plans.get(atom.protocol());
    int a = plan.atomOf(atom.first());
    int n = index.size;
    long[] all = index.all;

    long[][] egress = null;
    int[] touched = new int[16];
    int touchedCount = 0;
    for (int ri : plan.egressByAtom()[a]) {
      Rule r = index.egressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      long[] allowed = d == all ? r.peers : Bits.and(r.peers, d);
      if (Bits.isEmpty(allowed)) {
        continue;
      }
      if (egress == null) {
        egress = new long[n][];
      }
      for (int s = Bits.next(r.targets, 0); s >= 0; s = Bits.next(r.targets, s + 1)) {
        if (egress[s] == null) {
          egress[s] = baseline.egressRow(s).clone(); // selected, so isolated: never null
          if (touchedCount == touched.length) {
            touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
          }
          touched[touchedCount++] = s;
        }
        Bits.or(egress[s], allowed);
      }
    }
    long[][] ingress = null;
    long[] fromEveryone = null;
    for (int ri : plan.ingressByAtom()[a]) {
      Rule r = index.ingressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      long[] g = d == all ? r.targets : Bits.and(r.targets, d);
      if (Bits.isEmpty(g)) {
        continue;
      }
      if (r.peerSetId == index.allPeerSetId) {
        if (fromEveryone == null) {
          fromEveryone = g.clone();
        } else {
          Bits.or(fromEveryone, g);
        }
        continue;
      }
      if (ingress == null) {
        ingress = new long[n][];
      }
      for (int s = Bits.next(r.peers, 0); s >= 0; s = Bits.next(r.peers, s + 1)) {
        if (ingress[s] == null) {
          ingress[s] = baseline.ingressRow(s).clone();
          if (egress == null || egress[s] == null) {
            if (touchedCount == touched.length) {
              touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = s;
          }
        }
        Bits.or(ingress[s], g);
      }
    }
    if (touchedCount == 0) {
      return new PortMatrix(index, atom, baseline, NONE_CHANGED, fromEveryone);
    }
    long[][] changed = new long[n][];
    for (int t = 0; t < touchedCount; t++) {
      int s = touched[t];
      long[] e = egress != null && egress[s] != null ? egress[s] : baseline.egressRow(s);
      long[] in = ingress != null && ingress[s] != null ? ingress[s] : baseline.ingressRow(s);
      long[] row = new long[all.length];
      for (int w = 0; w < row.length; w++) {
        long i = fromEveryone == null ? in[w] : in[w] | fromEveryone[w];
        row[w] = e == null ? i : e[w] & i;
      }
      changed[s] = row;
    }
    return new PortMatrix(index, atom, baseline, changed, fromEveryone);
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
    return cells();
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
    int s = cellOf(source);
    int d = cellOf(destination);
    if (index.options.selfTrafficAlwaysAllowed() && source.id().equals(destination.id())) {
      return true;
    }
    return classAllowed(s, d);
  }

  private int cellOf(Pod pod) {
    int cls = index.classOf(pod);
    return dual == null ? cls : dual.cellOf(pod.id());
  }

  /** Whether cell {@code s} reaches cell {@code d}: classes, or dual-stack cells. */
  boolean classAllowed(int s, int d) {
    if (dual != null) {
      PortMatrix[] p = parts;
      return dual.allowed(s, d, (f, a, b) -> p[f].classAllowed(a, b));
    }
    long[] row = s < changed.length ? changed[s] : null;
    if (row != null) {
      return Bits.get(row, d);
    }
    long[] e = baseline.egressRow(s);
    return (e == null || Bits.get(e, d))
        && (Bits.get(baseline.ingressRow(s), d) || (fromEveryone != null && Bits.get(fromEveryone, d)));
  }

  /**
   * How many (source pod, destination pod) pairs may connect, a pod with itself included.
   *
   * @return the number of allowed cells of the pod-by-pod matrix
   */
  public long allowedPairCount() {
    long count = 0;
    int n = cells();
    for (int s = 0; s < n; s++) {
      long sum = 0;
      for (int d = 0; d < n; d++) {
        if (classAllowed(s, d)) {
          sum += cellSize(d);
        }
      }
      int size = cellSize(s);
      count += sum * size;
      if (index.options.selfTrafficAlwaysAllowed() && !classAllowed(s, s)) {
        count += size;
      }
    }
    return count;
  }

  /** Returns e.g. {@code PortMatrix[TCP/80, 12 classes]}. */
  @Override
  public String toString() {
    return "PortMatrix[" + ports + ", " + cells() + " classes]";
  }
}
