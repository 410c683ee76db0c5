package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.TieredClusterGen;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A baseline computed in slices, by one thread or by several at once ({@link BaselineBuild}), is
 * bit for bit the baseline of one slice: the same egress and ingress groups, numbered alike, and
 * the same rows. Protocols said to share a baseline ({@link Baseline#sameFor}) have equal ones.
 */
class BaselineBuildLaws {
  private static final long SEED = 20261203L;
  private static final int[] SLICES = {2, 3, 5};

  record Case(Cluster cluster, EvaluationOptions options) {}

  @Test
  void slicesGiveTheBaselineOfOneSlice() {
    Coverage coverage = check(Gen.zip(NetpolGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("several ingress groups", 0.3);
    coverage.requireAtLeast("several egress groups", 0.3);
    coverage.requireAtLeast("cut in 2 slices", 0.2);
  }

  @Test
  void slicesGiveTheBaselineOfOneSliceWithClusterScopedTiers() {
    Coverage coverage =
        check(Gen.zip(TieredClusterGen.clusters(), NetpolGen.options(), Case::new));
    coverage.requireAtLeast("several ingress groups", 0.3);
    coverage.requireAtLeast("cut in 2 slices", 0.2);
  }

  private static Coverage check(Gen<Case> cases) {
    Coverage coverage = new Coverage();
    Property.forAll(cases).seed(SEED).tries(1000)
        .show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          ReachabilityMatrix matrix =
              ReachabilityEngine.builder().options(c.options()).build().build(c.cluster());
          for (Index index : matrix.families().compilations()) {
            for (Protocol p : Protocol.values()) {
              Baseline one = Baseline.compute(index, p);
              coverage.when("several ingress groups", one.ingressRows.length > 1);
              coverage.when("several egress groups", one.egressRows.length > 1);
              for (int slices : SLICES) {
                BaselineBuild alone = new BaselineBuild(index, p, slices);
                coverage.when("cut in " + slices + " slices", alone.slices() == slices);
                assertSame(alone.get(), one, slices + " slices");
                BaselineBuild shared = new BaselineBuild(index, p, slices);
                CompletableFuture<Baseline> other = CompletableFuture.supplyAsync(shared::get);
                Baseline mine = shared.get();
                assertThat(other.join()).as("the same object for every caller").isSameAs(mine);
                assertSame(mine, one, slices + " slices, two threads");
              }
              for (Protocol q : Protocol.values()) {
                if (Baseline.sameFor(index, p, q)) {
                  assertSame(Baseline.compute(index, q), one, p + " and " + q);
                }
              }
            }
          }
        });
    return coverage;
  }

  private static void assertSame(Baseline actual, Baseline expected, String what) {
    assertThat(actual.egressGroup).as("egress groups, %s", what).isEqualTo(expected.egressGroup);
    assertThat(actual.egressRows).as("egress rows, %s", what).isDeepEqualTo(expected.egressRows);
    assertThat(actual.ingressGroup).as("ingress groups, %s", what)
        .isEqualTo(expected.ingressGroup);
    assertThat(actual.ingressRows).as("ingress rows, %s", what)
        .isDeepEqualTo(expected.ingressRows);
  }
}
