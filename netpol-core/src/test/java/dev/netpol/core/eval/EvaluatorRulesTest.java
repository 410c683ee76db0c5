package dev.netpol.core.eval;

import static dev.netpol.core.eval.Fixtures.pod;
import static dev.netpol.core.eval.Fixtures.sel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.InvalidModelException;
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
import org.junit.jupiter.api.Test;

/** One or more specifications per section of docs/semantics.md, each named after its section. */
class EvaluatorRulesTest {
  private final Pod client = pod("default/client", "10.0.0.1", "app", "client");
  private final Pod server = pod("default/server", "10.0.0.2", "app", "server");
  private final Pod other = pod("other/peer", "10.0.1.1", "app", "client");

  private static NetworkPolicy.Builder policy(String name, String podSelector) {
    return NetworkPolicy.builder("default", name).podSelector(sel(podSelector));
  }

  private static NetworkPolicyRule from(PodPeer peer, NetworkPolicyPort... ports) {
    NetworkPolicyRule.Builder b = NetworkPolicyRule.builder().peer(peer);
    for (NetworkPolicyPort p : ports) {
      b.port(p);
    }
    return b.build();
  }

  private Cluster cluster(NetworkPolicy... policies) {
    Cluster.Builder b = Cluster.builder()
        .namespace(Namespace.of("default"))
        .namespace(Namespace.of("other", Labels.of("team", "ops")))
        .pod(client).pod(server).pod(other);
    for (NetworkPolicy p : policies) {
      b.policy(p);
    }
    return b.build();
  }

  private static boolean allowed(Cluster c, Pod s, Pod d, Port port) {
    return c.evaluate(s, d, port).allowed();
  }

  // ---- Isolation (docs/semantics.md#isolation)

  @Test
  void isolation_podNotSelectedAllowsAllIngress() {
    Cluster c = cluster(policy("deny", "app=nobody").policyTypes(PolicyType.INGRESS).build());
    Verdict v = c.evaluate(client, server, Port.tcp(1234));
    assertThat(v.allowed()).isTrue();
    assertThat(v.ingress()).isInstanceOf(DirectionVerdict.NotIsolated.class);
  }

  @Test
  void isolation_policyInAnotherNamespaceDoesNotIsolate() {
    NetworkPolicy elsewhere = NetworkPolicy.builder("other", "deny-all").build();
    assertThat(allowed(cluster(elsewhere), client, server, Port.tcp(80))).isTrue();
    assertThat(allowed(cluster(elsewhere), client, other, Port.tcp(80))).isFalse();
  }

  @Test
  void isolation_isolationIsPerDirection() {
    Cluster c = cluster(policy("deny-in", "app=server").build());
    assertThat(allowed(c, client, server, Port.tcp(80))).isFalse();
    assertThat(allowed(c, server, client, Port.tcp(80))).isTrue();
  }

  // ---- Effective policyTypes (docs/semantics.md#effective-policytypes)

  @Test
  void effectivePolicyTypes_egressEmptyListWithoutPolicyTypesDoesNotIsolateEgress() {
    Cluster c = cluster(policy("p", "app=client").ingress(NetworkPolicyRule.allowAll()).build());
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.egress()).isInstanceOf(DirectionVerdict.NotIsolated.class);
    assertThat(v.allowed()).isTrue();
  }

  @Test
  void effectivePolicyTypes_policyTypesEgressWithoutRulesDeniesAllEgress() {
    Cluster c = cluster(policy("deny-egress", "app=client").policyTypes(PolicyType.EGRESS).build());
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "NetworkPolicy default/deny-egress: has no egress rules: denies all egress");
  }

  @Test
  void effectivePolicyTypes_ingressRulesAreIgnoredWhenPolicyTypesIsEgressOnly() {
    NetworkPolicy trap = policy("trap", "app=server")
        .policyTypes(PolicyType.EGRESS)
        .ingress(from(PodPeer.pods(sel("app=client"))))
        .egress(NetworkPolicyRule.allowAll())
        .build();
    NetworkPolicy denyIn = policy("deny-in", "app=server").build();
    Verdict v = cluster(trap, denyIn).evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "default/client -> default/server on TCP/80: DENIED",
        "  egress of default/client: not isolated (no NetworkPolicy in default selects it for egress)",
        "  ingress of default/server: denied, isolated by 1 policy",
        "    NetworkPolicy default/deny-in: has no ingress rules: denies all ingress",
        "    note: NetworkPolicy default/trap lists ingress rules that are ignored: policyTypes is [Egress]"));
  }

  // ---- Union (docs/semantics.md#union)

  @Test
  void union_policiesAreUnionedWhateverTheirOrder() {
    NetworkPolicy a = policy("a", "app=server").ingress(from(PodPeer.pods(sel("app=client")), NetworkPolicyPort.tcp(80))).build();
    NetworkPolicy b = policy("b", "app=server").ingress(from(PodPeer.pods(sel("app=client")), NetworkPolicyPort.tcp(443))).build();
    for (Cluster c : new Cluster[] {cluster(a, b), cluster(b, a)}) {
      assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
      assertThat(allowed(c, client, server, Port.tcp(443))).isTrue();
      assertThat(allowed(c, client, server, Port.tcp(22))).isFalse();
    }
    Verdict v = cluster(b, a).evaluate(client, server, Port.tcp(22));
    DirectionVerdict.Denied denied = (DirectionVerdict.Denied) v.ingress();
    assertThat(denied.policies()).extracting(d -> d.policy().name()).containsExactly("a", "b");
  }

  @Test
  void union_allowedNamesEveryAdmittingRule() {
    NetworkPolicy a = policy("a", "app=server").ingress(NetworkPolicyRule.allowAll()).build();
    NetworkPolicy b = policy("b", "app=server")
        .ingress(from(PodPeer.pods(sel("app=nobody"))))
        .ingress(from(PodPeer.pods(sel("app=client"))))
        .build();
    Verdict v = cluster(b, a).evaluate(client, server, Port.tcp(80));
    assertThat(((DirectionVerdict.Allowed) v.ingress()).admittedBy())
        .extracting(RuleRef::toString)
        .containsExactly("NetworkPolicy default/a, rule ingress[0]", "NetworkPolicy default/b, rule ingress[1]");
    assertThat(v.explain()).contains(
        "allowed by NetworkPolicy default/a, rule ingress[0] (also default/b ingress[1])");
  }

  // ---- Both ends (docs/semantics.md#both-ends)

  @Test
  void bothEnds_bothEndsMustAllow() {
    Cluster c = cluster(
        policy("client-egress", "app=client").policyTypes(PolicyType.EGRESS).build(),
        policy("server-in", "app=server").ingress(NetworkPolicyRule.allowAll()).build());
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.ingress().allows()).isTrue();
    assertThat(v.egress().allows()).isFalse();
    assertThat(v.allowed()).isFalse();
  }

  @Test
  void bothEnds_fromOutsideOnlyIngressCounts() {
    Cluster c = cluster(policy("server-in", "app=server")
        .ingress(NetworkPolicyRule.builder().peer(IpBlockPeer.of(Cidr.parse("203.0.113.0/24"))).build())
        .build());
    Verdict v = c.evaluator().evaluate(IpAddress.parse("203.0.113.9"), server, Port.tcp(80));
    assertThat(v.allowed()).isTrue();
    assertThat(v.egress()).isInstanceOf(DirectionVerdict.NotApplicable.class);
    assertThat(c.evaluator().evaluate(IpAddress.parse("198.51.100.1"), server, Port.tcp(80)).allowed())
        .isFalse();
  }

  @Test
  void bothEnds_addressOfAPodIsJudgedAsThatPod() {
    Cluster c = cluster(policy("deny-in", "app=server").build());
    Verdict v = c.evaluator().evaluate(client, IpAddress.parse("10.0.0.2"), Port.tcp(80));
    assertThat(v.destination()).isEqualTo(Party.pod(server));
    assertThat(v.allowed()).isFalse();
  }

  // ---- Rules (docs/semantics.md#rules)

  @Test
  void rules_peersAndPortsAreAnded() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.pods(sel("app=client")), NetworkPolicyPort.tcp(80))).build());
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(81))).isFalse();
    assertThat(allowed(c, server, server, Port.tcp(80))).isFalse();
  }

  @Test
  void rules_emptyFromAdmitsEveryPeerIncludingOutsideAddresses() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.tcp(80)).build()).build());
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    assertThat(c.evaluator().evaluate(IpAddress.parse("1.2.3.4"), server, Port.tcp(80)).allowed()).isTrue();
  }

  @Test
  void rules_emptyPortsAdmitEveryPortOfEveryProtocol() {
    Cluster c = cluster(policy("p", "app=server").ingress(from(PodPeer.pods(sel("app=client")))).build());
    assertThat(allowed(c, client, server, Port.tcp(65535))).isTrue();
    assertThat(allowed(c, client, server, Port.udp(53))).isTrue();
    assertThat(allowed(c, client, server, Port.sctp(9))).isTrue();
  }

  // ---- Peers (docs/semantics.md#peers)

  @Test
  void peers_podSelectorAloneMeansThePolicysNamespace() {
    Cluster c = cluster(policy("p", "app=server").ingress(from(PodPeer.pods(sel("app=client")))).build());
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, other, server, Port.tcp(80))).isFalse(); // other/peer has app=client too
  }

  @Test
  void peers_namespaceSelectorAloneMatchesEveryPodOfMatchingNamespaces() {
    Cluster c = cluster(policy("p", "app=server").ingress(from(PodPeer.namespaces(sel("team=ops")))).build());
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "peer 0 {namespaceSelector: team=ops}: namespace default does not match namespaceSelector team=ops: it has no label team");
  }

  @Test
  void peers_emptyNamespaceSelectorMatchesAllPodsButNoOutsideAddress() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.namespaces(LabelSelector.everything()))).build());
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
    Verdict v = c.evaluator().evaluate(IpAddress.parse("1.2.3.4"), server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "peer 0 {namespaceSelector: {}}: 1.2.3.4 is outside the cluster: podSelector and namespaceSelector match pods only");
  }

  @Test
  void peers_namespaceAndPodSelectorInOneEntryAreAnded() {
    Pod opsAdmin = pod("other/admin", "10.0.1.2", "app", "admin");
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.of(sel("app=client"), sel("team=ops")))).build())
        .toBuilder().pod(opsAdmin).build();
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, opsAdmin, server, Port.tcp(80))).isFalse();
    assertThat(allowed(c, client, server, Port.tcp(80))).isFalse();
  }

  @Test
  void peers_separateEntriesAreOred() {
    Pod opsAdmin = pod("other/admin", "10.0.1.2", "app", "admin");
    Cluster c = cluster(policy("p", "app=server")
        .ingress(NetworkPolicyRule.builder()
            .peer(PodPeer.namespaces(sel("team=ops")))
            .peer(PodPeer.pods(sel("app=client")))
            .build()).build())
        .toBuilder().pod(opsAdmin).build();
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, opsAdmin, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
  }

  @Test
  void peers_ipBlockExceptIsCarvedOut() {
    Cluster c = cluster(policy("p", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(NetworkPolicyRule.builder()
            .peer(IpBlockPeer.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16"))).build())
        .build());
    Evaluator e = c.evaluator();
    assertThat(e.evaluate(client, IpAddress.parse("10.2.0.5"), Port.tcp(80)).allowed()).isTrue();
    Verdict v = e.evaluate(client, IpAddress.parse("10.1.0.5"), Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "peer 0 ipBlock 10.0.0.0/8 except [10.1.0.0/16]: 10.1.0.5 is in except 10.1.0.0/16");
    assertThat(e.evaluate(client, IpAddress.parse("11.0.0.1"), Port.tcp(80)).explain())
        .contains("11.0.0.1 is not in 10.0.0.0/8");
  }

  @Test
  void peers_namespacesCarryTheirNameLabel() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.namespaces(sel("kubernetes.io/metadata.name=other")))).build());
    assertThat(allowed(c, other, server, Port.tcp(80))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(80))).isFalse();
  }

  @Test
  void peers_podWithoutAddressMatchesSelectorsButNeverIpBlock() {
    Pod bare = pod("default/bare", "", "app", "client");
    Cluster c = cluster(
        policy("p", "app=server").ingress(NetworkPolicyRule.builder()
            .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"))).build()).build())
        .toBuilder().pod(bare).build();
    Verdict v = c.evaluate(bare, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains("pod default/bare has no address, so no ipBlock can match it");
    Cluster bySelector = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.pods(sel("app=client")))).build()).toBuilder().pod(bare).build();
    assertThat(allowed(bySelector, bare, server, Port.tcp(80))).isTrue();
  }

  private static Pod dual(String id, String v4, String v6, String... labels) {
    return Pod.builder(id.split("/")[0], id.split("/")[1])
        .labels(Labels.of(labels))
        .ip(IpAddress.parse(v4))
        .ip(IpAddress.parse(v6))
        .build();
  }

  private static NetworkPolicyRule toBlock(String cidr) {
    return NetworkPolicyRule.builder().peer(IpBlockPeer.of(Cidr.parse(cidr))).build();
  }

  private static Cluster dualCluster(Pod a, Pod b, NetworkPolicy... policies) {
    Cluster.Builder builder = Cluster.builder().namespace(Namespace.of("default")).pod(a).pod(b);
    for (NetworkPolicy p : policies) {
      builder.policy(p);
    }
    return builder.build();
  }

  @Test
  void peers_dualStackConnectionUsesOneFamilyAtBothEnds() {
    Pod dualClient = dual("default/client", "10.0.0.1", "fd00::1", "app", "client");
    Pod dualServer = dual("default/server", "10.0.0.2", "fd00::2", "app", "server");
    NetworkPolicy egressV4 = policy("out-v4", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(toBlock("10.0.0.0/8")).build();
    NetworkPolicy ingressV6 = policy("in-v6", "app=server").ingress(toBlock("fd00::/8")).build();
    Cluster c = dualCluster(dualClient, dualServer, egressV4, ingressV6);

    Verdict v = c.evaluate(dualClient, dualServer, Port.tcp(80));

    assertThat(v.allowed()).isFalse();
    assertThat(c.evaluator().allowedPorts(dualClient, dualServer, Protocol.TCP).isEmpty()).isTrue();
    assertThat(v.otherFamily()).isPresent();
    assertThat(v.explain()).startsWith(
        "default/client -> default/server on TCP/80 over IPv4 and IPv6: DENIED\n"
            + "  judged over IPv4 and IPv6: denied in both\n"
            + "  over IPv4:\n"
            + "  egress of default/client: allowed by NetworkPolicy default/out-v4, rule egress[0]");
    assertThat(v.explain())
        .contains("10.0.0.1 is not in fd00::/8")
        .contains("  over IPv6:\n  egress of default/client: denied, isolated by 1 policy")
        .contains("fd00::2 is not in 10.0.0.0/8");
  }

  @Test
  void peers_dualStackPairIsAllowedWhenOneFamilyAllowsBothSides() {
    Pod dualClient = dual("default/client", "10.0.0.1", "fd00::1", "app", "client");
    Pod dualServer = dual("default/server", "10.0.0.2", "fd00::2", "app", "server");
    NetworkPolicy egressV6 = policy("out-v6", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(toBlock("fd00::/8")).build();
    NetworkPolicy ingressV6 = policy("in-v6", "app=server").ingress(toBlock("fd00::/8")).build();
    Cluster c = dualCluster(dualClient, dualServer, egressV6, ingressV6);

    Verdict v = c.evaluate(dualClient, dualServer, Port.tcp(80));

    assertThat(v.allowed()).isTrue();
    assertThat(v.family()).hasValue(6);
    assertThat(v.explain()).startsWith(
        "default/client -> default/server on TCP/80 over IPv6: ALLOWED\n"
            + "  judged over IPv4 and IPv6: allowed over IPv6, denied over IPv4\n"
            + "  egress of default/client: allowed by NetworkPolicy default/out-v6, rule egress[0]");
  }

  @Test
  void peers_dualStackPodNamedByAddressIsReachedInThatAddressFamily() {
    Pod dualClient = dual("default/client", "10.0.0.1", "fd00::1", "app", "client");
    Pod dualServer = dual("default/server", "10.0.0.2", "fd00::2", "app", "server");
    NetworkPolicy egressV4 = policy("out-v4", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(toBlock("10.0.0.0/8")).build();
    Evaluator e = dualCluster(dualClient, dualServer, egressV4).evaluator();

    Verdict overV6 = e.evaluate(dualClient, IpAddress.parse("fd00::2"), Port.tcp(80));
    Verdict overV4 = e.evaluate(dualClient, IpAddress.parse("10.0.0.2"), Port.tcp(80));

    assertThat(overV6.allowed()).isFalse();
    assertThat(overV6.toString())
        .isEqualTo("default/client -> default/server on TCP/80 over IPv6: DENIED");
    assertThat(overV6.explain()).contains("fd00::2 is not in 10.0.0.0/8");
    assertThat(overV4.allowed()).isTrue();
    assertThat(e.evaluate(dualClient, dualServer, Port.tcp(80)).allowed()).isTrue();
    // The ingress side sees the source only in the address's family too.
    NetworkPolicy ingressV6 = policy("in-v6", "app=server").ingress(toBlock("fd00::/8")).build();
    Evaluator in = dualCluster(dualClient, dualServer, ingressV6).evaluator();
    assertThat(in.evaluate(IpAddress.parse("10.0.0.1"), dualServer, Port.tcp(80)).allowed())
        .isFalse();
    assertThat(in.evaluate(IpAddress.parse("fd00::1"), dualServer, Port.tcp(80)).allowed())
        .isTrue();
  }

  @Test
  void peers_dualStackPairDeniedAlikeInBothFamiliesIsExplainedOnce() {
    Pod dualClient = dual("default/client", "10.0.0.1", "fd00::1", "app", "client");
    Pod dualServer = dual("default/server", "10.0.0.2", "fd00::2", "app", "server");
    Cluster c = dualCluster(dualClient, dualServer, policy("deny", "app=server").build(),
        policy("in-v6", "app=nobody").ingress(toBlock("fd00::/8")).build());

    Verdict v = c.evaluate(dualClient, dualServer, Port.tcp(80));

    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).isEqualTo(
        "default/client -> default/server on TCP/80 over IPv4 and IPv6: DENIED\n"
            + "  judged over IPv4 and IPv6: denied in both, for the same reasons\n"
            + "  egress of default/client: not isolated (no NetworkPolicy in default selects it"
            + " for egress)\n"
            + "  ingress of default/server: denied, isolated by 1 policy\n"
            + "    NetworkPolicy default/deny: has no ingress rules: denies all ingress");
  }

  @Test
  void peers_podsSharingNoFamilyAreNeverMatchedByIpBlock() {
    Pod v4Only = pod("default/client", "10.0.0.1", "app", "client");
    Pod v6Only = pod("default/server", "fd00::2", "app", "server");
    NetworkPolicy ingressAll =
        policy("in", "app=server").ingress(toBlock("0.0.0.0/0")).build();
    Cluster c = dualCluster(v4Only, v6Only, ingressAll);

    Verdict v = c.evaluate(v4Only, v6Only, Port.tcp(80));

    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).startsWith("default/client -> default/server on TCP/80: DENIED")
        .contains("pod default/client shares no IP family with the other end");
  }

  // ---- Label selectors (docs/semantics.md#label-selectors)

  @Test
  void labelSelectors_notInAndDoesNotExistMatchPodsWithoutTheKey() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.pods(sel("env notin (prod),!legacy")))).build());
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
    Pod prod = pod("default/prod", "10.0.0.9", "env", "prod");
    Cluster withProd = c.toBuilder().pod(prod).build();
    Verdict v = withProd.evaluate(prod, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "pod default/prod does not match podSelector env notin (prod),!legacy: it has env=prod");
  }

  @Test
  void labelSelectors_matchLabelsAndExpressionsAreAnded() {
    Cluster c = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.pods(sel("app=client,tier in (web)")))).build());
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(": it has no label tier");
  }

  // ---- Ports (docs/semantics.md#ports)

  @Test
  void ports_udpOnlyPolicyStillIsolatesTcp() {
    Cluster c = cluster(policy("dns-only", "app=server")
        .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.number(Protocol.UDP, 53)).build()).build());
    assertThat(allowed(c, client, server, Port.udp(53))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(53))).isFalse();
    assertThat(allowed(c, client, server, Port.sctp(53))).isFalse();
  }

  @Test
  void ports_protocolWithoutPortAllowsOnlyThatProtocol() {
    Cluster c = cluster(policy("udp", "app=server")
        .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.all(Protocol.UDP)).build()).build());
    assertThat(allowed(c, client, server, Port.udp(9999))).isTrue();
    Verdict v = c.evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains("ports: TCP/80 is not in [UDP/*]");
  }

  @Test
  void ports_endPortRangeIsInclusive() {
    Cluster c = cluster(policy("range", "app=server")
        .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.range(Protocol.TCP, 8000, 8080)).build()).build());
    assertThat(allowed(c, client, server, Port.tcp(7999))).isFalse();
    assertThat(allowed(c, client, server, Port.tcp(8000))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(8080))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(8081))).isFalse();
  }

  @Test
  void ports_namedPortResolvedPerDestinationPod() {
    Pod a = Pod.builder("default", "web-a").labels(Labels.of("app", "web")).ip(IpAddress.parse("10.0.0.20"))
        .containerPort(ContainerPort.named("http", 80, Protocol.TCP)).build();
    Pod b = Pod.builder("default", "web-b").labels(Labels.of("app", "web")).ip(IpAddress.parse("10.0.0.21"))
        .containerPort(ContainerPort.named("http", 8080, Protocol.TCP)).build();
    Pod none = Pod.builder("default", "web-c").labels(Labels.of("app", "web")).ip(IpAddress.parse("10.0.0.22"))
        .containerPort(ContainerPort.of(80, Protocol.TCP)).build();
    Cluster c = cluster(policy("named", "app=web")
        .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.named(Protocol.TCP, "http")).build()).build())
        .toBuilder().pod(a).pod(b).pod(none).build();
    assertThat(allowed(c, client, a, Port.tcp(80))).isTrue();
    assertThat(allowed(c, client, a, Port.tcp(8080))).isFalse();
    assertThat(allowed(c, client, b, Port.tcp(8080))).isTrue();
    assertThat(allowed(c, client, b, Port.tcp(80))).isFalse();
    assertThat(c.evaluate(client, b, Port.tcp(80)).explain())
        .contains("ports: TCP/80 is not in [TCP/http]\n        named port http is TCP/8080 on pod default/web-b");
    assertThat(c.evaluate(client, none, Port.tcp(80)).explain())
        .contains("named port http: pod default/web-c declares no TCP port named http");
  }

  @Test
  void ports_namedPortInEgressRuleResolvesOnTheDestination() {
    Pod db = Pod.builder("default", "db").labels(Labels.of("app", "db")).ip(IpAddress.parse("10.0.0.30"))
        .containerPort(ContainerPort.named("pg", 5432, Protocol.TCP)).build();
    Cluster c = cluster(policy("egress", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(NetworkPolicyRule.builder().port(NetworkPolicyPort.named(Protocol.TCP, "pg")).build()).build())
        .toBuilder().pod(db).build();
    assertThat(allowed(c, client, db, Port.tcp(5432))).isTrue();
    assertThat(allowed(c, client, server, Port.tcp(5432))).isFalse();
  }

  @Test
  void ports_namedPortNeverMatchesOutsideDestination() {
    Cluster c = cluster(policy("egress", "app=client").policyTypes(PolicyType.EGRESS)
        .egress(NetworkPolicyRule.builder().port(NetworkPolicyPort.named(Protocol.TCP, "https")).build()).build());
    Verdict v = c.evaluator().evaluate(client, IpAddress.parse("93.184.216.34"), Port.tcp(443));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains("named port https never matches an address outside the cluster");
  }

  // ---- Plugin options (docs/semantics.md#plugin-options)

  @Test
  void pluginOptions_ipBlockMatchesPodAddressesByDefault() {
    Cluster c = cluster(policy("p", "app=server").ingress(NetworkPolicyRule.builder()
        .peer(IpBlockPeer.of(Cidr.parse("10.0.0.0/24"))).build()).build());
    assertThat(allowed(c, client, server, Port.tcp(80))).isTrue();
  }

  @Test
  void pluginOptions_ipBlockMatchesPodsCanBeTurnedOff() {
    Cluster c = cluster(policy("p", "app=server").ingress(NetworkPolicyRule.builder()
        .peer(IpBlockPeer.of(Cidr.parse("10.0.0.0/24"))).build()).build());
    Evaluator e = c.evaluator(EvaluationOptions.builder().ipBlockMatchesPods(false).build());
    Verdict v = e.evaluate(client, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains("option ipBlockMatchesPods is off");
  }

  @Test
  void pluginOptions_selfTrafficIsJudgedLikeAnyPairByDefault() {
    Cluster c = cluster(policy("deny", "app=server").build());
    assertThat(c.evaluate(server, server, Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void pluginOptions_selfTrafficAlwaysAllowedOption() {
    Cluster c = cluster(policy("deny", "app=server").build());
    Evaluator e = c.evaluator(EvaluationOptions.builder().selfTrafficAlwaysAllowed(true).build());
    Verdict v = e.evaluate(server, server, Port.tcp(80));
    assertThat(v.allowed()).isTrue();
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "default/server -> default/server on TCP/80: ALLOWED",
        "  egress of default/server: allowed (a pod's traffic to itself, option selfTrafficAlwaysAllowed)",
        "  ingress of default/server: allowed (a pod's traffic to itself, option selfTrafficAlwaysAllowed)"));
    assertThat(e.allowedPorts(server, server, Protocol.TCP).encloses(com.google.common.collect.Range.closed(1, 65535))).isTrue();
    assertThat(e.evaluate(client, server, Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void pluginOptions_hostNetworkPodIsNeverIsolated() {
    Pod host = Pod.builder("default", "node-agent").labels(Labels.of("app", "server"))
        .ip(IpAddress.parse("192.168.0.5")).hostNetwork(true).build();
    Cluster c = cluster(NetworkPolicy.builder("default", "deny-all").policyTypes(PolicyType.INGRESS, PolicyType.EGRESS).build())
        .toBuilder().pod(host).build();
    Verdict in = c.evaluate(client, host, Port.tcp(80));
    assertThat(in.ingress().allows()).isTrue();
    assertThat(in.explain()).contains(
        "ingress of default/node-agent: not isolated (host-network pod: no NetworkPolicy selects it)");
    assertThat(c.evaluate(host, client, Port.tcp(80)).egress().allows()).isTrue();
  }

  @Test
  void pluginOptions_hostNetworkPeerIsNotMatchedBySelectorsButByIpBlock() {
    Pod host = Pod.builder("default", "node-agent").labels(Labels.of("app", "client"))
        .ip(IpAddress.parse("192.168.0.5")).hostNetwork(true).build();
    Cluster bySelector = cluster(policy("p", "app=server")
        .ingress(from(PodPeer.pods(sel("app=client")))).build()).toBuilder().pod(host).build();
    Verdict v = bySelector.evaluate(host, server, Port.tcp(80));
    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains("pod default/node-agent uses the host network: selectors never match it");
    Cluster byBlock = cluster(policy("p", "app=server").ingress(NetworkPolicyRule.builder()
        .peer(IpBlockPeer.of(Cidr.parse("192.168.0.0/24"))).build()).build()).toBuilder().pod(host).build();
    Evaluator strict = byBlock.evaluator(EvaluationOptions.builder().ipBlockMatchesPods(false).build());
    assertThat(strict.evaluate(host, server, Port.tcp(80)).allowed()).isTrue();
  }

  @Test
  void pluginOptions_defaultsAreWhatConformanceExpects() {
    assertThat(EvaluationOptions.defaults())
        .isEqualTo(new EvaluationOptions(true, false))
        .isEqualTo(EvaluationOptions.builder().build());
  }

  // ---- Validation (docs/semantics.md#validation)

  @Test
  void validation_whatTheApiServerRejectsCannotReachTheEvaluator() {
    assertThatThrownBy(() -> NetworkPolicyPort.range(Protocol.TCP, 9000, 8000))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("endPort");
    assertThatThrownBy(() -> IpBlockPeer.of(Cidr.parse("10.0.0.0/16"), Cidr.parse("192.168.0.0/24")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("must be a strict subset of cidr 10.0.0.0/16");
    assertThatThrownBy(() -> NetworkPolicyPort.named(Protocol.TCP, "80"))
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> NetworkPolicyPort.number(Protocol.TCP, 0))
        .isInstanceOf(InvalidModelException.class);
  }

  @Test
  void neitherEndInTheClusterIsRefused() {
    Cluster c = cluster();
    assertThatThrownBy(() -> c.evaluator().evaluate(
            Party.address(IpAddress.parse("1.1.1.1")), Party.address(IpAddress.parse("8.8.8.8")), Port.tcp(53)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither end is a pod of the cluster");
  }
}
