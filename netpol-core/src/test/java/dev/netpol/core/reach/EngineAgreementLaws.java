package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.DirectionVerdict;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.TierOutcome;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.TieredClusterGen;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reachability engine's correctness proof: on generated clusters it agrees with the reference
 * evaluator, cell by cell, for every pod pair and every port atom of every protocol, and on the
 * addresses outside the cluster.
 */
class EngineAgreementLaws {

  /** A generated cluster and the plugin-defined behaviours to judge it with. */
  record Case(Cluster cluster, EvaluationOptions options) {}

  private static final Gen<Case> CASES =
      Gen.zip(NetpolGen.clusters(), NetpolGen.options(), Case::new);

  /** Clusters with cluster-scoped policies of both tiers and both API versions as well. */
  private static final Gen<Case> TIERED_CASES =
      Gen.zip(TieredClusterGen.clusters(), NetpolGen.options(), Case::new);

  @Test
  void engineAgreesWithTheEvaluatorOnEveryPodPairAndEveryPortAtom() {
    Coverage coverage = agreeOnPods(CASES);
    coverage.requireAtLeast("dual-stack pair judged differently per family", 0.014);
    coverage.requireAtLeast("denied cell", 0.3);
    coverage.requireAtLeast("allowed cell", 0.3);
    coverage.requireAtLeast("more than 8 port atoms", 0.1);
  }

  @Test
  void engineAgreesWithTheEvaluatorThroughTheClusterScopedTiers() {
    Coverage coverage = agreeOnPods(TIERED_CASES);
    coverage.requireAtLeast("denied cell", 0.3);
    coverage.requireAtLeast("allowed cell", 0.3);
    coverage.requireAtLeast("an Admin rule decided a cell", 0.3);
    coverage.requireAtLeast("a Baseline rule decided a cell", 0.1);
    coverage.requireAtLeast("a Pass rule matched", 0.1);
    coverage.requireAtLeast("an undefined cell", 0.001); // rare: two tied rules acting otherwise
    coverage.requireAtLeast("a hairpin cell differs from its class", 0.005);
  }

  @Test
  void engineAgreesWithTheEvaluatorOnOutsideAddressesThroughTheTiers() {
    Coverage coverage = agreeOnOutside(TIERED_CASES);
    coverage.requireAtLeast("egress to outside partly allowed", 0.05);
  }

  private static Coverage agreeOnPods(Gen<Case> cases) {
    Coverage coverage = new Coverage();
    Property.forAll(cases).show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          Evaluator evaluator = new Evaluator(c.cluster(), c.options());
          ReachabilityMatrix matrix =
              new ReachabilityEngine(c.options()).build(c.cluster());
          boolean familiesDiffer = false;
          boolean[] tiers = new boolean[5];
          List<Pod> pods = c.cluster().pods();
          for (Port port : askedPorts(matrix)) {
            PortMatrix atom = matrix.matrix(port);
            long allowedCells = 0;
            List<PodPair> denied = new ArrayList<>();
            for (Pod source : pods) {
              List<Pod> row = new ArrayList<>();
              for (Pod destination : pods) {
                Verdict verdict = evaluator.evaluate(source, destination, port);
                noteTiers(verdict, tiers);
                if (tied(verdict) || verdict.undefined()) {
                  // The engine marks every cell a tied policy decided or passed; the evaluator
                  // says which of them another order would change: those must be marked.
                  assertThat(matrix.dependsOnTie(source, destination, port))
                      .as("engine tie mark %s -> %s on %s; the evaluator says:%n%s",
                          source, destination, port, verdict.explain())
                      .isTrue();
                }
                tiers[4] |= source.equals(destination)
                    && atom.classAllowed(atom.cellOf(source), atom.cellOf(source))
                        != verdict.allowed();
                coverage.when("denied cell", !verdict.allowed());
                coverage.when("allowed cell", verdict.allowed());
                familiesDiffer |= verdict.otherFamily()
                    .map(other -> other.allowed() != (verdict.egress().allows()
                        && verdict.ingress().allows()))
                    .orElse(false);
                assertThat(matrix.allowed(source, destination, port))
                    .as("engine cell %s -> %s on %s; the evaluator says:%n%s",
                        source, destination, port, verdict.explain())
                    .isEqualTo(verdict.allowed());
                assertThat(atom.allowed(source, destination))
                    .as("atom matrix cell %s -> %s on %s", source, destination, port)
                    .isEqualTo(verdict.allowed());
                if (verdict.allowed()) {
                  allowedCells++;
                  row.add(destination);
                } else {
                  denied.add(new PodPair(source, destination));
                }
              }
              assertThat(matrix.allowedDestinations(source, port))
                  .as("row of %s on %s", source, port).isEqualTo(row);
            }
            assertThat(atom.allowedPairCount()).as("pair count on %s", port)
                .isEqualTo(allowedCells);
            assertThat(matrix.deniedPairs(pods, pods, port)).as("denied pairs on %s", port)
                .isEqualTo(denied);
          }
          coverage.when("dual-stack pair judged differently per family", familiesDiffer);
          coverage.when("more than 8 port atoms", matrix.portAtoms().size() > 8);
          coverage.when("an Admin rule decided a cell", tiers[0]);
          coverage.when("a Baseline rule decided a cell", tiers[1]);
          coverage.when("a Pass rule matched", tiers[2]);
          coverage.when("an undefined cell", tiers[3]);
          coverage.when("a hairpin cell differs from its class", tiers[4]);
        });
    return coverage;
  }

  @Test
  void engineAgreesWithTheEvaluatorOnAddressesOutsideTheCluster() {
    Coverage coverage = agreeOnOutside(CASES);
    coverage.requireAtLeast("egress to outside partly allowed", 0.05);
  }

  private static Coverage agreeOnOutside(Gen<Case> cases) {
    Coverage coverage = new Coverage();
    Cidr everything = Cidr.parse("0.0.0.0/0");
    Property.forAll(cases).show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          Evaluator evaluator = new Evaluator(c.cluster(), c.options());
          ReachabilityMatrix matrix =
              new ReachabilityEngine(c.options()).build(c.cluster());
          for (Port port : askedPorts(matrix)) {
            for (Pod pod : c.cluster().pods()) {
              if (!pod.ips().stream().allMatch(IpAddress::isIpv4)) {
                continue;
              }
              ImmutableRangeSet<IpAddress> egress =
                  evaluator.allowedDestinations(pod, port, everything);
              ImmutableRangeSet<IpAddress> ingress =
                  evaluator.allowedSources(pod, port, everything);
              coverage.when("egress to outside partly allowed",
                  !egress.isEmpty() && !egress.encloses(everything.range()));
              assertThat(withoutPodAddresses(matrix.egressToOutside(pod, port), c.cluster()))
                  .as("egress of %s to outside on %s", pod, port)
                  .isEqualTo(withoutPodAddresses(egress, c.cluster()));
              assertThat(withoutPodAddresses(matrix.ingressFromOutside(pod, port), c.cluster()))
                  .as("ingress of %s from outside on %s", pod, port)
                  .isEqualTo(withoutPodAddresses(ingress, c.cluster()));
            }
          }
        });
    return coverage;
  }

  /** Whether some side of the verdict, in either family judged, depended on a tie. */
  private static boolean tied(Verdict verdict) {
    boolean tied = false;
    for (DirectionVerdict side : List.of(verdict.egress(), verdict.ingress())) {
      tied |= side instanceof DirectionVerdict.Layered layered && layered.tied();
    }
    return tied || verdict.otherFamily().map(EngineAgreementLaws::tied).orElse(false);
  }

  /** Notes which layers decided the verdict's sides: Admin, Baseline, a Pass, a tie. */
  private static void noteTiers(Verdict verdict, boolean[] seen) {
    for (DirectionVerdict side : List.of(verdict.egress(), verdict.ingress())) {
      if (side instanceof DirectionVerdict.Layered layered) {
        seen[0] |= layered.admin().decides();
        seen[1] |= layered.baseline().map(TierOutcome::decides).orElse(false);
        seen[2] |= layered.admin().match().filter(m -> !layered.admin().decides()).isPresent()
            || layered.baseline().flatMap(TierOutcome::match)
                .filter(m -> !layered.baseline().get().decides()).isPresent();
        seen[3] |= layered.tied() && verdict.undefined();
      }
    }
  }

  /** One port per atom (its first), plus its last: the engine claims the whole atom agrees. */
  private static TreeSet<Port> askedPorts(ReachabilityMatrix matrix) {
    TreeSet<Port> ports = new TreeSet<>();
    for (PortRange atom : matrix.portAtoms()) {
      ports.add(atom.representative());
      ports.add(new Port(atom.protocol(), atom.last()));
    }
    for (Protocol p : Protocol.values()) {
      ports.add(new Port(p, Port.MAX));
    }
    return ports;
  }

  /**
   * The IPv4 part of an address set, without the cluster's pod addresses, as canonical
   * closed-open ranges of numbers: both answers are compared on what they both claim, whatever
   * mix of open and closed bounds each used.
   */
  private static RangeSet<Long> withoutPodAddresses(RangeSet<IpAddress> set, Cluster cluster) {
    TreeRangeSet<Long> out = TreeRangeSet.create();
    for (Range<IpAddress> r : set.asRanges()) {
      long lo = 0;
      if (r.hasLowerBound()) {
        if (!r.lowerEndpoint().isIpv4()) {
          continue;
        }
        lo = r.lowerEndpoint().value().longValueExact()
            + (r.lowerBoundType() == BoundType.OPEN ? 1 : 0);
      }
      long hi = MAX_V4;
      if (r.hasUpperBound() && r.upperEndpoint().isIpv4()) {
        hi = r.upperEndpoint().value().longValueExact()
            - (r.upperBoundType() == BoundType.OPEN ? 1 : 0);
      }
      if (lo <= hi) {
        out.add(Range.closedOpen(lo, hi + 1));
      }
    }
    for (Pod p : cluster.pods()) {
      for (IpAddress ip : p.ips()) {
        if (ip.isIpv4()) {
          long v = ip.value().longValueExact();
          out.remove(Range.closedOpen(v, v + 1));
        }
      }
    }
    return out;
  }

  private static final long MAX_V4 = 0xFFFF_FFFFL;
}
