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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's parallelism changes nothing but the time (docs/semantics.md#engine-parallelism):
 * with 2 and 3 threads, {@link ReachabilityMatrix#forEachAtom} hands over the atoms in the same
 * order as with one, each atom's matrix has the same rows and self answers bit for bit, the
 * outside sets are the same, and {@link MatrixDiff#between} finds the same changes in the same
 * order. Clusters with cluster-scoped tiers are generated too: their layered rows are the caches
 * the threads share.
 */
class ParallelMatrixLaws {
  private static final long SEED = 20261203L;
  private static final int[] THREADS = {2, 3};

  /** A generated cluster and the options to judge it with. */
  record Case(Cluster cluster, EvaluationOptions options) {}

  /** Two versions of a cluster (a NetworkPolicy added or removed) and the options. */
  record Change(Cluster before, Cluster after, EvaluationOptions options) {}

  @Test
  void everyAtomIsTheSameInTheSameOrderWithTwoAndThreeThreads() {
    Coverage coverage = sameAtoms(Gen.zip(NetpolGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("more than 6 port atoms", 0.2);
    coverage.requireAtLeast("a denied cell", 0.3);
  }

  @Test
  void everyAtomIsTheSameThroughTheClusterScopedTiers() {
    Coverage coverage =
        sameAtoms(Gen.zip(TieredClusterGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("more than 6 port atoms", 0.2);
    coverage.requireAtLeast("a denied cell", 0.3);
  }

  @Test
  void theDiffIsTheSameWithTwoAndThreeThreads() {
    Gen<Change> changes =
        Gen.zip(TieredClusterGen.clusters(), NetpolGen.options(), Case::new)
            .flatMap(c -> Gen.zip(
                NetpolGen.extraPolicies(c.cluster()),
                Gen.chance(0.5),
                (policy, removed) -> {
                  Cluster grown = c.cluster().toBuilder().policy(policy).build();
                  return removed
                      ? new Change(grown, c.cluster(), c.options())
                      : new Change(c.cluster(), grown, c.options());
                }));
    Coverage coverage = new Coverage();
    Property.forAll(changes).seed(SEED).tries(1000)
        .show(c -> "before:\n" + Property.describe(c.before()) + "\nafter:\n"
            + Property.describe(c.after()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          MatrixDiff one = diff(c, 1);
          coverage.when("some cell changed", !one.changes().isEmpty());
          coverage.when("some outside set changed", !one.outsideChanges().isEmpty());
          for (int threads : THREADS) {
            MatrixDiff many = diff(c, threads);
            assertThat(many.changes()).as("changes with %d threads", threads)
                .containsExactlyElementsOf(one.changes());
            assertThat(many.outsideChanges()).as("outside changes with %d threads", threads)
                .containsExactlyElementsOf(one.outsideChanges());
            assertThat(many.podsOnlyBefore()).isEqualTo(one.podsOnlyBefore());
            assertThat(many.podsOnlyAfter()).isEqualTo(one.podsOnlyAfter());
          }
        });
    coverage.requireAtLeast("some cell changed", 0.3);
    coverage.requireAtLeast("some outside set changed", 0.05);
  }

  private static MatrixDiff diff(Change c, int threads) {
    ReachabilityEngine engine = engine(c.options(), threads);
    return MatrixDiff.between(engine.build(c.before()), engine.build(c.after()));
  }

  private static ReachabilityEngine engine(EvaluationOptions options, int threads) {
    return ReachabilityEngine.builder().options(options).parallelism(threads).build();
  }

  private static Coverage sameAtoms(Gen<Case> cases) {
    Coverage coverage = new Coverage();
    Property.forAll(cases).seed(SEED).tries(1000)
        .show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          ReachabilityMatrix single = engine(c.options(), 1).build(c.cluster());
          List<Atom> expected = atoms(single);
          assertThat(expected.stream().map(Atom::ports).toList())
              .as("one thread: the atoms in order")
              .isEqualTo(single.portAtoms());
          coverage.when("more than 6 port atoms", expected.size() > 6);
          coverage.when("a denied cell", expected.stream().anyMatch(Atom::denies));
          for (int threads : THREADS) {
            ReachabilityMatrix parallel = engine(c.options(), threads).build(c.cluster());
            List<Atom> actual = atoms(parallel);
            assertThat(actual).as("%d threads", threads).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
              Atom want = expected.get(i);
              Atom got = actual.get(i);
              assertThat(got.ports()).as("atom %d with %d threads", i, threads)
                  .isEqualTo(want.ports());
              for (int s = 0; s < want.rows().length; s++) {
                assertThat(got.rows()[s]).as("row %d on %s, %d threads", s, want.ports(), threads)
                    .isEqualTo(want.rows()[s]);
              }
              assertThat(got.self()).as("self answers on %s, %d threads", want.ports(), threads)
                  .isEqualTo(want.self());
              Port port = want.ports().representative();
              for (Pod pod : c.cluster().pods()) {
                assertThat(parallel.egressToOutside(pod, port))
                    .as("egress of %s to outside on %s", pod, port)
                    .isEqualTo(single.egressToOutside(pod, port));
                assertThat(parallel.ingressFromOutside(pod, port))
                    .as("ingress of %s from outside on %s", pod, port)
                    .isEqualTo(single.ingressFromOutside(pod, port));
              }
            }
          }
        });
    return coverage;
  }

  /** What one atom's matrix says: its ports, every row of bits, and every cell's self answer. */
  record Atom(PortRange ports, long[][] rows, boolean[] self) {
    boolean denies() {
      int n = self.length;
      for (long[] row : rows) {
        for (int d = 0; d < n; d++) {
          if (!Bits.get(row, d)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Every atom of a walk, copied as the consumer receives it. */
  private static List<Atom> atoms(ReachabilityMatrix matrix) {
    List<Atom> out = new ArrayList<>();
    Thread caller = Thread.currentThread();
    matrix.forEachAtom(m -> {
      assertThat(Thread.currentThread()).as("the consumer runs on the calling thread")
          .isSameAs(caller);
      Port port = m.ports().representative();
      int n = m.classCount();
      long[][] rows = new long[n][];
      boolean[] self = new boolean[n];
      for (int s = 0; s < n; s++) {
        rows[s] = m.cells().row(s, port).clone();
        self[s] = m.selfAllowed(s);
      }
      out.add(new Atom(m.ports(), rows, self));
    });
    return out;
  }
}
