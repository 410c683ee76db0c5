package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
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
}
