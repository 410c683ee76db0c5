package dev.netpol.core.eval;

import static dev.netpol.core.eval.Fixtures.pod;
import static dev.netpol.core.eval.Fixtures.sel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering of cluster-scoped policies (docs/cluster-policies.md#layers), one case each: the
 * consequences the upstream conformance suite checks, and the corners it does not.
 */
class TierLayeringTest {
  private final Pod web =
      Pod.builder("tenant-a", "web")
          .labels(Labels.of("app", "web"))
          .ip(IpAddress.parse("10.0.0.1"))
          .build();
  private final Pod db =
      Pod.builder("tenant-a", "db")
          .labels(Labels.of("app", "db"))
          .ip(IpAddress.parse("10.0.0.2"))
          .containerPort(ContainerPort.named("pg", 5432, Protocol.TCP))
          .build();
  private final Pod intruder = pod("tenant-b/intruder", "10.0.1.1", "app", "web");
  private final Pod agent =
      Pod.builder("kube-system", "agent").hostNetwork(true).node("worker-1")
          .ip(IpAddress.parse("192.168.0.10")).build();
  private static final Port PG = Port.tcp(5432);

  // ---------------------------------------------------------------- builders

  private static ClusterPolicy.Builder cnp(String name, Tier tier, int priority) {
    return ClusterPolicy.builder("ClusterNetworkPolicy", name).tier(tier).priority(priority);
  }

  private static ClusterPolicy.Builder anp(String name, int priority) {
    return ClusterPolicy.builder("AdminNetworkPolicy", name).priority(priority);
  }

  private static ClusterRule rule(
      ClusterRuleAction action, ClusterPeer peer, ClusterPort... ports) {
    String word =
        action == ClusterRuleAction.ACCEPT ? "Accept" : action == ClusterRuleAction.DENY
            ? "Deny" : "Pass";
    ClusterRule.Builder b = ClusterRule.builder(action, word).peer(peer);
    for (ClusterPort p : ports) {
      b.port(p);
    }
    return b.build();
  }

  private static ClusterPeer namespaces(String selector) {
    return new ClusterPeer.Namespaces(sel(selector));
  }

  private static ClusterSubject podsOf(String podSelector) {
    return ClusterSubject.pods(LabelSelector.everything(), sel(podSelector));
  }

  private static final ClusterPeer ALL_NAMESPACES =
      new ClusterPeer.Namespaces(LabelSelector.everything());

  /** A NetworkPolicy isolating db for ingress and admitting only app=web of its namespace. */
  private static NetworkPolicy onlyWebToDb() {
    return NetworkPolicy.builder("tenant-a", "only-web")
        .podSelector(sel("app=db"))
        .ingress(NetworkPolicyRule.builder().peer(PodPeer.pods(sel("app=web"))).build())
        .build();
  }

  /** A NetworkPolicy isolating db for ingress with no rule. */
  private static NetworkPolicy denyAllToDb() {
    return NetworkPolicy.builder("tenant-a", "deny-all")
        .podSelector(sel("app=db"))
        .policyTypes(PolicyType.INGRESS)
        .build();
  }

  private Cluster cluster(Object... objects) {
    Cluster.Builder b =
        Cluster.builder()
            .namespace(Namespace.of("tenant-a", Labels.of("tenant", "a")))
            .namespace(Namespace.of("tenant-b", Labels.of("tenant", "b")))
            .namespace(Namespace.of("kube-system"))
            .pod(web)
            .pod(db)
            .pod(intruder)
            .pod(agent);
    for (Object o : objects) {
      if (o instanceof ClusterPolicy c) {
        b.clusterPolicy(c);
      } else if (o instanceof NetworkPolicy n) {
        b.policy(n);
      } else {
        b.node((Node) o);
      }
    }
    return b.build();
  }

  private static boolean allowed(Cluster c, Pod s, Pod d, Port port) {
    return c.evaluate(s, d, port).allowed();
  }

  private static ClusterPolicy adminDenyAllToDb(int priority) {
    return cnp("deny-db", Tier.ADMIN, priority)
        .subject(podsOf("app=db"))
        .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
        .build();
  }

  // ---------------------------------------------------------------- Admin tier

  @Test
  void adminDenyIsFinalEvenWhenANetworkPolicyAllows() {
    Cluster c = cluster(onlyWebToDb(), adminDenyAllToDb(10));
    assertThat(allowed(c, web, db, PG)).isFalse();
  }

  @Test
  void adminAcceptIsFinalEvenWhenANetworkPolicyIsolatesWithoutAllowing() {
    ClusterPolicy accept =
        cnp("let-web", Tier.ADMIN, 10)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, namespaces("tenant=b")))
            .build();
    Cluster c = cluster(denyAllToDb(), accept);
    assertThat(allowed(c, intruder, db, PG)).isTrue();
    assertThat(allowed(c, web, db, PG)).isFalse();
  }

  @Test
  void firstMatchingRuleOfAPolicyDecidesSoRuleOrderMatters() {
    ClusterRule accept = rule(ClusterRuleAction.ACCEPT, namespaces("tenant=a"));
    ClusterRule deny = rule(ClusterRuleAction.DENY, ALL_NAMESPACES);
    ClusterPolicy acceptFirst =
        cnp("p", Tier.ADMIN, 1).subject(podsOf("app=db")).ingress(accept).ingress(deny).build();
    ClusterPolicy denyFirst =
        cnp("p", Tier.ADMIN, 1).subject(podsOf("app=db")).ingress(deny).ingress(accept).build();
    assertThat(allowed(cluster(acceptFirst), web, db, PG)).isTrue();
    assertThat(allowed(cluster(denyFirst), web, db, PG)).isFalse();
  }

  @Test
  void lowerPriorityNumberIsConsultedFirst() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 60)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, ALL_NAMESPACES))
            .build();
    ClusterPolicy deny = adminDenyAllToDb(50);
    assertThat(allowed(cluster(pass, deny), web, db, PG)).isFalse();
    ClusterPolicy raised =
        cnp("pass", Tier.ADMIN, 40)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, ALL_NAMESPACES))
            .build();
    assertThat(allowed(cluster(raised, deny), web, db, PG)).isTrue();
  }

  @Test
  void passSkipsTheRestOfTheAdminTierAndANetworkPolicyThenAllows() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, namespaces("tenant=a")))
            .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .build();
    Cluster c = cluster(onlyWebToDb(), pass, adminDenyAllToDb(2), baselineDenyAll());
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, intruder, db, PG)).isFalse();
  }

  @Test
  void passFollowedByANetworkPolicyThatIsolatesWithoutAllowingDenies() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, ALL_NAMESPACES))
            .build();
    ClusterPolicy baselineAccept =
        cnp("base-accept", Tier.BASELINE, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, ALL_NAMESPACES))
            .build();
    assertThat(allowed(cluster(denyAllToDb(), pass, baselineAccept), web, db, PG)).isFalse();
  }

  @Test
  void egressAcceptStillNeedsTheDestinationsIngress() {
    ClusterPolicy egressAccept =
        cnp("web-out", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(rule(ClusterRuleAction.ACCEPT, ALL_NAMESPACES))
            .build();
    Verdict v = cluster(denyAllToDb(), egressAccept).evaluate(web, db, PG);
    assertThat(v.egress().allows()).isTrue();
    assertThat(v.allowed()).isFalse();
  }

  @Test
  void aClusterPolicyWithoutRulesForADirectionLeavesItAlone() {
    ClusterPolicy egressOnly =
        cnp("egress-only", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .egress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .build();
    Verdict v = cluster(egressOnly).evaluate(web, db, PG);
    assertThat(v.allowed()).isTrue();
    assertThat(v.ingress()).isInstanceOf(DirectionVerdict.NotIsolated.class);
  }

  // ---------------------------------------------------------------- Baseline tier

  private static ClusterPolicy baselineDenyAll() {
    return cnp("baseline-deny", Tier.BASELINE, 100)
        .subject(ClusterSubject.namespaces(LabelSelector.everything()))
        .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
        .build();
  }

  @Test
  void passWithoutNetworkPolicyReachesABaselineDeny() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, ALL_NAMESPACES))
            .build();
    assertThat(allowed(cluster(pass, baselineDenyAll()), web, db, PG)).isFalse();
  }

  @Test
  void baselineMattersOnlyWhereNoNetworkPolicyIsolates() {
    Cluster c = cluster(onlyWebToDb(), baselineDenyAll());
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, db, web, PG)).isFalse();
  }

  @Test
  void baselinePassGoesToTheDefaultAllow() {
    ClusterPolicy pass =
        cnp("base-pass", Tier.BASELINE, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, namespaces("tenant=a")))
            .build();
    Cluster c = cluster(pass, baselineDenyAll());
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, intruder, db, PG)).isFalse();
  }

  @Test
  void severalBaselinePoliciesAreConsultedByPriority() {
    ClusterPolicy accept =
        cnp("base-accept", Tier.BASELINE, 5)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, namespaces("tenant=b")))
            .build();
    Cluster c = cluster(accept, baselineDenyAll());
    assertThat(allowed(c, intruder, db, PG)).isTrue();
    assertThat(allowed(c, web, db, PG)).isFalse();
  }

  @Test
  void baselineAdminNetworkPolicyAllowIsFinal() {
    ClusterPolicy banp =
        ClusterPolicy.builder("BaselineAdminNetworkPolicy", "default")
            .subject(ClusterSubject.namespaces(LabelSelector.everything()))
            .ingress(
                ClusterRule.builder(ClusterRuleAction.ACCEPT, "Allow")
                    .peer(namespaces("tenant=a"))
                    .build())
            .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .build();
    Cluster c = cluster(banp);
    assertThat(banp.tier()).isEqualTo(Tier.BASELINE);
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, intruder, db, PG)).isFalse();
  }

  // ---------------------------------------------------------------- peers

  @Test
  void networksDenyAllBlocksPodToPodButAnEarlierAcceptForAPodAddressWins() {
    ClusterPolicy policy =
        cnp("egress", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(
                rule(ClusterRuleAction.ACCEPT, ClusterPeer.Networks.of(Cidr.parse("10.0.0.2/32"))))
            .egress(rule(ClusterRuleAction.DENY, ClusterPeer.Networks.of(Cidr.parse("0.0.0.0/0"))))
            .build();
    Cluster c = cluster(policy);
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, web, intruder, PG)).isFalse();
    assertThat(c.evaluator().evaluate(web, IpAddress.parse("8.8.8.8"), PG).allowed()).isFalse();
  }

  @Test
  void namespaceLabelsDecideWhichNamespaceSelectorsMatch() {
    ClusterPolicy deny =
        cnp("deny-b", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.DENY, namespaces("tenant=b")))
            .build();
    assertThat(allowed(cluster(deny), intruder, db, PG)).isFalse();
    Cluster relabelled =
        Cluster.builder()
            .namespace(Namespace.of("tenant-a", Labels.of("tenant", "a")))
            .namespace(Namespace.of("tenant-b", Labels.of("tenant", "c")))
            .pod(db)
            .pod(intruder)
            .clusterPolicy(deny)
            .build();
    assertThat(allowed(relabelled, intruder, db, PG)).isTrue();
  }

  @Test
  void hostNetworkPodsAreNeverSubjectsAndOnlyNetworksOrNodesMatchThem() {
    ClusterPolicy denyEverything =
        cnp("deny", Tier.ADMIN, 1)
            .subject(ClusterSubject.namespaces(LabelSelector.everything()))
            .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .egress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .build();
    Cluster c = cluster(denyEverything);
    // agent's egress is not judged (not a subject) and no namespaces peer matches it.
    assertThat(allowed(c, agent, agent, PG)).isTrue();
    assertThat(c.evaluate(agent, db, PG).egress())
        .isInstanceOf(DirectionVerdict.NotIsolated.class);
    assertThat(allowed(c, agent, db, PG)).isTrue();
    ClusterPolicy denyNodes =
        cnp("deny-nodes", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(rule(ClusterRuleAction.DENY, new ClusterPeer.Nodes(sel("role=worker"))))
            .build();
    Node worker = Node.of("worker-1", Labels.of("role", "worker"), List.of());
    assertThat(allowed(cluster(denyNodes, worker), web, agent, PG)).isFalse();
    assertThat(allowed(cluster(denyNodes), web, agent, PG))
        .as("without Node objects a nodes peer matches nothing")
        .isTrue();
  }

  @Test
  void nodesPeerMatchesANodeAddress() {
    ClusterPolicy denyNodes =
        cnp("deny-nodes", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(rule(ClusterRuleAction.DENY, new ClusterPeer.Nodes(LabelSelector.everything())))
            .build();
    Node worker =
        Node.of("worker-2", Labels.empty(), List.of(IpAddress.parse("192.168.0.20")));
    Cluster c = cluster(denyNodes, worker);
    assertThat(c.evaluator().evaluate(web, IpAddress.parse("192.168.0.20"), PG).allowed())
        .isFalse();
    assertThat(c.evaluator().evaluate(web, IpAddress.parse("192.168.0.21"), PG).allowed())
        .isTrue();
  }

  @Test
  void domainNamesNeverMatchAPodOrAnAddress() {
    ClusterPolicy policy =
        cnp("dns", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(
                rule(
                    ClusterRuleAction.DENY,
                    new ClusterPeer.DomainNames(ImmutableList.of("*.example.com"))))
            .build();
    Cluster c = cluster(policy);
    assertThat(allowed(c, web, db, PG)).isTrue();
    Verdict out = c.evaluator().evaluate(web, IpAddress.parse("93.184.216.34"), PG);
    assertThat(out.allowed()).isTrue();
    assertThat(out.explain())
        .contains(
            "note: domainNames peers (ClusterNetworkPolicy dns rule egress[0]) never match a pod"
                + " or an address");
  }

  @Test
  void anUnknownPeerFailsClosed() {
    ClusterPeer unknown = new ClusterPeer.Unknown(ImmutableList.of("sameLabels"));
    ClusterPolicy accept =
        cnp("accept", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, unknown))
            .build();
    assertThat(allowed(cluster(denyAllToDb(), accept), web, db, PG))
        .as("an Accept with an unknown peer matches nothing")
        .isFalse();
    ClusterPolicy deny =
        cnp("deny", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.DENY, unknown))
            .build();
    assertThat(allowed(cluster(deny), web, db, PG))
        .as("a Deny with an unknown peer matches everything")
        .isFalse();
  }

  // ---------------------------------------------------------------- ports

  @Test
  void portRangesAndNamedPortsFilterTheRule() {
    ClusterPolicy policy =
        cnp("ports", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, ALL_NAMESPACES, ClusterPort.named("pg")))
            .ingress(
                rule(
                    ClusterRuleAction.DENY,
                    ALL_NAMESPACES,
                    ClusterPort.range(Protocol.TCP, 1, 9999)))
            .build();
    Cluster c = cluster(policy);
    assertThat(allowed(c, web, db, PG)).isTrue();
    assertThat(allowed(c, web, db, Port.tcp(5433))).isFalse();
    assertThat(allowed(c, web, db, Port.tcp(10000))).isTrue();
    assertThat(allowed(c, web, db, Port.udp(53))).isTrue();
    assertThat(c.evaluator().allowedPorts(web, db, Protocol.TCP))
        .isEqualTo(
            ImmutableRangeSet.<Integer>builder()
                .add(Range.singleton(5432))
                .add(Range.closed(10000, 65535))
                .build());
  }

  @Test
  void allowedPortsFollowPassThroughANetworkPolicy() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(
                rule(
                    ClusterRuleAction.PASS,
                    ALL_NAMESPACES,
                    ClusterPort.range(Protocol.TCP, 1, 100)))
            .ingress(
                rule(
                    ClusterRuleAction.ACCEPT,
                    ALL_NAMESPACES,
                    ClusterPort.number(Protocol.TCP, 50)))
            .build();
    // Ports 1..100 go on to deny-all (denied); 101.. are not matched: denied by deny-all too.
    Cluster c = cluster(denyAllToDb(), pass);
    assertThat(c.evaluator().allowedPorts(web, db, Protocol.TCP).isEmpty()).isTrue();
    assertThat(allowed(c, web, db, Port.tcp(50))).isFalse();
  }

  @Test
  void allowedDestinationsApplyANetworksDeny() {
    ClusterPolicy policy =
        cnp("egress", Tier.ADMIN, 1)
            .subject(podsOf("app=web"))
            .egress(rule(ClusterRuleAction.DENY, ClusterPeer.Networks.of(Cidr.parse("8.0.0.0/8"))))
            .build();
    Evaluator e = cluster(policy).evaluator();
    ImmutableRangeSet<IpAddress> out =
        e.allowedDestinations(web, PG, Cidr.parse("0.0.0.0/0"));
    assertThat(out.contains(IpAddress.parse("8.8.8.8"))).isFalse();
    assertThat(out.contains(IpAddress.parse("9.9.9.9"))).isTrue();
    assertThat(e.addressAtoms(Cidr.parse("0.0.0.0/0")))
        .contains(Range.closed(IpAddress.parse("8.0.0.0"), IpAddress.parse("8.255.255.255")));
  }

  // ---------------------------------------------------------------- hairpin and ties

  @Test
  void hairpinIsExemptFromClusterNetworkPolicyButNotFromAdminNetworkPolicy() {
    EvaluationOptions strict = EvaluationOptions.builder().selfTrafficAlwaysAllowed(false).build();
    ClusterPolicy cnpDeny = adminDenyAllToDb(1);
    ClusterPolicy anpDeny =
        anp("deny-db", 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.DENY, ALL_NAMESPACES))
            .build();
    assertThat(cluster(cnpDeny).evaluator(strict).evaluate(db, db, PG).allowed()).isTrue();
    assertThat(cluster(anpDeny).evaluator(strict).evaluate(db, db, PG).allowed()).isFalse();
  }

  @Test
  void samePriorityOverlapIsResolvedByNameAndFlagged() {
    ClusterPolicy accept =
        cnp("a-accept", Tier.ADMIN, 5)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.ACCEPT, ALL_NAMESPACES))
            .build();
    ClusterPolicy deny = adminDenyAllToDb(5);
    Verdict v = cluster(deny, accept).evaluate(web, db, PG);
    assertThat(v.allowed()).isTrue();
    assertThat(((DirectionVerdict.Layered) v.ingress()).tied()).isTrue();
    assertThat(v.explain()).contains("the answer is undefined");
  }

  // ---------------------------------------------------------------- explanations and guards

  @Test
  void explanationNamesTheDecidingRuleWithKindTierPriorityAndName() {
    ClusterPolicy isolation =
        cnp("tenant-isolation", Tier.ADMIN, 10)
            .subject(ClusterSubject.namespaces(sel("tenant")))
            .ingress(rule(ClusterRuleAction.PASS, namespaces("tenant=a")))
            .ingress(
                ClusterRule.builder(ClusterRuleAction.DENY, "Deny")
                    .name("deny-other-tenants")
                    .peer(namespaces("tenant notin (a)"))
                    .build())
            .build();
    Verdict v = cluster(isolation).evaluate(intruder, db, PG);
    assertThat(v.explain())
        .isEqualTo(
            "tenant-b/intruder -> tenant-a/db on TCP/5432: DENIED\n"
                + "  egress of tenant-b/intruder: not isolated (no NetworkPolicy in tenant-b"
                + " selects it for egress)\n"
                + "  ingress of tenant-a/db: DENIED by ClusterNetworkPolicy tenant-isolation"
                + " (Admin, priority 10) rule ingress[1] \"deny-other-tenants\" (Deny): from"
                + " matched namespaces {tenant notin (a)}");
  }

  @Test
  void explanationShowsEachLayerAfterAPass() {
    ClusterPolicy pass =
        cnp("pass", Tier.ADMIN, 1)
            .subject(podsOf("app=db"))
            .ingress(rule(ClusterRuleAction.PASS, ALL_NAMESPACES))
            .build();
    String text = cluster(pass, baselineDenyAll()).evaluate(web, db, PG).explain();
    assertThat(text)
        .contains("ingress of tenant-a/db: denied")
        .contains("Admin tier: passed by ClusterNetworkPolicy pass (Admin, priority 1)")
        .contains("NetworkPolicy: not isolated")
        .contains("Baseline tier: DENIED by ClusterNetworkPolicy baseline-deny (Baseline,"
            + " priority 100) rule ingress[0] (Deny)");
  }

  @Test
  void theEngineAnswersThroughTheTiersAsTheEvaluatorDoes() {
    Cluster c = cluster(onlyWebToDb(), adminDenyAllToDb(10));
    dev.netpol.core.reach.ReachabilityMatrix m = c.reachability();
    assertThat(m.allowed(web, db, PG)).isFalse();
    assertThat(c.evaluate(web, db, PG).allowed()).isFalse();
    Cluster passing = cluster(onlyWebToDb(), baselineDenyAll());
    assertThat(passing.reachability().allowed(web, db, PG))
        .as("the NetworkPolicy isolating db decides before the Baseline tier")
        .isTrue();
  }
}
