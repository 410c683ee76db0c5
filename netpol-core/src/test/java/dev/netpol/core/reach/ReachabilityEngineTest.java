package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.table.TruthTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReachabilityEngineTest {
  private static final ReachabilityEngine ENGINE = ReachabilityEngine.withDefaults();

  static Pod pod(String ns, String name, String ip, String... labels) {
    return Pod.builder(ns, name).labels(Labels.of(labels)).ip(IpAddress.parse(ip)).build();
  }

  static LabelSelector sel(String... kv) {
    return LabelSelector.matchLabels(kv);
  }

  // The classic scenario of the examples module: frontend and backend, then two policies.
  private final Pod frontend0 = pod("default", "frontend-0", "10.0.0.1", "app", "frontend");
  private final Pod frontend1 = pod("default", "frontend-1", "10.0.0.2", "app", "frontend");
  private final Pod backend0 = pod("default", "backend-0", "10.0.0.3", "app", "backend");
  private final Pod backend1 = pod("default", "backend-1", "10.0.0.4", "app", "backend");
  private final Pod dns = pod("kube-system", "coredns-0", "10.0.9.9", "k8s-app", "kube-dns");

  private final NetworkPolicy allowFrontendToBackend =
      NetworkPolicy.builder("default", "allow-frontend-to-backend-ingress")
          .podSelector(sel("app", "backend"))
          .policyTypes(PolicyType.INGRESS)
          .ingress(
              NetworkPolicyRule.builder()
                  .peer(PodPeer.pods(sel("app", "frontend")))
                  .port(NetworkPolicyPort.tcp(80))
                  .build())
          .build();
  private final NetworkPolicy frontendEgress =
      NetworkPolicy.builder("default", "allow-frontend-egress-to-backend")
          .podSelector(sel("app", "frontend"))
          .policyTypes(PolicyType.EGRESS)
          .egress(
              NetworkPolicyRule.builder()
                  .peer(PodPeer.pods(sel("app", "backend")))
                  .port(NetworkPolicyPort.tcp(80))
                  .build())
          .egress(
              NetworkPolicyRule.builder()
                  .peer(PodPeer.of(sel("k8s-app", "kube-dns"), LabelSelector.everything()))
                  .port(NetworkPolicyPort.number(Protocol.UDP, 53))
                  .port(NetworkPolicyPort.number(Protocol.TCP, 53))
                  .build())
          .build();

  private Cluster.Builder seed() {
    return Cluster.builder()
        .namespace(Namespace.of("default"))
        .namespace(Namespace.of("kube-system"))
        .pod(frontend0)
        .pod(frontend1)
        .pod(backend0)
        .pod(backend1)
        .pod(dns);
  }

  @Test
  void allowsEverythingWithoutPolicies() {
    ReachabilityMatrix m = ENGINE.build(seed().build());
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(backend0, frontend0, Port.udp(9999))).isTrue();
    assertThat(m.egressToOutside(frontend0, Port.tcp(443))).isEqualTo(Index.ALL_ADDRESSES);
  }

  @Test
  void seedScenarioAllowsOnlyFrontendToBackendOnTcp80AndDns() {
    ReachabilityMatrix m =
        ENGINE.build(seed().policy(allowFrontendToBackend).policy(frontendEgress).build());

    assertThat(m.allowed(frontend0, backend1, Port.tcp(80))).isTrue();
    assertThat(m.allowed(frontend0, backend1, Port.tcp(8080))).isFalse();
    assertThat(m.allowed(frontend0, frontend1, Port.tcp(80))).as("frontend egress").isFalse();
    assertThat(m.allowed(backend0, frontend0, Port.tcp(80))).as("frontend not ingress-isolated")
        .isTrue();
    assertThat(m.allowed(backend0, backend1, Port.tcp(80))).as("backend ingress").isFalse();
    assertThat(m.allowed(dns, backend0, Port.tcp(80))).isFalse();
    assertThat(m.allowed(frontend1, dns, Port.udp(53))).isTrue();
    assertThat(m.allowed(frontend1, dns, Port.tcp(53))).isTrue();
    assertThat(m.allowed(frontend1, dns, Port.sctp(53))).isFalse();
    assertThat(m.egressToOutside(frontend0, Port.tcp(443)).isEmpty()).isTrue();
    assertThat(m.ingressFromOutside(backend0, Port.tcp(80)).isEmpty()).isTrue();
    assertThat(m.ingressFromOutside(frontend0, Port.tcp(80))).isEqualTo(Index.ALL_ADDRESSES);

    TruthTable expected =
        TruthTable.parse(
            String.join(
                "\n",
                "-                 default/frontend-0 default/frontend-1 default/backend-0"
                    + " default/backend-1 kube-system/coredns-0",
                "default/frontend-0  X X . . X",
                "default/frontend-1  X X . . X",
                "default/backend-0   . . X X .",
                "default/backend-1   . . X X .",
                "kube-system/coredns-0 . . X X ."));
    TruthTable actual = m.truthTable(m.cluster().pods(), Port.tcp(80));
    assertThat(actual.differencesFrom(expected)).isEmpty();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void rowsColumnsAndDeniedPairsAgreeWithCells() {
    ReachabilityMatrix m =
        ENGINE.build(seed().policy(allowFrontendToBackend).policy(frontendEgress).build());
    assertThat(m.allowedDestinations(frontend0, Port.tcp(80))).containsExactly(backend0, backend1);
    assertThat(m.allowedSources(backend0, Port.tcp(80))).containsExactly(frontend0, frontend1);
    assertThat(m.deniedPairs(List.of(frontend0, dns), List.of(backend0, dns), Port.tcp(80)))
        .containsExactly(
            new PodPair(frontend0, dns), new PodPair(dns, backend0));
  }

  @Test
  void resolvesNamedPortsPerDestinationPodForIngressAndEgress() {
    Pod webA =
        Pod.builder("shop", "web-a")
            .labels(Labels.of("app", "web"))
            .ip(IpAddress.parse("10.1.0.1"))
            .containerPort(ContainerPort.named("http", 80, Protocol.TCP))
            .build();
    Pod webB =
        Pod.builder("shop", "web-b")
            .labels(Labels.of("app", "web"))
            .ip(IpAddress.parse("10.1.0.2"))
            .containerPort(ContainerPort.named("http", 8080, Protocol.TCP))
            .build();
    Pod client = pod("shop", "client", "10.1.0.3", "app", "client");
    NetworkPolicy ingress =
        NetworkPolicy.builder("shop", "web-http")
            .podSelector(sel("app", "web"))
            .ingress(
                NetworkPolicyRule.builder().port(NetworkPolicyPort.named(Protocol.TCP, "http")).build())
            .build();
    NetworkPolicy egress =
        NetworkPolicy.builder("shop", "client-http")
            .podSelector(sel("app", "client"))
            .policyTypes(PolicyType.EGRESS)
            .egress(
                NetworkPolicyRule.builder().port(NetworkPolicyPort.named(Protocol.TCP, "http")).build())
            .build();
    ReachabilityMatrix m =
        ENGINE.build(
            Cluster.builder().pod(webA).pod(webB).pod(client).policy(ingress).policy(egress).build());

    assertThat(m.allowed(client, webA, Port.tcp(80))).isTrue();
    assertThat(m.allowed(client, webA, Port.tcp(8080))).isFalse();
    assertThat(m.allowed(client, webB, Port.tcp(8080))).isTrue();
    assertThat(m.allowed(client, webB, Port.tcp(80))).isFalse();
    assertThat(m.allowed(webA, webB, Port.tcp(8080))).isTrue();
    assertThat(m.allowed(client, webA, Port.udp(80))).as("named port has a protocol").isFalse();
    assertThat(m.egressToOutside(client, Port.tcp(80)).isEmpty())
        .as("a named port never matches an outside address")
        .isTrue();
    assertThat(m.ingressFromOutside(webB, Port.tcp(8080))).isEqualTo(Index.ALL_ADDRESSES);
    assertThat(m.ingressFromOutside(webB, Port.tcp(80)).isEmpty()).isTrue();
    assertThat(m.portAtoms())
        .contains(new PortRange(Protocol.TCP, 80, 80), new PortRange(Protocol.TCP, 8080, 8080));
    assertThat(m.matrix(Port.tcp(8080)).allowed(client, webB)).isTrue();
    assertThat(m.matrix(Port.tcp(8080)).allowed(client, webA)).isFalse();
  }

  @Test
  void udpOnlyPolicyIsolatesTcp() {
    NetworkPolicy udpOnly =
        NetworkPolicy.builder("default", "dns-only")
            .podSelector(sel("app", "backend"))
            .ingress(
                NetworkPolicyRule.builder().port(NetworkPolicyPort.all(Protocol.UDP)).build())
            .build();
    ReachabilityMatrix m = ENGINE.build(seed().policy(udpOnly).build());
    assertThat(m.allowed(frontend0, backend0, Port.udp(5353))).isTrue();
    assertThat(m.allowed(frontend0, backend0, Port.tcp(5353))).isFalse();
    assertThat(m.allowed(frontend0, backend0, Port.sctp(5353))).isFalse();
  }

  @Test
  void ipBlockExceptCarvesAddressesOutOfTheBlock() {
    Pod inside = pod("other", "inside", "10.0.0.5");
    Pod excepted = pod("other", "excepted", "10.0.1.5");
    IpBlockPeer block = IpBlockPeer.of(Cidr.parse("10.0.0.0/16"), Cidr.parse("10.0.1.0/24"));
    NetworkPolicy policy =
        NetworkPolicy.builder("default", "from-block")
            .podSelector(sel("app", "backend"))
            .ingress(NetworkPolicyRule.builder().peer(block).build())
            .build();
    Cluster cluster = seed().pod(inside).pod(excepted).policy(policy).build();
    ReachabilityMatrix m = ENGINE.build(cluster);
    assertThat(m.allowed(inside, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(excepted, backend0, Port.tcp(80))).isFalse();
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).as("10.0.0.1 is in the block").isTrue();
    assertThat(m.ingressFromOutside(backend0, Port.tcp(1)))
        .isEqualTo(
            ImmutableRangeSet.<IpAddress>builder()
                .add(Range.closed(IpAddress.parse("10.0.0.0"), IpAddress.parse("10.0.0.255")))
                .add(Range.closed(IpAddress.parse("10.0.2.0"), IpAddress.parse("10.0.255.255")))
                .build());

    ReachabilityMatrix noPods = new ReachabilityEngine(new EvaluationOptions(false, false)).build(cluster);
    assertThat(noPods.allowed(inside, backend0, Port.tcp(80))).isFalse();
  }

  @Test
  void ipv4BlocksNeverMatchIpv6AddressesAndDualStackPodsMatchByEitherAddress() {
    Pod v6 =
        Pod.builder("other", "v6").ip(IpAddress.parse("fd00::5")).build();
    Pod dual =
        Pod.builder("other", "dual")
            .ip(IpAddress.parse("192.168.7.7"))
            .ip(IpAddress.parse("fd00::7"))
            .build();
    NetworkPolicy policy =
        NetworkPolicy.builder("default", "from-everywhere-v4")
            .podSelector(sel("app", "backend"))
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8")))
                    .build())
            .build();
    ReachabilityMatrix m = ENGINE.build(seed().pod(v6).pod(dual).policy(policy).build());
    assertThat(m.allowed(v6, backend0, Port.tcp(80))).isFalse();
    assertThat(m.allowed(dual, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).as("10.0.0.1 is excepted").isFalse();
    assertThat(m.ingressFromOutside(backend0, Port.tcp(80)).contains(IpAddress.parse("fd00::5")))
        .isFalse();
  }

  @Test
  void emptyEgressWithoutPolicyTypesDoesNotIsolateEgress() {
    NetworkPolicy ingressOnly =
        NetworkPolicy.builder("default", "no-egress-rules").podSelector(sel("app", "frontend")).build();
    ReachabilityMatrix m = ENGINE.build(seed().policy(ingressOnly).build());
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(backend0, frontend0, Port.tcp(80))).isFalse();

    NetworkPolicy denyEgress =
        NetworkPolicy.builder("default", "deny-egress")
            .podSelector(sel("app", "frontend"))
            .policyTypes(PolicyType.EGRESS)
            .build();
    ReachabilityMatrix denied = ENGINE.build(seed().policy(denyEgress).build());
    assertThat(denied.allowed(frontend0, backend0, Port.tcp(80))).isFalse();
    assertThat(denied.egressToOutside(frontend0, Port.tcp(80)).isEmpty()).isTrue();
  }

  @Test
  void policiesSelectOnlyPodsOfTheirOwnNamespace() {
    NetworkPolicy denyAllInKubeSystem = NetworkPolicy.builder("kube-system", "deny").build();
    ReachabilityMatrix m = ENGINE.build(seed().policy(denyAllInKubeSystem).build());
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(frontend0, dns, Port.udp(53))).isFalse();
  }

  @Test
  void peersInOneEntryAreAndedAndSeparateEntriesOred() {
    Namespace ops = Namespace.of("ops", Labels.of("team", "ops"));
    Pod opsApp = pod("ops", "prom", "10.2.0.1", "app", "prometheus");
    Pod opsOther = pod("ops", "other", "10.2.0.2", "app", "other");
    NetworkPolicy and =
        NetworkPolicy.builder("default", "and")
            .podSelector(sel("app", "backend"))
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(PodPeer.of(sel("app", "prometheus"), sel("team", "ops")))
                    .build())
            .build();
    ReachabilityMatrix m =
        ENGINE.build(seed().namespace(ops).pod(opsApp).pod(opsOther).policy(and).build());
    assertThat(m.allowed(opsApp, backend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(opsOther, backend0, Port.tcp(80))).isFalse();
    assertThat(m.allowed(frontend0, backend0, Port.tcp(80))).isFalse();

    NetworkPolicy or =
        NetworkPolicy.builder("default", "or")
            .podSelector(sel("app", "backend"))
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(PodPeer.pods(sel("app", "prometheus")))
                    .peer(PodPeer.namespaces(sel("team", "ops")))
                    .build())
            .build();
    ReachabilityMatrix m2 =
        ENGINE.build(seed().namespace(ops).pod(opsApp).pod(opsOther).policy(or).build());
    assertThat(m2.allowed(opsOther, backend0, Port.tcp(80))).isTrue();
    assertThat(m2.allowed(frontend0, backend0, Port.tcp(80))).isFalse();
  }

  @Test
  void hostNetworkPodsAreNeitherSelectedNorMatchedBySelectorsButByIpBlocks() {
    Pod node =
        Pod.builder("default", "node-agent")
            .labels(Labels.of("app", "backend"))
            .ip(IpAddress.parse("192.168.0.10"))
            .hostNetwork(true)
            .build();
    NetworkPolicy policy =
        NetworkPolicy.builder("default", "backend")
            .podSelector(sel("app", "backend"))
            .policyTypes(PolicyType.INGRESS, PolicyType.EGRESS)
            .ingress(
                NetworkPolicyRule.builder().peer(PodPeer.pods(LabelSelector.everything())).build())
            .build();
    ReachabilityMatrix m = ENGINE.build(seed().pod(node).policy(policy).build());
    assertThat(m.allowed(frontend0, node, Port.tcp(80))).as("not selected").isTrue();
    assertThat(m.allowed(node, frontend0, Port.tcp(80))).isTrue();
    assertThat(m.allowed(node, backend0, Port.tcp(80))).as("not matched by podSelector").isFalse();

    NetworkPolicy byAddress =
        NetworkPolicy.builder("default", "nodes")
            .podSelector(sel("app", "backend"))
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(IpBlockPeer.of(Cidr.parse("192.168.0.0/24")))
                    .build())
            .build();
    ReachabilityMatrix m2 =
        new ReachabilityEngine(new EvaluationOptions(false, false))
            .build(seed().pod(node).policy(byAddress).build());
    assertThat(m2.allowed(node, backend0, Port.tcp(80))).isTrue();
  }

  @Test
  void selfTrafficIsJudgedByDefaultAndAlwaysAllowedByOption() {
    NetworkPolicy deny = NetworkPolicy.builder("default", "deny").build();
    Cluster cluster = seed().policy(deny).build();
    assertThat(ENGINE.build(cluster).allowed(backend0, backend0, Port.tcp(80))).isFalse();
    ReachabilityMatrix lenient = new ReachabilityEngine(new EvaluationOptions(true, true)).build(cluster);
    assertThat(lenient.allowed(backend0, backend0, Port.tcp(80))).isTrue();
    assertThat(lenient.allowed(backend0, backend1, Port.tcp(80))).isFalse();
    assertThat(lenient.matrix(Port.tcp(80)).allowed(backend0, backend0)).isTrue();
    assertThat(lenient.matrix(Port.tcp(80)).allowed(backend1, backend0)).isFalse();
    assertThat(lenient.allowedDestinations(backend0, Port.tcp(80))).containsExactly(backend0, dns);
  }

  @Test
  void rejectsPodsOfAnotherCluster() {
    ReachabilityMatrix m = ENGINE.build(seed().build());
    Pod stranger = pod("default", "stranger", "10.9.9.9");
    assertThatThrownBy(() -> m.allowed(stranger, backend0, Port.tcp(80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default/stranger is not in the cluster");
    Pod changed = backend0.toBuilder().labels(Labels.of("app", "changed")).build();
    assertThatThrownBy(() -> m.allowed(frontend0, changed, Port.tcp(80)))
        .hasMessageContaining("differs from the pod of that name");
  }

  @Test
  void groupsPodsNoPolicyCanTellApart() {
    Cluster cluster = seed().policy(allowFrontendToBackend).policy(frontendEgress).build();
    ReachabilityMatrix m = ENGINE.build(cluster);
    assertThat(m.classCount()).isEqualTo(3);
    assertThat(m.matrix(Port.tcp(80)).allowedPairCount())
        .isEqualTo(
            cluster.pods().stream()
                .mapToLong(
                    s ->
                        cluster.pods().stream().filter(d -> m.allowed(s, d, Port.tcp(80))).count())
                .sum());
  }

  @Test
  void splitsPortsIntoAtomsAtRuleBoundaries() {
    NetworkPolicy ranges =
        NetworkPolicy.builder("default", "ranges")
            .ingress(
                NetworkPolicyRule.builder()
                    .port(NetworkPolicyPort.range(Protocol.TCP, 8000, 8080))
                    .port(NetworkPolicyPort.tcp(443))
                    .build())
            .build();
    ReachabilityMatrix m = ENGINE.build(seed().policy(ranges).build());
    assertThat(m.portAtoms().stream().filter(r -> r.protocol() == Protocol.TCP))
        .containsExactly(
            new PortRange(Protocol.TCP, 1, 442),
            new PortRange(Protocol.TCP, 443, 443),
            new PortRange(Protocol.TCP, 444, 7999),
            new PortRange(Protocol.TCP, 8000, 8080),
            new PortRange(Protocol.TCP, 8081, 65535));
    assertThat(m.portAtom(Port.tcp(8042))).isEqualTo(new PortRange(Protocol.TCP, 8000, 8080));
    assertThat(m.portAtom(Port.udp(53))).isEqualTo(new PortRange(Protocol.UDP, 1, 65535));
    assertThat(m.allowed(frontend0, backend0, Port.tcp(8080))).isTrue();
    assertThat(m.allowed(frontend0, backend0, Port.tcp(8081))).isFalse();
  }

  // ---- dual-stack pods: one IP family at both ends of a connection

  private static Pod dualStack(String name, String v4, String v6, String... labels) {
    return Pod.builder("default", name)
        .labels(Labels.of(labels))
        .ip(IpAddress.parse(v4))
        .ip(IpAddress.parse(v6))
        .build();
  }

  private static NetworkPolicy onlyBlock(String name, String app, PolicyType type, String cidr) {
    NetworkPolicyRule rule =
        NetworkPolicyRule.builder().peer(IpBlockPeer.of(Cidr.parse(cidr))).build();
    NetworkPolicy.Builder b =
        NetworkPolicy.builder("default", name).podSelector(sel("app", app)).policyTypes(type);
    return type == PolicyType.EGRESS ? b.egress(rule).build() : b.ingress(rule).build();
  }

  @Test
  void dualStackPairIsDeniedWhenEgressAndIngressAllowOnlyDifferentFamilies() {
    Pod client = dualStack("client", "10.0.0.1", "fd00::1", "app", "client");
    Pod server = dualStack("server", "10.0.0.2", "fd00::2", "app", "server");
    Cluster mixed =
        Cluster.builder()
            .namespace(Namespace.of("default"))
            .pod(client)
            .pod(server)
            .policy(onlyBlock("out-v4", "client", PolicyType.EGRESS, "10.0.0.0/8"))
            .policy(onlyBlock("in-v6", "server", PolicyType.INGRESS, "fd00::/8"))
            .build();
    Cluster oneFamily =
        mixed.toBuilder()
            .removePolicy("default/in-v6")
            .policy(onlyBlock("in-v4", "server", PolicyType.INGRESS, "10.0.0.0/8"))
            .build();
    Port http = Port.tcp(80);

    ReachabilityMatrix m = ENGINE.build(mixed);
    ReachabilityMatrix ok = ENGINE.build(oneFamily);

    assertThat(m.allowed(client, server, http)).isFalse();
    assertThat(m.allowedDestinations(client, http)).doesNotContain(server);
    assertThat(m.allowedSources(server, http)).doesNotContain(client);
    assertThat(m.deniedPairs(List.of(client), List.of(server), http))
        .containsExactly(new PodPair(client, server));
    assertThat(m.truthTable(List.of(client), List.of(server), http).toString()).contains("X");
    assertThat(m.matrix(http).allowed(client, server)).isFalse();
    long[] counts = new long[2];
    m.forEachAtom(atom -> counts[0] += atom.allowed(client, server) ? 1 : 0);
    assertThat(counts[0]).as("atoms allowing client -> server").isZero();
    // every pair but client -> server: server -> client crosses no isolated side
    assertThat(m.matrix(http).allowedPairCount()).isEqualTo(3);
    assertThat(ok.allowed(client, server, http)).isTrue();
    assertThat(ok.matrix(http).allowedPairCount()).isEqualTo(4);
    assertThat(MatrixDiff.between(m, ok).changes())
        .anyMatch(c -> c.source().equals("default/client")
            && c.destination().equals("default/server")
            && !c.allowedBefore());
    // Addresses outside the cluster do not depend on the pod's own addresses.
    assertThat(m.egressToOutside(client, http).contains(IpAddress.parse("10.9.9.9"))).isTrue();
    assertThat(m.egressToOutside(client, http).contains(IpAddress.parse("fd00::9"))).isFalse();
    assertThat(m.ingressFromOutside(server, http).contains(IpAddress.parse("fd00::9"))).isTrue();
  }

  @Test
  void podsSharingNoFamilyAreNotMatchedByAnIpBlockOfTheOtherFamily() {
    Pod v4 = pod("default", "client", "10.0.0.1", "app", "client");
    Pod v6 = pod("default", "server", "fd00::2", "app", "server");
    Cluster c =
        Cluster.builder()
            .namespace(Namespace.of("default"))
            .pod(v4)
            .pod(v6)
            .policy(onlyBlock("in-any", "server", PolicyType.INGRESS, "10.0.0.0/8"))
            .policy(onlyBlock("out-any", "client", PolicyType.EGRESS, "::/0"))
            .build();

    ReachabilityMatrix m = ENGINE.build(c);

    assertThat(m.allowed(v4, v6, Port.tcp(80))).isFalse();
    assertThat(m.allowed(v4, v6, Port.tcp(80)))
        .isEqualTo(c.evaluate(v4, v6, Port.tcp(80)).allowed());
  }
}
