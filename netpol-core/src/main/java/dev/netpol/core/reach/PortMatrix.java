package dev.netpol.core.reach;

import dev.netpol.core.Port;
import dev.netpol.core.model.Pod;
import java.util.List;

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
  private final long[][] rows;

  private PortMatrix(Index index, PortRange ports, long[][] rows) {
    this.index = index;
    this.ports = ports;
    this.rows = rows;
  }

  /**
   * Computes the matrix of one atom: for each source class, the destination classes its egress
   * admits, AND the destination classes whose ingress admits it.
   */
  static PortMatrix compute(Index index, PortRange atom) {
    Port port = atom.representative();
    int n = index.size;
    long[] all = index.all;
    long[][] egress = egressRows(index, port, all);

    long[][] bySet = new long[index.peerSets.size()][];
    for (Rule r : index.ingressRules) {
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      long[] g = d == all ? r.targets : Bits.and(r.targets, d);
      if (bySet[r.peerSetId] == null) {
        bySet[r.peerSetId] = g.clone();
      } else {
        Bits.or(bySet[r.peerSetId], g);
      }
    }
    long[] base = new long[all.length];
    for (int w = 0; w < all.length; w++) {
      base[w] = all[w] & ~index.ingressIsolated[w];
    }
    if (index.allPeerSetId >= 0 && bySet[index.allPeerSetId] != null) {
      Bits.or(base, bySet[index.allPeerSetId]);
      bySet[index.allPeerSetId] = null;
    }
    long[][] rows = new long[n][];
    for (int s = 0; s < n; s++) {
      rows[s] = base.clone();
    }
    for (int k = 0; k < bySet.length; k++) {
      long[] g = bySet[k];
      if (g == null || Bits.isEmpty(g)) {
        continue;
      }
      long[] sources = index.peerSets.get(k);
      for (int s = Bits.next(sources, 0); s >= 0; s = Bits.next(sources, s + 1)) {
        Bits.or(rows[s], g);
      }
    }
    for (int s = 0; s < n; s++) {
      if (Bits.get(index.egressIsolated, s)) {
        long[] e = egress[s];
        long[] row = rows[s];
        for (int w = 0; w < row.length; w++) {
          row[w] &= e == null ? 0 : e[w];
        }
      }
    }
    return new PortMatrix(index, atom, rows);
  }

  private static long[][] egressRows(Index index, Port port, long[] all) {
    long[][] egress = new long[index.size][];
    List<Rule> rules = index.egressRules;
    int i = 0;
    while (i < rules.size()) {
      int policy = rules.get(i).policy;
      long[] targets = rules.get(i).targets;
      long[] union = null;
      for (; i < rules.size() && rules.get(i).policy == policy; i++) {
        Rule r = rules.get(i);
        long[] d = r.admittedDestinations(port, index, all);
        if (d == null) {
          continue;
        }
        long[] allowed = d == all ? r.peers : Bits.and(r.peers, d);
        if (union == null) {
          union = allowed.clone();
        } else {
          Bits.or(union, allowed);
        }
      }
      if (union == null || Bits.isEmpty(union)) {
        continue;
      }
      for (int s = Bits.next(targets, 0); s >= 0; s = Bits.next(targets, s + 1)) {
        if (egress[s] == null) {
          egress[s] = union.clone();
        } else {
          Bits.or(egress[s], union);
        }
      }
    }
    return egress;
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
    return rows.length;
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
    int s = index.classOf(source);
    int d = index.classOf(destination);
    if (index.options.selfTrafficAlwaysAllowed() && source.id().equals(destination.id())) {
      return true;
    }
    return Bits.get(rows[s], d);
  }

  boolean classAllowed(int sourceClass, int destinationClass) {
    return Bits.get(rows[sourceClass], destinationClass);
  }

  /**
   * How many (source pod, destination pod) pairs may connect, a pod with itself included.
   *
   * @return the number of allowed cells of the pod-by-pod matrix
   */
  public long allowedPairCount() {
    long count = 0;
    for (int s = 0; s < rows.length; s++) {
      long[] row = rows[s];
      long sum = 0;
      for (int d = Bits.next(row, 0); d >= 0; d = Bits.next(row, d + 1)) {
        sum += index.classPods.get(d).size();
      }
      int size = index.classPods.get(s).size();
      count += sum * size;
      if (index.options.selfTrafficAlwaysAllowed() && !Bits.get(row, s)) {
        count += size;
      }
    }
    return count;
  }

  /** Returns e.g. {@code PortMatrix[TCP/80, 12 classes]}. */
  @Override
  public String toString() {
    return "PortMatrix[" + ports + ", " + rows.length + " classes]";
  }
}
