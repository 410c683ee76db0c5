package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.withPolicies;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.LawSupport.Judged;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Laws of composition (docs/semantics.md#both-ends): a connection is the conjunction of its two
 * sides, each judged on its own, and the exact port sets are the single verdicts put together.
 */
class CompositionLaws {

  /** A judged scenario and port numbers to ask about besides the edges of its rules. */
  record WithPorts(Judged judged, ImmutableList<Integer> ports) {}

  private static final Gen<WithPorts> WITH_PORTS = LawSupport.judgedScenarios().flatMap(
      j -> Gen.listOf(NetpolGen.portNumbers(), 1, 6).map(ports -> new WithPorts(j, ports)));

  @Test
  void connectionIsAllowedIffAllowedUnderEgressPoliciesAloneAndUnderIngressPoliciesAlone() {
    Coverage coverage = new Coverage();
    Property.forAll(LawSupport.judgedScenarios()).show(Judged::describe).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = s.verdict();
      if (verdict.isEmpty()) {
        return;
      }
      coverage.when("ipBlock not matching pods", !s.options().ipBlockMatchesPods());
      coverage.when("self traffic always allowed", s.selfTrafficAllowed());
      Verdict egressOnly = s.verdict(only(s.cluster(), PolicyType.EGRESS)).orElseThrow();
      Verdict ingressOnly = s.verdict(only(s.cluster(), PolicyType.INGRESS)).orElseThrow();
      String context = String.format("%s%n-- under egress policies alone:%n%s"
              + "%n-- under ingress policies alone:%n%s",
          verdict.get().explain(), egressOnly.explain(), ingressOnly.explain());
      // Dual-stack pods: the composition holds in each IP family; the pair needs one family.
      boolean anyFamily = false;
      for (Verdict inFamily : LawSupport.perFamily(verdict.get())) {
        Verdict egressIn = LawSupport.sameFamily(egressOnly, inFamily);
        Verdict ingressIn = LawSupport.sameFamily(ingressOnly, inFamily);
        coverage.when("judged in two families", verdict.get().otherFamily().isPresent());
        assertThat(inFamily.egress().allows()).as("egress side: %s", context)
            .isEqualTo(egressIn.egress().allows() && egressIn.ingress().allows());
        assertThat(inFamily.ingress().allows()).as("ingress side: %s", context)
            .isEqualTo(ingressIn.egress().allows() && ingressIn.ingress().allows());
        anyFamily |= inFamily.egress().allows() && inFamily.ingress().allows();
      }
      assertThat(verdict.get().allowed()).as("the connection: %s", context).isEqualTo(anyFamily);
      if (verdict.get().otherFamily().isEmpty()) {
        assertThat(verdict.get().allowed()).as("the connection: %s", context)
            .isEqualTo(egressOnly.allowed() && ingressOnly.allowed());
      }
      boolean podToPod = s.query().source().pod().isPresent()
          && s.query().destination().pod().isPresent();
      coverage.when("pod to pod, egress allows and ingress denies",
          podToPod && egressOnly.allowed() && !ingressOnly.allowed());
      coverage.when("pod to pod, egress denies and ingress allows",
          podToPod && !egressOnly.allowed() && ingressOnly.allowed());
      coverage.when("pod to pod, both deny", podToPod && !egressOnly.allowed() && !ingressOnly.allowed());
      coverage.when("pod to pod allowed", podToPod && verdict.get().allowed());
    });
    coverage.requireAtLeast("judged in two families", 0.05);
    coverage.requireAtLeast("pod to pod, egress allows and ingress denies", 0.03);
    coverage.requireAtLeast("pod to pod, egress denies and ingress allows", 0.03);
    coverage.requireAtLeast("pod to pod, both deny", 0.01);
    coverage.requireAtLeast("pod to pod allowed", 0.1);
    coverage.requireAtLeast("ipBlock not matching pods", 0.1);
    coverage.requireAtLeast("self traffic always allowed", 0.005);
  }

  @Test
  void withAnOutsideEndOnlyThePodsSideCounts() {
    Coverage coverage = new Coverage();
    Property.forAll(LawSupport.judgedScenarios()).show(Judged::describe).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = s.verdict();
      boolean fromOutside = s.query().source().pod().isEmpty();
      boolean toOutside = s.query().destination().pod().isEmpty();
      if (verdict.isEmpty() || fromOutside == toOutside) {
        return;
      }
      // The pod's direction: ingress of the destination from outside, egress of the source to it.
      PolicyType counting = fromOutside ? PolicyType.INGRESS : PolicyType.EGRESS;
      PolicyType notCounting = fromOutside ? PolicyType.EGRESS : PolicyType.INGRESS;
      coverage.when("from outside", fromOutside);
      coverage.when("to outside", toOutside);
      coverage.when("denied", !verdict.get().allowed());
      Verdict countingOnly = s.verdict(only(s.cluster(), counting)).orElseThrow();
      Verdict otherOnly = s.verdict(only(s.cluster(), notCounting)).orElseThrow();
      assertThat(LawSupport.side(verdict.get(), notCounting))
          .isInstanceOf(DirectionVerdict.NotApplicable.class);
      assertThat(otherOnly.allowed()).as("under %s policies alone:%n%s",
          notCounting, otherOnly.explain()).isTrue();
      assertThat(verdict.get().allowed()).as("%s%n-- under %s policies alone:%n%s",
              verdict.get().explain(), counting, countingOnly.explain())
          .isEqualTo(countingOnly.allowed());
    });
    coverage.requireAtLeast("from outside", 0.05);
    coverage.requireAtLeast("to outside", 0.05);
    coverage.requireAtLeast("denied", 0.03);
  }

  @Test
  void addressOfAPodIsJudgedAsThatPod() {
    Coverage coverage = new Coverage();
    Property.forAll(LawSupport.judgedScenarios()).show(Judged::describe).check(s -> {
      coverage.tried();
      Optional<Pod> source = s.query().source().pod();
      Optional<Pod> destination = s.query().destination().pod();
      if (source.isEmpty() || destination.isEmpty()) {
        return;
      }
      Evaluator evaluator = s.cluster().evaluator(s.options());
      Verdict byPods = evaluator.evaluate(source.get(), destination.get(), s.query().port());
      // Single-stack pods: the address is the pod. Dual-stack: the address picks the connection's
      // IP family, and the pair (named as pods) is allowed iff some shared family allows it.
      boolean singleStack = source.get().ips().size() <= 1 && destination.get().ips().size() <= 1;
      boolean anyFamilyAllows = false;
      boolean sharedFamily = false;
      for (IpAddress ip : destination.get().ips()) {
        if (destination.get().hostNetwork()) {
          continue; // a host-network pod's address is its node's: not the pod
        }
        coverage.saw("destination pod asked by address");
        coverage.when("... and denied", !byPods.allowed());
        Verdict byAddress = evaluator.evaluate(source.get(), ip, s.query().port());
        if (singleStack) {
          assertThat(byAddress)
              .as("%s -> %s (the address of %s)", source.get().id(), ip, destination.get().id())
              .isEqualTo(byPods);
        } else if (source.get().ips().stream().anyMatch(a -> a.version() == ip.version())) {
          sharedFamily = true;
          anyFamilyAllows |= byAddress.allowed();
        }
      }
      if (!singleStack && sharedFamily) {
        coverage.saw("dual-stack pair asked by address");
        assertThat(byPods.allowed())
            .as("%s -> %s: allowed iff allowed toward one of its addresses:%n%s",
                source.get().id(), destination.get().id(), byPods.explain())
            .isEqualTo(anyFamilyAllows);
      }
      for (IpAddress ip : source.get().ips()) {
        if (!source.get().hostNetwork() && singleStack) {
          assertThat(evaluator.evaluate(ip, destination.get(), s.query().port()))
              .as("%s (the address of %s) -> %s", ip, source.get().id(), destination.get().id())
              .isEqualTo(byPods);
        }
      }
    });
    coverage.requireAtLeast("dual-stack pair asked by address", 0.05);
    coverage.requireAtLeast("destination pod asked by address", 0.3);
    coverage.requireAtLeast("... and denied", 0.1);
  }

  @Test
  void allowedPortsContainAPortIffThatSingleConnectionIsAllowed() {
    Coverage coverage = new Coverage();
    Property.forAll(WITH_PORTS).show(w -> w.judged().describe() + "# ports: " + w.ports() + "\n")
        .check(w -> {
      coverage.tried();
      Cluster cluster = w.judged().cluster();
      Optional<Pod> querySource = w.judged().query().source().pod();
      if (querySource.isEmpty()) {
        return;
      }
      // The query's source pod toward every pod of the cluster (itself included).
      Evaluator evaluator = cluster.evaluator(w.judged().options());
      boolean partial = false;
      Pod source = querySource.get();
      for (Pod destination : cluster.pods()) {
        coverage.when("self traffic always allowed", destination.equals(source)
            && w.judged().options().selfTrafficAlwaysAllowed());
        for (Protocol protocol : Protocol.values()) {
          TreeSet<Integer> numbers = new TreeSet<>(w.ports());
          numbers.add(w.judged().query().port().number());
          numbers.addAll(edges(cluster, source, destination, protocol));
          ImmutableRangeSet<Integer> allowed =
              evaluator.allowedPorts(source, destination, protocol);
          partial |= !allowed.isEmpty() && !allowed.encloses(Range.closed(Port.MIN, Port.MAX));
          for (int n : numbers) {
            Verdict single = evaluator.evaluate(source, destination, new Port(protocol, n));
            coverage.when("a port in the set", single.allowed());
            coverage.when("a port outside the set", !single.allowed());
            assertThat(allowed.contains(n))
                .as(() -> String.format(
                    "allowedPorts(%s, %s, %s) = %s contains %d, while the single verdict is:%n%s",
                    source.id(), destination.id(), protocol, allowed, n, single.explain()))
                .isEqualTo(single.allowed());
          }
        }
      }
      coverage.when("some but not all ports allowed", partial);
    });
    coverage.requireAtLeast("some but not all ports allowed", 0.035);
    coverage.requireAtLeast("a port in the set", 0.3);
    coverage.requireAtLeast("a port outside the set", 0.3);
    coverage.requireAtLeast("self traffic always allowed", 0.1);
  }

  /**
   * Where the pair's port set can change: each numeric port and range of the rules that judge
   * the pair (the source's egress, the destination's ingress) one step either side, and the
   * destination's container ports (named ports resolve to them) one step either side.
   */
  private static List<Integer> edges(
      Cluster cluster, Pod source, Pod destination, Protocol protocol) {
    List<Integer> out = new ArrayList<>();
    List<NetworkPolicyRule> rules = new ArrayList<>();
    LawSupport.isolating(cluster, source, PolicyType.EGRESS)
        .forEach(p -> rules.addAll(p.rules(PolicyType.EGRESS)));
    LawSupport.isolating(cluster, destination, PolicyType.INGRESS)
        .forEach(p -> rules.addAll(p.rules(PolicyType.INGRESS)));
    for (NetworkPolicyRule rule : rules) {
      for (NetworkPolicyPort port : rule.ports()) {
        if (port.protocol() == protocol) {
          for (Range<Integer> r : port.numbersToward(Optional.of(destination)).asRanges()) {
            addAround(out, lowest(r));
            addAround(out, highest(r));
          }
        }
      }
    }
    for (ContainerPort p : destination.containerPorts()) {
      if (p.protocol() == protocol) {
        addAround(out, p.number());
      }
    }
    return out;
  }

  private static int lowest(Range<Integer> r) {
    return r.lowerBoundType() == BoundType.CLOSED
        ? r.lowerEndpoint() : r.lowerEndpoint() + 1;
  }

  private static int highest(Range<Integer> r) {
    return r.upperBoundType() == BoundType.CLOSED
        ? r.upperEndpoint() : r.upperEndpoint() - 1;
  }

  private static void addAround(List<Integer> out, int n) {
    for (int m = n - 1; m <= n + 1; m++) {
      if (m >= Port.MIN && m <= Port.MAX) {
        out.add(m);
      }
    }
  }

  /**
   * The cluster with each policy cut down to one direction: policies that isolate it keep only
   * its rules (policyTypes written as that direction alone), the others are dropped. The pods of
   * the cluster are then isolated in that direction exactly as before, and never in the other.
   */
  static Cluster only(Cluster cluster, PolicyType direction) {
    List<NetworkPolicy> kept = new ArrayList<>();
    for (NetworkPolicy p : cluster.policies()) {
      if (p.isolates(direction)) {
        ImmutableList<NetworkPolicyRule> rules = p.rules(direction);
        kept.add(new NetworkPolicy(p.namespace(), p.name(), p.podSelector(),
            ImmutableList.of(direction),
            direction == PolicyType.INGRESS ? rules : ImmutableList.of(),
            direction == PolicyType.EGRESS ? rules : ImmutableList.of()));
      }
    }
    return withPolicies(cluster, kept);
  }
}
