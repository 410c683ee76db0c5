package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walks every port atom of a matrix in order (by protocol, then port) at the level of its cells
 * (groups of pods that get the same answer from every policy), saying per atom which cells'
 * answers differ from the previous atom's: for views that aggregate the engine's answers over
 * many pods, such as the exposure of each workload, at a cost that grows with what changes from
 * one atom to the next, not with pods² × atoms.
 *
 * <pre>{@code
 * CellWalk walk = CellWalk.of(matrix);
 * int web = walk.cellOf(webPod);
 * long[] bits = new long[walk.words()];
 * while (walk.next()) {
 *   if (walk.columnChanged(web)) {
 *     walk.column(web, bits);   // the cells whose pods may connect to webPod on walk.ports()
 *   }
 * }
 * }</pre>
 *
 * <p>Every atom numbers the cells alike, so a pod's cell is looked up once. A row of a cell is the
 * destination cells its pods may connect to, a column the source cells that may connect to its
 * pods, one bit per cell (bit {@code c % 64} of word {@code c / 64}). The answers are the
 * policies' answers between pods of the cells, as {@link PortMatrix} has them between classes: a
 * cell's answer with itself is that of two distinct pods of it, which a pod's connection to
 * itself may not share (the plugin option {@code selfTrafficAlwaysAllowed}, and policies that
 * exempt it: docs/cluster-policies.md#hairpin). On the very first atom every cell counts as
 * changed.
 *
 * <p>The engine hands over its own rows (equal rows of consecutive atoms are most often the same
 * array), so an unchanged row costs a comparison of references; the columns are kept up to date
 * by flipping the bits changed rows changed. Outside addresses ({@link #fromOutside}, {@link
 * #toOutside}) are recomputed only for cells a rule whose ports admit differently from the
 * previous atom reaches.
 */
public final class CellWalk {
  private final ReachabilityMatrix matrix;
  private final Index index;
  private final ImmutableList<PortRange> atoms;
  private int next;
  private @Nullable Protocol protocol;
  private Baseline[] baselines = new Baseline[0];
  /** The matrix's baselines by protocol, shared by protocols with the same ones. */
  private final java.util.Map<Protocol, com.google.common.base.Supplier<Baseline[]>> baselineOf;
  private @Nullable PortRange current;
  private @Nullable PortRange previous;
  private @Nullable Cells cells;

  private final int n;
  private final int words;
  /** The engine's rows of the current atom, never written to; null before the first atom. */
  private long[] @Nullable [] rows;
  private long[][] columns = new long[0][];
  private final boolean[] rowChanged;
  private final boolean[] columnChanged;
  private final boolean[] fromOutsideChanged;
  private final boolean[] toOutsideChanged;
  /** The cells with any change this atom, in the order found, and which those are. */
  private int[] changedCells;
  private int changedCount;
  private final boolean[] anyChanged;
  private final List<ImmutableRangeSet<IpAddress>> fromOutside;
  private final List<ImmutableRangeSet<IpAddress>> toOutside;

  /** Per cell, the class of the whole compilation its first pod has: outside sets are per class. */
  private final int[] classOfCell;
  /** Per class of the whole compilation, the cells whose outside sets it gives. */
  private final int[][] cellsOfClass;

  private CellWalk(ReachabilityMatrix matrix) {
    this.matrix = matrix;
    this.baselineOf = matrix.baselineSuppliers();
    this.index = matrix.index();
    this.atoms = matrix.portAtoms();
    this.n = matrix.classCount();
    this.words = Bits.words(n);
    rowChanged = new boolean[n];
    columnChanged = new boolean[n];
    fromOutsideChanged = new boolean[n];
    toOutsideChanged = new boolean[n];
    anyChanged = new boolean[n];
    changedCells = new int[Math.min(n, 64)];
    fromOutside = new ArrayList<>(java.util.Collections.nCopies(n, ImmutableRangeSet.of()));
    toOutside = new ArrayList<>(java.util.Collections.nCopies(n, ImmutableRangeSet.of()));
    classOfCell = new int[n];
    Arrays.fill(classOfCell, -1);
    int[] count = new int[index.size];
    for (Pod pod : matrix.cluster().pods()) {
      int c = matrix.cellOf(pod);
      if (classOfCell[c] < 0) {
        classOfCell[c] = index.classOfPod.get(pod.id());
        count[classOfCell[c]]++;
      }
    }
    cellsOfClass = new int[index.size][];
    for (int k = 0; k < index.size; k++) {
      cellsOfClass[k] = new int[count[k]];
      count[k] = 0;
    }
    for (int c = 0; c < n; c++) {
      int k = classOfCell[c];
      cellsOfClass[k][count[k]++] = c;
    }
  }

  /**
   * A walk over a matrix's atoms, before the first: call {@link #next} to get there.
   *
   * @param matrix the engine's matrix
   * @return the walk
   */
  public static CellWalk of(ReachabilityMatrix matrix) {
    return new CellWalk(matrix);
  }

  /**
   * Moves to the next port atom and works out what changed.
   *
   * @return false once every atom was visited
   */
  public boolean next() {
    if (next == atoms.size()) {
      return false;
    }
    previous = current;
    for (int i = 0; i < changedCount; i++) {
      anyChanged[changedCells[i]] = false;
    }
    changedCount = 0;
    PortRange atom = atoms.get(next++);
    current = atom;
    boolean newProtocol = atom.protocol() != protocol;
    if (newProtocol) {
      if (protocol != null) {
        baselineOf.remove(protocol); // let go of it, unless a later protocol shares it
      }
      protocol = atom.protocol();
      baselines = baselineOf.get(atom.protocol()).get();
    }
    PortMatrix m = matrix.compute(baselines, atom);
    Cells c = m.cells();
    Port port = atom.representative();
    walkRows(c, port);
    cells = c;
    walkOutside(port, newProtocol);
    return true;
  }

  private void walkRows(Cells c, Port port) {
    long[][] fresh;
    int changedCount = 0;
    int[] changed = new int[16];
    Arrays.fill(rowChanged, false);
    int[] candidates = null;
    if (rows != null && c instanceof AtomCells now && cells instanceof AtomCells before
        && now.samePlainRows(before)) {
      // Only rows either atom changes from their plain rows can differ.
      candidates = union(before.changedSources(), now.changedSources());
      fresh = rows.clone();
    } else {
      fresh = new long[n][];
    }
    int count = candidates == null ? n : candidates.length;
    for (int i = 0; i < count; i++) {
      int s = candidates == null ? i : candidates[i];
      long[] row = c.row(s, port);
      fresh[s] = row;
      long[] old = rows == null ? null : rows[s];
      boolean differs = old == null || (old != row && !Arrays.equals(old, row));
      rowChanged[s] = differs;
      if (differs) {
        mark(s);
        if (changedCount == changed.length) {
          changed = Arrays.copyOf(changed, changedCount * 2);
        }
        changed[changedCount++] = s;
      }
    }
    Arrays.fill(columnChanged, false);
    if (rows == null || changedCount > n / 16) {
      // Many rows changed: transposing all of them costs less than flipping bit by bit.
      long[][] fresh2 = Transpose.of(fresh, n);
      for (int d = 0; d < n; d++) {
        columnChanged[d] = rows == null || !Arrays.equals(columns[d], fresh2[d]);
        if (columnChanged[d]) {
          mark(d);
        }
      }
      columns = fresh2;
    } else {
      for (int k = 0; k < changedCount; k++) {
        int s = changed[k];
        long[] before = rows[s];
        long[] after = fresh[s];
        long bit = 1L << s;
        int word = s >>> 6;
        for (int w = 0; w < words; w++) {
          long x = before[w] ^ after[w];
          while (x != 0) {
            int d = (w << 6) + Long.numberOfTrailingZeros(x);
            x &= x - 1;
            columns[d][word] ^= bit;
            if (!columnChanged[d]) {
              columnChanged[d] = true;
              mark(d);
            }
          }
        }
      }
    }
    rows = fresh;
  }

  /**
   * Recomputes the outside sets of the classes reached by a rule whose ports admit differently
   * here than in the previous atom: only those can differ (the rules admitting every port of a
   * protocol admit alike in each of its atoms).
   */
  private void walkOutside(Port port, boolean newProtocol) {
    Arrays.fill(fromOutsideChanged, false);
    Arrays.fill(toOutsideChanged, false);
    long[] ingress;
    long[] egress;
    boolean firstAtom = previous == null;
    if (newProtocol || firstAtom) {
      ingress = index.all;
      egress = index.all;
    } else {
      ingress = new long[Bits.words(index.size)];
      egress = new long[Bits.words(index.size)];
      Port before = previous.representative();
      Index.ProtocolPlan plan = index.plans.get(port.protocol());
      int a = plan.atomOf(port.number());
      int b = plan.atomOf(before.number());
      for (int[] list : List.of(plan.egressByAtom()[a], plan.egressByAtom()[b])) {
        for (int ri : list) {
          Rule r = index.egressRules.get(ri);
          if (!r.outside.isEmpty() && r.numericPortsAdmit(port) != r.numericPortsAdmit(before)) {
            Bits.or(egress, r.targets);
          }
        }
      }
      for (int[] list : List.of(plan.ingressByAtom()[a], plan.ingressByAtom()[b])) {
        for (int ri : list) {
          Rule r = index.ingressRules.get(ri);
          if (!r.outside.isEmpty()
              && !same(r.admittedDestinations(port, index, index.all),
                  r.admittedDestinations(before, index, index.all))) {
            Bits.or(ingress, r.targets);
          }
        }
      }
      TierPlan tiers = index.tiers;
      if (tiers != null) {
        for (List<TierRule> list : List.of(tiers.adminEgress, tiers.baselineEgress)) {
          for (TierRule r : list) {
            if (!r.outside.isEmpty() && r.numericPortsAdmit(port) != r.numericPortsAdmit(before)) {
              Bits.or(egress, r.subjects);
            }
          }
        }
        for (List<TierRule> list : List.of(tiers.adminIngress, tiers.baselineIngress)) {
          for (TierRule r : list) {
            if (!r.outside.isEmpty()
                && !same(r.admittedDestinations(port, tiers, tiers.all),
                    r.admittedDestinations(before, tiers, tiers.all))) {
              Bits.or(ingress, r.subjects);
            }
          }
        }
      }
    }
    for (int k = Bits.next(egress, 0); k >= 0; k = Bits.next(egress, k + 1)) {
      ImmutableRangeSet<IpAddress> set = matrix.egressToOutside(k, port);
      for (int c : cellsOfClass[k]) {
        if (firstAtom || !set.equals(toOutside.get(c))) {
          toOutside.set(c, set);
          toOutsideChanged[c] = true;
          mark(c);
        }
      }
    }
    for (int k = Bits.next(ingress, 0); k >= 0; k = Bits.next(ingress, k + 1)) {
      ImmutableRangeSet<IpAddress> set = matrix.ingressFromOutside(k, port);
      for (int c : cellsOfClass[k]) {
        if (firstAtom || !set.equals(fromOutside.get(c))) {
          fromOutside.set(c, set);
          fromOutsideChanged[c] = true;
          mark(c);
        }
      }
    }
  }

  private void mark(int cell) {
    if (!anyChanged[cell]) {
      anyChanged[cell] = true;
      if (changedCount == changedCells.length) {
        changedCells = Arrays.copyOf(changedCells, Math.min(n, changedCount * 2));
      }
      changedCells[changedCount++] = cell;
    }
  }

  /** The union of two ascending lists, ascending. */
  private static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      if (i < a.length && a[i] == next) {
        i++;
      }
      if (j < b.length && b[j] == next) {
        j++;
      }
      out[k++] = next;
    }
    return Arrays.copyOf(out, k);
  }

  private static boolean same(long @Nullable [] a, long @Nullable [] b) {
    return a == b || (a != null && b != null && Arrays.equals(a, b));
  }

  /**
   * The port atom the walk is at.
   *
   * @return the range of ports every answer of this step holds for
   * @throws IllegalStateException before the first {@link #next} or after the last
   */
  public PortRange ports() {
    if (current == null || cells == null) {
      throw new IllegalStateException("call next() first");
    }
    return current;
  }

  /**
   * The number of cells.
   *
   * @return at most the number of pods
   */
  public int count() {
    return n;
  }

  /**
   * The words a row or column takes.
   *
   * @return {@code (count() + 63) / 64}
   */
  public int words() {
    return words;
  }

  /**
   * The cell of a pod, the same in every atom.
   *
   * @param pod a pod of the matrix's cluster
   * @return its cell, from 0 to {@code count() - 1}
   * @throws IllegalArgumentException if the pod is not in the cluster
   */
  public int cellOf(Pod pod) {
    return matrix.cellOf(pod);
  }

  /**
   * The cells whose row, column or outside sets differ from the previous atom's: every cell on
   * the first atom, else most often a few. Views that aggregate over cells visit only these.
   *
   * @return the cells, each once, in no particular order
   */
  public int[] changedCells() {
    rows();
    return Arrays.copyOf(changedCells, changedCount);
  }

  /**
   * Whether a cell's row differs from the previous atom's (always on the first atom).
   *
   * @param cell a cell
   * @return true if the destinations its pods may reach changed
   */
  public boolean rowChanged(int cell) {
    return rowChanged[cell];
  }

  /**
   * Whether a cell's column differs from the previous atom's (always on the first atom).
   *
   * @param cell a cell
   * @return true if the sources that may reach its pods changed
   */
  public boolean columnChanged(int cell) {
    return columnChanged[cell];
  }

  /**
   * The destination cells the pods of a cell may connect to on this atom's ports.
   *
   * @param cell a source cell
   * @param into at least {@link #words()} words; overwritten
   */
  public void row(int cell, long[] into) {
    System.arraycopy(rows()[cell], 0, into, 0, words);
  }

  /**
   * The source cells whose pods may connect to the pods of a cell on this atom's ports.
   *
   * @param cell a destination cell
   * @param into at least {@link #words()} words; overwritten
   */
  public void column(int cell, long[] into) {
    rows();
    System.arraycopy(columns[cell], 0, into, 0, words);
  }

  /**
   * Whether the outside addresses that may connect to the cell's first pod changed.
   *
   * @param cell a cell
   * @return true on the first atom, or if {@link #fromOutside} differs from the previous atom's
   */
  public boolean fromOutsideChanged(int cell) {
    return fromOutsideChanged[cell];
  }

  /**
   * Whether the outside addresses the cell's first pod may connect to changed.
   *
   * @param cell a cell
   * @return true on the first atom, or if {@link #toOutside} differs from the previous atom's
   */
  public boolean toOutsideChanged(int cell) {
    return toOutsideChanged[cell];
  }

  /**
   * The addresses outside the cluster that may connect to the cell's first pod on this atom's
   * ports, as {@link ReachabilityMatrix#ingressFromOutside} says.
   *
   * @param cell a cell
   * @return the addresses
   */
  public ImmutableRangeSet<IpAddress> fromOutside(int cell) {
    rows();
    return fromOutside.get(cell);
  }

  /**
   * The addresses outside the cluster the cell's first pod may connect to on this atom's ports,
   * as {@link ReachabilityMatrix#egressToOutside} says.
   *
   * @param cell a cell
   * @return the addresses
   */
  public ImmutableRangeSet<IpAddress> toOutside(int cell) {
    rows();
    return toOutside.get(cell);
  }

  private long[][] rows() {
    if (rows == null) {
      throw new IllegalStateException("call next() first");
    }
    return rows;
  }
}
