package dev.netpol.core.eval;

import static dev.netpol.core.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.ConnectionAnswer;
import dev.netpol.core.PortQuery;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.table.Difference;
import dev.netpol.core.table.TableCheck;
import dev.netpol.core.table.TruthTable;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Answers that depend on the order of two cluster-scoped policies of one tier with the same
 * priority (docs/cluster-policies.md#ties): undefined in the verdict, the connection answer and
 * the table check, and defined where the order cannot change the answer.
 */
class UndefinedAnswersTest {
  private static final String PODS = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      status: {podIP: 10.0.0.1}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: shop, labels: {app: db}}
      status: {podIP: 10.0.0.2}
      """;

  /** An Admin policy on the db pods at priority 5 with one ingress rule from every namespace. */
  private static String admin(String name, String action, String ports) {
    return """
        ---
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: %s}
        spec:
          tier: Admin
          priority: 5
          subject: {pods: {podSelector: {matchLabels: {app: db}}}}
          ingress:
          - action: %s
            from: [{namespaces: {}}]
        %s""".formatted(name, action, ports);
  }

  private static final String PG_ONLY = "    protocols: [{tcp: {destinationPort: {number: 5432}}}]\n";

  private static Cluster cluster(String... policies) {
    return Cluster.fromYaml(PODS + String.join("", policies));
  }

  private static Verdict webToDb(Cluster cluster, Port port) {
    Pod web = cluster.pod("shop/web").orElseThrow();
    Pod db = cluster.pod("shop/db").orElseThrow();
    return cluster.evaluate(web, db, port);
  }

  @Test
  void acceptAndDenyAtTheSamePriorityMakeTheAnswerUndefinedAndNameBothPolicies() {
    Verdict v = webToDb(cluster(admin("a-accept", "Accept", ""), admin("b-deny", "Deny", "")),
        Port.tcp(5432));

    assertThat(v.undefined()).isTrue();
    assertThat(v.tiedPolicies()).extracting(ClusterPolicy::name)
        .containsExactly("a-accept", "b-deny");
    assertThat(v.undefinedReason()).contains(
        "the answer is undefined because ClusterNetworkPolicy a-accept and ClusterNetworkPolicy"
            + " b-deny of the Admin tier share priority 5 and both select shop/db with a rule"
            + " matching this connection (ingress of shop/db); the API leaves their order"
            + " undefined, so a cluster may apply either");
    assertThat(v.explain()).contains("warning: the answer is undefined: a-accept has the same"
        + " tier and priority as ClusterNetworkPolicy b-deny");
  }

  @Test
  void tiedPoliciesThatActAlikeLeaveTheAnswerDefined() {
    Verdict v = webToDb(cluster(admin("a-deny", "Deny", ""), admin("b-deny", "Deny", "")),
        Port.tcp(5432));

    assertThat(v.undefined()).isFalse();
    assertThat(v.undefinedReason()).isEmpty();
    assertThat(v.tiedPolicies()).isEmpty();
    assertThat(v.explain()).doesNotContain("undefined");
  }

  @Test
  void aTiedPolicyWithNoRuleMatchingTheConnectionIsNoRival() {
    Cluster c = cluster(admin("a-accept", "Accept", ""), admin("b-deny", "Deny", PG_ONLY));

    assertThat(webToDb(c, Port.tcp(5432)).undefined()).isTrue();
    assertThat(webToDb(c, Port.tcp(80)).undefined()).isFalse();
    assertThat(webToDb(c, Port.tcp(80)).explain()).doesNotContain("undefined");
  }

  @Test
  void anOrderThatChangesTheRuleButNotTheAnswerIsNotedNotUndefined() {
    // Accept, or Pass to a cluster where no NetworkPolicy and no Baseline policy denies: allowed
    // either way.
    Verdict v = webToDb(cluster(admin("a-accept", "Accept", ""), admin("b-pass", "Pass", "")),
        Port.tcp(5432));

    assertThat(v.undefined()).isFalse();
    assertThat(v.allowed()).isTrue();
    assertThat(v.explain()).contains("note: the order is undefined, but not the answer");
  }

  @Test
  void aPassTiedWithAnAcceptIsUndefinedWhenTheBaselineDenies() {
    String baselineDeny = """
        ---
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: baseline-deny}
        spec:
          tier: Baseline
          priority: 1
          subject: {namespaces: {}}
          ingress:
          - action: Deny
            from: [{namespaces: {}}]
        """;
    Verdict v = webToDb(
        cluster(admin("a-pass", "Pass", ""), admin("b-accept", "Accept", ""), baselineDeny),
        Port.tcp(5432));

    assertThat(v.undefined()).isTrue();
    assertThat(v.allowed()).as("netpol's order: a-pass first, then the Baseline Deny").isFalse();
  }

  @Test
  void aConnectionAnswerIsUndefinedOnASinglePortAndAnywhereInARange() {
    Cluster c = cluster(admin("a-accept", "Accept", ""), admin("b-deny", "Deny", PG_ONLY));

    ConnectionAnswer one = c.answer(pod("shop/web"), pod("shop/db"), PortQuery.of(Port.tcp(5432)));
    ConnectionAnswer other = c.answer(pod("shop/web"), pod("shop/db"), PortQuery.of(Port.tcp(80)));
    ConnectionAnswer range =
        c.answer(pod("shop/web"), pod("shop/db"), PortQuery.range(Protocol.TCP, 5000, 6000));
    ConnectionAnswer below =
        c.answer(pod("shop/web"), pod("shop/db"), PortQuery.range(Protocol.TCP, 1, 5431));

    assertThat(one.undefined()).isTrue();
    assertThat(one.breaking(true)).hasSize(1);
    assertThat(one.breaking(false)).hasSize(1);
    assertThat(other.undefined()).isFalse();
    assertThat(range.undefined()).isTrue();
    assertThat(range.undefinedPairs().get(0).tiedPolicies()).extracting(ClusterPolicy::name)
        .containsExactly("a-accept", "b-deny");
    assertThat(range.undefinedPairs().get(0).undefinedExample().orElseThrow().port())
        .isEqualTo(Port.tcp(5432));
    assertThat(range.undefinedPairs().get(0).explain(true))
        .startsWith("shop/web -> shop/db: undefined on TCP/5432; for example:");
    assertThat(below.undefined()).isFalse();
  }

  @Test
  void aTableCellWhoseAnswerIsUndefinedFailsWhateverItExpects() {
    Cluster c = cluster(admin("a-accept", "Accept", ""), admin("b-deny", "Deny", ""));
    for (String cell : new String[] {"X", "."}) {
      TruthTable table = TruthTable.parse("tables/pg.txt", """
          # port: TCP/5432
                    shop/db
          shop/web  %s
          """.formatted(cell));
      TableCheck check = TableCheck.of(table, c);

      Optional<Difference> d = check.check(table.cells().get(0));

      assertThat(d).isPresent();
      assertThat(d.get().undefined()).isTrue();
      assertThat(d.get().describe())
          .startsWith("tables/pg.txt:3: shop/web -> shop/db: expected " + cell
              + ", but the answer is undefined\n")
          .contains("ClusterNetworkPolicy a-accept and ClusterNetworkPolicy b-deny of the Admin"
              + " tier share priority 5");
      assertThat(check.compare().matches()).isFalse();
    }
  }
}
