package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generates small random clusters and demands that every cell the engine computes, both one at a
 * time and as whole port matrices, equals the literal reading of the rules.
 */
class EngineAgreesWithNaiveOracleTest {
  private static final List<Port> PORTS =
      List.of(
          Port.tcp(1), Port.tcp(53), Port.tcp(79), Port.tcp(80), Port.tcp(81), Port.tcp(443),
          Port.tcp(8000), Port.tcp(8080), Port.tcp(8081), Port.tcp(65535), Port.udp(53),
          Port.udp(80), Port.udp(8080), Port.sctp(80));
  private static final List<String> OUTSIDE =
      List.of("8.8.8.8", "10.0.0.1", "10.0.1.7", "10.0.3.3", "192.168.1.1", "fd00::1");

  @Test
  void everyCellAgreesWithTheRulesReadLiterally() {
    long seed = Long.getLong("netpol.seed", 20261125L);
    int tries = Integer.getInteger("netpol.tries", 300);
    int dualStackDisagreements = 0;
    for (int t = 0; t < tries; t++) {
      Random random = new Random(seed + t);
      Cluster cluster = randomCluster(random);
      EvaluationOptions options = new EvaluationOptions(random.nextInt(4) != 0, random.nextInt(4) == 0);
      dualStackDisagreements +=
          checkAgreement(cluster, options, "seed " + (seed + t) + " " + options);
    }
    if (tries >= 300) {
      // Dual-stack pairs allowed in one IP family and denied in the other occur and are checked.
      assertThat(dualStackDisagreements)
          .as("clusters with a dual-stack pair judged differently per family (typically 12 of 300)")
          .isGreaterThan(tries / 100);
    }
  }

  /** Checks one cluster; returns 1 if some dual-stack pair got different answers per family. */
  private static int checkAgreement(Cluster cluster, EvaluationOptions options, String what) {
    boolean familiesDisagree = false;
    ReachabilityMatrix m = new ReachabilityEngine(options).build(cluster);
    NaiveOracle oracle = new NaiveOracle(cluster, options);
    for (Port port : PORTS) {
      PortMatrix whole = m.matrix(port);
      long allowed = 0;
      for (Pod s : cluster.pods()) {
        for (Pod d : cluster.pods()) {
          boolean expected = oracle.allowed(s, d, port);
          familiesDisagree |= oracle.familiesDisagree(s, d, port);
          assertThat(m.allowed(s, d, port)).as("%s: %s -> %s on %s", what, s, d, port)
              .isEqualTo(expected);
          assertThat(whole.allowed(s, d)).as("%s: matrix %s -> %s on %s", what, s, d, port)
              .isEqualTo(expected);
          allowed += expected ? 1 : 0;
        }
        for (String a : OUTSIDE) {
          IpAddress address = IpAddress.parse(a);
          assertThat(m.egressToOutside(s, port).contains(address))
              .as("%s: %s -> %s on %s", what, s, a, port)
              .isEqualTo(oracle.outsideAllowed(s, PolicyType.EGRESS, address, port));
          assertThat(m.ingressFromOutside(s, port).contains(address))
              .as("%s: %s -> %s on %s", what, a, s, port)
              .isEqualTo(oracle.outsideAllowed(s, PolicyType.INGRESS, address, port));
        }
      }
      assertThat(whole.allowedPairCount()).as("%s: count on %s", what, port).isEqualTo(allowed);
    }
    // Every port of an atom gets the answers of its first port: check both ends of each atom.
    m.forEachAtom(
        atom -> {
          for (Pod s : cluster.pods()) {
            for (Pod d : cluster.pods()) {
              for (int number : new int[] {atom.ports().first(), atom.ports().last()}) {
                Port port = new Port(atom.ports().protocol(), number);
                assertThat(atom.allowed(s, d))
                    .as("%s: atom %s, %s -> %s on %s", what, atom.ports(), s, d, port)
                    .isEqualTo(oracle.allowed(s, d, port));
              }
            }
          }
        });
    return familiesDisagree ? 1 : 0;
  }

  private static Cluster randomCluster(Random r) {
    Cluster.Builder b = Cluster.builder();
    String[] namespaces = {"alpha", "beta", "gamma"};
    for (String ns : namespaces) {
      b.namespace(Namespace.of(ns, Labels.of("team", pick(r, "red", "blue"))));
    }
    int pods = 3 + r.nextInt(8);
    for (int i = 0; i < pods; i++) {
      Pod.Builder p =
          Pod.builder(pick(r, namespaces), "p" + i)
              .labels(randomLabels(r))
              .hostNetwork(r.nextInt(8) == 0);
      int family = r.nextInt(6);
      if (family != 0) {
        p.ip(IpAddress.parse("10.0." + r.nextInt(3) + "." + (i + 1)));
      }
      if (family <= 1) {
        p.ip(IpAddress.parse("fd00::" + (i + 1)));
      }
      if (r.nextBoolean()) {
        p.containerPort(ContainerPort.named("http", pick(r, 80, 8080, 81), Protocol.TCP));
      }
      if (r.nextInt(3) == 0) {
        p.containerPort(ContainerPort.named("dns", 53, pick(r, Protocol.UDP, Protocol.TCP)));
      }
      b.pod(p.build());
    }
    int policies = r.nextInt(6);
    for (int i = 0; i < policies; i++) {
      NetworkPolicy.Builder p =
          NetworkPolicy.builder(pick(r, namespaces), "np" + i).podSelector(randomSelector(r));
      int types = r.nextInt(4);
      if (types == 1) {
        p.policyTypes(PolicyType.INGRESS);
      } else if (types == 2) {
        p.policyTypes(PolicyType.EGRESS);
      } else if (types == 3) {
        p.policyTypes(PolicyType.INGRESS, PolicyType.EGRESS);
      }
      for (int k = r.nextInt(3); k > 0; k--) {
        p.ingress(randomRule(r));
      }
      for (int k = r.nextInt(3); k > 0; k--) {
        p.egress(randomRule(r));
      }
      b.policy(p.build());
    }
    return b.build();
  }

  private static Labels randomLabels(Random r) {
    List<String> kv = new ArrayList<>();
    if (r.nextInt(5) != 0) {
      kv.add("app");
      kv.add(pick(r, "a", "b", "c"));
    }
    if (r.nextBoolean()) {
      kv.add("tier");
      kv.add(pick(r, "x", "y"));
    }
    kv.add("uid");
    kv.add("u" + r.nextInt(1000));
    return Labels.of(kv.toArray(new String[0]));
  }

  private static LabelSelector randomSelector(Random r) {
    switch (r.nextInt(5)) {
      case 0:
        return LabelSelector.everything();
      case 1:
        return LabelSelector.matchLabels("app", pick(r, "a", "b", "c"));
      case 2:
        return LabelSelector.builder()
            .matchExpression(LabelSelectorRequirement.in("app", "a", "b"))
            .build();
      case 3:
        return LabelSelector.builder()
            .matchExpression(LabelSelectorRequirement.notIn("tier", "x"))
            .build();
      default:
        return LabelSelector.builder().matchExpression(LabelSelectorRequirement.exists("tier"))
            .build();
    }
  }

  private static NetworkPolicyRule randomRule(Random r) {
    NetworkPolicyRule.Builder rule = NetworkPolicyRule.builder();
    for (int k = r.nextInt(3); k > 0; k--) {
      rule.peer(randomPeer(r));
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      rule.port(randomPort(r));
    }
    return rule.build();
  }

  private static NetworkPolicyPeer randomPeer(Random r) {
    switch (r.nextInt(5)) {
      case 0:
        return PodPeer.pods(randomSelector(r));
      case 1:
        return PodPeer.namespaces(
            r.nextBoolean()
                ? LabelSelector.everything()
                : LabelSelector.matchLabels("team", pick(r, "red", "blue")));
      case 2:
        return PodPeer.of(
            randomSelector(r),
            LabelSelector.matchLabels(Namespace.NAME_LABEL, pick(r, "alpha", "beta", "gamma")));
      case 3:
        return IpBlockPeer.of(Cidr.parse("10.0.0.0/16"), Cidr.parse("10.0.1.0/24"));
      default:
        return IpBlockPeer.of(Cidr.parse(pick(r, "0.0.0.0/0", "10.0.2.0/24", "8.8.8.0/24", "fd00::/120")));
    }
  }

  private static NetworkPolicyPort randomPort(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return NetworkPolicyPort.tcp(pick(r, 80, 443, 53));
      case 1:
        return NetworkPolicyPort.range(Protocol.TCP, 8000, pick(r, 8080, 8081));
      case 2:
        return NetworkPolicyPort.named(Protocol.TCP, "http");
      case 3:
        return NetworkPolicyPort.named(pick(r, Protocol.UDP, Protocol.TCP), "dns");
      case 4:
        return NetworkPolicyPort.all(pick(r, Protocol.UDP, Protocol.SCTP));
      default:
        return NetworkPolicyPort.number(Protocol.UDP, 53);
    }
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }
}
