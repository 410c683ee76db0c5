package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import org.junit.jupiter.api.Test;

class MatrixDiffTest {
  private final Pod a = ReachabilityEngineTest.pod("ns", "a", "10.0.0.1", "app", "a");
  private final Pod b = ReachabilityEngineTest.pod("ns", "b", "10.0.0.2", "app", "b");
  private final Pod c = ReachabilityEngineTest.pod("ns", "c", "10.0.0.3", "app", "b");
  private final ReachabilityEngine engine = ReachabilityEngine.withDefaults();

  @Test
  void reportsCellsThatChangedWithMergedPortRanges() {
    Cluster before = Cluster.builder().pod(a).pod(b).pod(c).build();
    NetworkPolicy policy =
        NetworkPolicy.builder("ns", "b-from-a")
            .podSelector(ReachabilityEngineTest.sel("app", "b"))
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(PodPeer.pods(ReachabilityEngineTest.sel("app", "a")))
                    .port(NetworkPolicyPort.tcp(80))
                    .build())
            .build();
    Cluster after = before.toBuilder().policy(policy).build();

    MatrixDiff diff = MatrixDiff.between(engine.build(before), engine.build(after));

    assertThat(diff.isEmpty()).isFalse();
    assertThat(diff.podsOnlyBefore()).isEmpty();
    assertThat(diff.changes())
        .contains(
            new MatrixDiff.Change("ns/a", "ns/b", new PortRange(Protocol.TCP, 1, 79), true),
            new MatrixDiff.Change("ns/a", "ns/b", new PortRange(Protocol.TCP, 81, 65535), true),
            new MatrixDiff.Change("ns/a", "ns/b", new PortRange(Protocol.UDP, 1, 65535), true),
            new MatrixDiff.Change("ns/b", "ns/c", new PortRange(Protocol.TCP, 1, 65535), true),
            new MatrixDiff.Change("ns/c", "ns/c", new PortRange(Protocol.SCTP, 1, 65535), true))
        .noneMatch(ch -> ch.source().equals("ns/a") && ch.ports().contains(dev.netpol.core.model.Port.tcp(80)))
        .noneMatch(ch -> ch.destination().equals("ns/a"))
        .allMatch(MatrixDiff.Change::allowedBefore);
    // 3 sources into 2 isolated pods, 3 protocols; a keeps TCP/80 so its TCP splits in two.
    assertThat(diff.changes()).hasSize(3 * 2 * 3 + 2);
  }

  @Test
  void isEmptyForTheSameCluster() {
    Cluster cluster = Cluster.builder().pod(a).pod(b).build();
    MatrixDiff diff = MatrixDiff.between(engine.build(cluster), engine.build(cluster));
    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff).hasToString("no changes\n");
  }

  @Test
  void listsPodsOnlyOneVersionHas() {
    MatrixDiff diff =
        MatrixDiff.between(
            engine.build(Cluster.builder().pod(a).pod(b).build()),
            engine.build(Cluster.builder().pod(a).pod(c).build()));
    assertThat(diff.podsOnlyBefore()).containsExactly("ns/b");
    assertThat(diff.podsOnlyAfter()).containsExactly("ns/c");
    assertThat(diff.isEmpty()).isTrue();
  }

  private static NetworkPolicy egressTo443(String except) {
    return NetworkPolicy.builder("ns", "a-egress")
        .podSelector(ReachabilityEngineTest.sel("app", "a"))
        .policyTypes(PolicyType.EGRESS)
        .egress(
            NetworkPolicyRule.builder()
                .peer(IpBlockPeer.of(Cidr.parse("198.51.100.0/24"), Cidr.parse(except)))
                .port(NetworkPolicyPort.tcp(443))
                .build())
        .build();
  }

  private static NetworkPolicy ingressFrom(String cidr) {
    return NetworkPolicy.builder("ns", "b-ingress")
        .podSelector(ReachabilityEngineTest.sel("app", "b"))
        .policyTypes(PolicyType.INGRESS)
        .ingress(
            NetworkPolicyRule.builder()
                .peer(IpBlockPeer.of(Cidr.parse(cidr)))
                .port(NetworkPolicyPort.tcp(80))
                .build())
        .build();
  }

  @Test
  void reportsANarrowedEgressExceptAsAddressesOpenedOnItsPort() {
    Cluster base = Cluster.builder().pod(a).pod(b).build();
    Cluster before = base.toBuilder().policy(egressTo443("198.51.100.64/26")).build();
    Cluster after = base.toBuilder().policy(egressTo443("198.51.100.64/27")).build();
    ReachabilityMatrix mb = engine.build(before);
    ReachabilityMatrix ma = engine.build(after);
    assertThat(ma.egressToOutside(a, Port.tcp(443)))
        .isNotEqualTo(mb.egressToOutside(a, Port.tcp(443)));

    MatrixDiff diff = MatrixDiff.between(mb, ma);

    assertThat(diff.isEmpty()).isFalse();
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.outsideChanges())
        .containsExactly(
            new MatrixDiff.OutsideChange(
                "ns/a",
                PolicyType.EGRESS,
                new PortRange(Protocol.TCP, 443, 443),
                ImmutableRangeSet.of(Cidr.parse("198.51.100.96/27").range()),
                ImmutableRangeSet.of()));
    assertThat(diff.outsideChanges().get(0).openedCidrs())
        .containsExactly(Cidr.parse("198.51.100.96/27"));
    assertThat(diff)
        .hasToString("ns/a -> outside TCP/443: opened 198.51.100.96/27\n");
  }

  @Test
  void reportsIngressFromOutsideClosedAndOpenedPerPortRange() {
    Cluster base = Cluster.builder().pod(a).pod(b).build();
    Cluster before = base.toBuilder().policy(ingressFrom("203.0.113.0/24")).build();
    Cluster after = base.toBuilder().policy(ingressFrom("203.0.113.0/25")).build();

    MatrixDiff diff = MatrixDiff.between(engine.build(before), engine.build(after));

    assertThat(diff.outsideChanges())
        .containsExactly(
            new MatrixDiff.OutsideChange(
                "ns/b",
                PolicyType.INGRESS,
                new PortRange(Protocol.TCP, 80, 80),
                ImmutableRangeSet.of(),
                ImmutableRangeSet.of(Cidr.parse("203.0.113.128/25").range())));
    assertThat(diff.outsideChanges().get(0))
        .hasToString("outside -> ns/b TCP/80: closed 203.0.113.128/25");
  }

  @Test
  void reportsOutsideAddressesLostWhenAPodBecomesIsolated() {
    Cluster before = Cluster.builder().pod(a).pod(b).build();
    Cluster after = before.toBuilder().policy(egressTo443("198.51.100.64/26")).build();

    MatrixDiff diff = MatrixDiff.between(engine.build(before), engine.build(after));

    assertThat(diff.outsideChanges())
        .filteredOn(c -> c.ports().contains(Port.tcp(80)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.pod()).isEqualTo("ns/a");
              assertThat(c.direction()).isEqualTo(PolicyType.EGRESS);
              assertThat(c.ports()).isEqualTo(new PortRange(Protocol.TCP, 1, 442));
              assertThat(c.opened().isEmpty()).isTrue();
              assertThat(c.closed().contains(IpAddress.parse("8.8.8.8"))).isTrue();
              assertThat(c.toString()).endsWith("closed 0.0.0.0/0, ::/0");
            });
    assertThat(diff.outsideChanges())
        .filteredOn(c -> c.ports().contains(Port.tcp(443)))
        .singleElement()
        .satisfies(c -> assertThat(c.closedCidrs()).contains(Cidr.parse("198.51.100.64/26")));
  }
}
