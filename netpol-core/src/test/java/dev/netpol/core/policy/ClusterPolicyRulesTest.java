package dev.netpol.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule homes of cluster-scoped policies (docs/cluster-policies.md), one type at a time. */
class ClusterPolicyRulesTest {
  private static final Labels TENANT_A = Labels.of("tenant", "a");
  private final Pod db =
      Pod.builder("a", "db")
          .labels(Labels.of("app", "db"))
          .ip(IpAddress.parse("10.0.0.2"))
          .containerPort(ContainerPort.named("pg", 5432, Protocol.TCP))
          .build();
  private final Pod hostPod =
      Pod.builder("a", "agent").hostNetwork(true).node("n1")
          .ip(IpAddress.parse("192.168.0.1")).build();
  private final List<IpAddress> dbAddresses = List.of(IpAddress.parse("10.0.0.2"));

  @Test
  void aNamedPortResolvesByNameEvenWhenTheNumberIsAlsoDeclaredWithoutIt() {
    // Found by EngineAgreementLaws (seed 2181020213307967627): the evaluator matched the first
    // container port of the connection's number, unnamed here, and missed the name.
    Pod web = Pod.builder("a", "web")
        .containerPort(ContainerPort.of(80, Protocol.TCP))
        .containerPort(ContainerPort.named("http", 80, Protocol.TCP))
        .build();
    ClusterPort http = new ClusterPort.Named("http");
    assertThat(http.admits(Port.tcp(80), Optional.of(web))).isTrue();
    assertThat(http.admits(Port.udp(80), Optional.of(web))).isFalse();
    assertThat(http.admits(Port.tcp(8080), Optional.of(web))).isFalse();
    assertThat(http.admits(Port.tcp(80), Optional.empty())).isFalse();
  }

  @Test
  void subjectsNeverSelectHostNetworkPods() {
    ClusterSubject all = ClusterSubject.namespaces(LabelSelector.everything());
    assertThat(all.selects(db, TENANT_A)).isTrue();
    assertThat(all.selects(hostPod, TENANT_A)).isFalse();
  }

  @Test
  void podsSubjectAndsItsSelectors() {
    ClusterSubject s =
        ClusterSubject.pods(
            LabelSelector.matchLabels("tenant", "a"), LabelSelector.parse("app=db"));
    assertThat(s.selects(db, TENANT_A)).isTrue();
    assertThat(s.selects(db, Labels.of("tenant", "b"))).isFalse();
    assertThat(s.toString())
        .isEqualTo("pods {namespaceSelector: {tenant=a}, podSelector: {app=db}}");
  }

  @Test
  void selectorPeersDoNotMatchHostNetworkPodsButNetworksDo() {
    ClusterPeer ns = new ClusterPeer.Namespaces(LabelSelector.everything());
    ClusterPeer net = ClusterPeer.Networks.of(Cidr.parse("192.168.0.0/16"));
    List<IpAddress> hostAddresses = List.of(IpAddress.parse("192.168.0.1"));
    assertThat(ns.admitsPod(hostPod, TENANT_A, hostAddresses, List.of())).isFalse();
    assertThat(net.admitsPod(hostPod, TENANT_A, hostAddresses, List.of())).isTrue();
    assertThat(net.admitsPod(db, TENANT_A, dbAddresses, List.of())).isFalse();
  }

  @Test
  void nodesPeerMatchesHostNetworkPodsOfMatchingNodesAndNothingWithoutNodes() {
    ClusterPeer nodes = new ClusterPeer.Nodes(LabelSelector.parse("role=worker"));
    Node n1 = Node.of("n1", Labels.of("role", "worker"), List.of(IpAddress.parse("192.168.0.1")));
    assertThat(nodes.admitsPod(hostPod, TENANT_A, List.of(), List.of(n1))).isTrue();
    assertThat(nodes.admitsPod(hostPod, TENANT_A, List.of(), List.of())).isFalse();
    assertThat(nodes.addresses(List.of(n1)).contains(IpAddress.parse("192.168.0.1"))).isTrue();
  }

  @Test
  void domainNamesMatchNamesByWholeLabelsAndNeverAPod() {
    ClusterPeer.DomainNames names =
        new ClusterPeer.DomainNames(ImmutableList.of("*.example.com", "kubernetes.io"));
    assertThat(names.admitsName("a.b.example.com")).isTrue();
    assertThat(names.admitsName("example.com")).isFalse();
    assertThat(names.admitsName("Kubernetes.IO.")).isTrue();
    assertThat(names.admitsName("www.kubernetes.io")).isFalse();
    assertThat(names.admitsPod(db, TENANT_A, dbAddresses, List.of())).isFalse();
  }

  @Test
  void unknownPeerFailsClosedByAction() {
    ClusterPeer unknown = new ClusterPeer.Unknown(ImmutableList.of("sameLabels"));
    ClusterRule accept =
        ClusterRule.builder(ClusterRuleAction.ACCEPT, "Accept").peer(unknown).build();
    ClusterRule pass = ClusterRule.builder(ClusterRuleAction.PASS, "Pass").peer(unknown).build();
    assertThat(accept.peerAdmitsPod(unknown, db, TENANT_A, dbAddresses, List.of())).isFalse();
    assertThat(pass.peerAdmitsPod(unknown, db, TENANT_A, dbAddresses, List.of())).isTrue();
    assertThat(pass.peerAdmitsAddress(unknown, IpAddress.parse("8.8.8.8"), List.of())).isTrue();
  }

  @Test
  void portsMatchNumbersRangesAndNamesOnTheDestination() {
    assertThat(ClusterPort.range(Protocol.TCP, 5000, 6000).admits(Port.tcp(5432), Optional.empty()))
        .isTrue();
    assertThat(ClusterPort.number(Protocol.UDP, 53).admits(Port.tcp(53), Optional.empty()))
        .isFalse();
    assertThat(ClusterPort.named("pg").admits(Port.tcp(5432), Optional.of(db))).isTrue();
    assertThat(ClusterPort.named("pg").admits(Port.tcp(5432), Optional.empty())).isFalse();
    assertThat(ClusterPort.named("pg").numbers(Protocol.TCP, Optional.of(db)).asRanges())
        .containsExactly(Range.singleton(5432));
    assertThatThrownBy(() -> ClusterPort.range(Protocol.TCP, 10, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ruleWithoutPortFilterMatchesEveryPort() {
    ClusterRule rule =
        ClusterRule.builder(ClusterRuleAction.DENY, "Deny")
            .peer(new ClusterPeer.Namespaces(LabelSelector.everything()))
            .name("deny-all")
            .build();
    assertThat(rule.admitsPort(Port.sctp(9), Optional.empty())).isTrue();
    assertThat(rule.toString()).isEqualTo("\"deny-all\" (Deny)");
  }

  @Test
  void policyOrderIsPriorityThenNameAndV1alpha2AloneExemptsHairpin() {
    ClusterPolicy b = ClusterPolicy.builder("ClusterNetworkPolicy", "b").priority(1).build();
    ClusterPolicy a = ClusterPolicy.builder("ClusterNetworkPolicy", "a").priority(1).build();
    ClusterPolicy anp = ClusterPolicy.builder("AdminNetworkPolicy", "z").priority(0).build();
    assertThat(ImmutableList.sortedCopyOf(ClusterPolicy.ORDER, List.of(b, a, anp)))
        .containsExactly(anp, a, b);
    assertThat(a.tiesWith(b)).isTrue();
    assertThat(a.exemptsHairpin()).isTrue();
    assertThat(anp.exemptsHairpin()).isFalse();
    assertThat(ClusterPolicy.builder("BaselineAdminNetworkPolicy", "default").build().tier())
        .isEqualTo(Tier.BASELINE);
    assertThatThrownBy(() -> ClusterPolicy.builder("ClusterNetworkPolicy", "x").priority(1001)
        .build()).isInstanceOf(IllegalArgumentException.class);
  }
}
