package dev.netpol.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's exact sets walk the layers as its verdicts do (docs/cluster-policies.md#layers):
 * over generated clusters with fixed Admin and Baseline policies (Pass, Accept and Deny on port
 * ranges, {@code networks} peers over pod addresses), the port set between two pods holds a port
 * exactly when the verdict on that port allows it. 1000 tries from a fixed seed.
 */
class TierSetLaws {
  private static final ClusterPeer EVERY_NAMESPACE =
      new ClusterPeer.Namespaces(LabelSelector.everything());

  private static ClusterRule rule(ClusterRuleAction action, ClusterPeer peer, ClusterPort port) {
    String word = switch (action) {
      case ACCEPT -> "Accept";
      case DENY -> "Deny";
      case PASS -> "Pass";
    };
    return ClusterRule.builder(action, word).peer(peer).port(port).build();
  }

  private static Cluster withTiers(Cluster cluster) {
    ClusterPeer tenNet = ClusterPeer.Networks.of(Cidr.parse("10.0.0.0/8"));
    ClusterPolicy admin =
        ClusterPolicy.builder("ClusterNetworkPolicy", "admin")
            .tier(Tier.ADMIN)
            .priority(1)
            .subject(ClusterSubject.namespaces(LabelSelector.everything()))
            .ingress(rule(ClusterRuleAction.PASS, EVERY_NAMESPACE,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 1, 1000)))
            .ingress(rule(ClusterRuleAction.DENY, EVERY_NAMESPACE,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 900, 2000)))
            .egress(rule(ClusterRuleAction.ACCEPT, tenNet,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 80, 90)))
            .egress(rule(ClusterRuleAction.DENY, ClusterPeer.Networks.of(Cidr.parse("0.0.0.0/0")),
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 5000, 6000)))
            .build();
    ClusterPolicy baseline =
        ClusterPolicy.builder("ClusterNetworkPolicy", "baseline")
            .tier(Tier.BASELINE)
            .priority(1)
            .subject(ClusterSubject.namespaces(LabelSelector.everything()))
            .ingress(rule(ClusterRuleAction.DENY, EVERY_NAMESPACE,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 1, 500)))
            .egress(rule(ClusterRuleAction.PASS, tenNet,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 1, 100)))
            .egress(rule(ClusterRuleAction.DENY, EVERY_NAMESPACE,
                ClusterPort.range(dev.netpol.core.model.Protocol.TCP, 1, 200)))
            .build();
    return cluster.toBuilder().clusterPolicy(admin).clusterPolicy(baseline).build();
  }

  @Test
  void allowedPortsHoldAPortExactlyWhenItsVerdictAllowsIt() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).seed(20261202L).tries(1000).check(s -> {
      coverage.tried();
      Optional<Pod> source = s.query().source().pod();
      Optional<Pod> destination = s.query().destination().pod();
      if (source.isEmpty() || destination.isEmpty()) {
        return;
      }
      Cluster cluster = withTiers(s.cluster());
      Evaluator evaluator = cluster.evaluator();
      var ports =
          evaluator.allowedPorts(source.get(), destination.get(),
              dev.netpol.core.model.Protocol.TCP);
      for (int port : new int[] {1, 80, 85, 95, 150, 300, 600, 950, 1500, 5500, 8080, 65535}) {
        boolean allowed = evaluator.evaluate(source.get(), destination.get(), Port.tcp(port))
            .allowed();
        coverage.when("a port allowed", allowed);
        coverage.when("a port denied", !allowed);
        assertThat(ports.contains(port))
            .as("TCP/%s in %s, verdict:%n%s", port, ports,
                evaluator.evaluate(source.get(), destination.get(), Port.tcp(port)).explain())
            .isEqualTo(allowed);
      }
    });
    coverage.requireAtLeast("a port allowed", 0.1);
    coverage.requireAtLeast("a port denied", 0.1);
  }

  @Test
  void allowedDestinationsHoldAnAddressExactlyWhenItsVerdictAllowsIt() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).seed(20261203L).tries(1000).check(s -> {
      coverage.tried();
      Optional<Pod> source = s.query().source().pod();
      if (source.isEmpty()) {
        return;
      }
      Cluster cluster = withTiers(s.cluster());
      Evaluator evaluator = cluster.evaluator();
      Cidr block = Cidr.parse("0.0.0.0/0");
      for (Port port : new Port[] {Port.tcp(85), Port.tcp(150), Port.tcp(5500)}) {
        var allowed = evaluator.allowedDestinations(source.get(), port, block);
        var atoms = evaluator.addressAtoms(block);
        for (var atom : atoms.subList(0, Math.min(atoms.size(), 40))) {
          Verdict v = evaluator.evaluate(Party.pod(source.get()), Party.addresses(atom), port);
          coverage.when("an address allowed", v.allowed());
          coverage.when("an address denied", !v.allowed());
          assertThat(allowed.encloses(atom))
              .as("%s on %s in %s:%n%s", atom, port, allowed, v.explain())
              .isEqualTo(v.allowed());
        }
      }
    });
    coverage.requireAtLeast("an address allowed", 0.1);
    coverage.requireAtLeast("an address denied", 0.1);
  }
}
