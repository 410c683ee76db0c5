package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.TieredClusterGen;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link CellWalk} says, atom after atom, exactly what each atom's own matrix says: every row
 * and column bit is the cell's answer, every outside set is the matrix's for the cell's first
 * pod, and a cell counts as changed exactly when its row, column or outside set differs from the
 * previous atom's. Views that redo only changed cells (the exposure) rest on this.
 */
class CellWalkLaws {

  /** A generated cluster and the options to judge it with. */
  record Case(Cluster cluster, EvaluationOptions options) {}

  @Test
  void theWalkAgreesWithEachAtomsMatrixAndFlagsExactlyWhatChanged() {
    Coverage coverage =
        agree(Gen.zip(NetpolGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("a row changed after the first atom", 0.3);
    coverage.requireAtLeast("a column changed after the first atom", 0.3);
    coverage.requireAtLeast("an outside set changed after the first atom", 0.1);
    coverage.requireAtLeast("more than 8 port atoms", 0.1);
  }

  @Test
  void theWalkAgreesThroughTheClusterScopedTiers() {
    Coverage coverage =
        agree(Gen.zip(TieredClusterGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("a row changed after the first atom", 0.3);
    coverage.requireAtLeast("an outside set changed after the first atom", 0.1);
  }

  private static Coverage agree(Gen<Case> cases) {
    Coverage coverage = new Coverage();
    Property.forAll(cases).show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          ReachabilityMatrix matrix = new ReachabilityEngine(c.options()).build(c.cluster());
          Map<Integer, Pod> first = new HashMap<>();
          for (Pod pod : c.cluster().pods()) {
            first.putIfAbsent(matrix.cellOf(pod), pod);
          }
          CellWalk walk = CellWalk.of(matrix);
          int n = walk.count();
          long[] bits = new long[walk.words()];
          long[][] rowsBefore = null;
          long[][] columnsBefore = null;
          Object[] fromBefore = new Object[n];
          Object[] toBefore = new Object[n];
          List<PortRange> atoms = matrix.portAtoms();
          coverage.when("more than 8 port atoms", atoms.size() > 8);
          boolean rowChange = false;
          boolean columnChange = false;
          boolean outsideChange = false;
          for (PortRange atom : atoms) {
            assertThat(walk.next()).isTrue();
            assertThat(walk.ports()).isEqualTo(atom);
            PortMatrix m = matrix.matrix(atom.representative());
            Port port = atom.representative();
            long[][] rows = new long[n][];
            long[][] columns = new long[n][];
            java.util.Set<Integer> anyChange = new java.util.HashSet<>();
            for (int s = 0; s < n; s++) {
              walk.row(s, bits);
              rows[s] = bits.clone();
              walk.column(s, bits);
              columns[s] = bits.clone();
            }
            for (int s = 0; s < n; s++) {
              for (int d = 0; d < n; d++) {
                boolean expected = m.classAllowed(s, d);
                assertThat(Bits.get(rows[s], d)).as("row %d bit %d on %s", s, d, atom)
                    .isEqualTo(expected);
                assertThat(Bits.get(columns[d], s)).as("column %d bit %d on %s", d, s, atom)
                    .isEqualTo(expected);
              }
              Pod pod = first.get(s);
              assertThat(walk.fromOutside(s)).as("from outside, cell %d on %s", s, atom)
                  .isEqualTo(matrix.ingressFromOutside(pod, port));
              assertThat(walk.toOutside(s)).as("to outside, cell %d on %s", s, atom)
                  .isEqualTo(matrix.egressToOutside(pod, port));
              boolean firstAtom = rowsBefore == null;
              boolean rowDiffers = firstAtom || !java.util.Arrays.equals(rows[s], rowsBefore[s]);
              boolean columnDiffers =
                  firstAtom || !java.util.Arrays.equals(columns[s], columnsBefore[s]);
              boolean fromDiffers = firstAtom || !walk.fromOutside(s).equals(fromBefore[s]);
              boolean toDiffers = firstAtom || !walk.toOutside(s).equals(toBefore[s]);
              assertThat(walk.rowChanged(s)).as("row %d changed on %s", s, atom)
                  .isEqualTo(rowDiffers);
              assertThat(walk.columnChanged(s)).as("column %d changed on %s", s, atom)
                  .isEqualTo(columnDiffers);
              assertThat(walk.fromOutsideChanged(s)).as("from outside %d changed on %s", s, atom)
                  .isEqualTo(fromDiffers);
              assertThat(walk.toOutsideChanged(s)).as("to outside %d changed on %s", s, atom)
                  .isEqualTo(toDiffers);
              if (rowDiffers || columnDiffers || fromDiffers || toDiffers) {
                anyChange.add(s);
              }
              rowChange |= !firstAtom && rowDiffers;
              columnChange |= !firstAtom && columnDiffers;
              outsideChange |= !firstAtom && (fromDiffers || toDiffers);
              fromBefore[s] = walk.fromOutside(s);
              toBefore[s] = walk.toOutside(s);
            }
            assertThat(java.util.Arrays.stream(walk.changedCells()).boxed().toList())
                .as("changed cells on %s", atom)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(anyChange);
            rowsBefore = rows;
            columnsBefore = columns;
          }
          assertThat(walk.next()).isFalse();
          coverage.when("a row changed after the first atom", rowChange);
          coverage.when("a column changed after the first atom", columnChange);
          coverage.when("an outside set changed after the first atom", outsideChange);
        });
    return coverage;
  }
}
