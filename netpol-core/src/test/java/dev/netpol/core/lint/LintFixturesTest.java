package dev.netpol.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One fixture folder of deliberate mistakes per check (src/test/resources/netpol/lint/CODE), and
 * the exact findings each must give: code, file:line:column, field path, and the facts of the
 * message. A folder gives its own code's findings and no other.
 */
class LintFixturesTest {
  private static final String DIR = "classpath:netpol/lint/";

  private static List<Finding> lint(String code) {
    return Cluster.fromClasspath("netpol/lint/" + code).lint();
  }

  /** {@code code file:line:col fieldPath}, one per finding. */
  private static List<String> located(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.code() + " " + f.location().orElseThrow().toString().replace(DIR, "") + " "
            + f.fieldPath())
        .collect(Collectors.toList());
  }

  @Test
  void policySelectingNoPodIsFoundAtItsPodSelectorWithTheNearestLabels() {
    List<Finding> findings = lint("policy-selects-no-pod");
    assertThat(located(findings))
        .containsExactly("policy-selects-no-pod policy-selects-no-pod/policy.yaml:8:3"
            + " spec.podSelector");
    assertThat(findings.get(0).message())
        .isEqualTo("podSelector app=wbe matches no pod in shop, so NetworkPolicy shop/allow-web"
            + " protects nothing; nearest: app=web");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(findings.get(0).object()).isEqualTo("NetworkPolicy shop/allow-web");
  }

  @Test
  void peersMatchingNoPodOrNoNamespaceAreFoundAtTheSelectorThatFails() {
    List<Finding> findings = lint("peer-matches-nothing");
    assertThat(located(findings)).containsExactly(
        "peer-matches-nothing peer-matches-nothing/policy.yaml:14:7"
            + " spec.ingress[0].from[0].podSelector",
        "peer-matches-nothing peer-matches-nothing/policy.yaml:18:7"
            + " spec.ingress[1].from[0].namespaceSelector");
    assertThat(findings.get(0).message()).contains("podSelector app=apo matches no pod in shop")
        .endsWith("nearest: app=api");
    assertThat(findings.get(1).message())
        .contains("namespaceSelector team=nobody matches no namespace")
        .endsWith("no namespace has a label team");
  }

  @Test
  void undeclaredNamedPortAndExceptCoveringTheBlockAdmitNothing() {
    List<Finding> findings = lint("rule-admits-nothing");
    assertThat(located(findings)).containsExactly(
        "rule-admits-nothing rule-admits-nothing/policy.yaml:17:7 spec.ingress[0].ports[0].port",
        "rule-admits-nothing rule-admits-nothing/policy.yaml:21:9"
            + " spec.ingress[1].from[0].ipBlock.except");
    assertThat(findings.get(0).message())
        .isEqualTo("named port metrics (TCP) is declared by none of the 1 pod this rule's"
            + " connections go to (shop/web), so this port entry matches nothing and the rule"
            + " admits nothing");
    assertThat(findings.get(1).message())
        .isEqualTo("except [10.0.0.0/9, 10.128.0.0/9] covers all of cidr 10.0.0.0/8, so this"
            + " peer admits no address");
  }

  @Test
  void ruleCoveredByAnEarlierRuleIsRedundantAndNamesTheRuleThatCoversIt() {
    List<Finding> findings = lint("redundant-rule");
    assertThat(located(findings))
        .containsExactly("redundant-rule redundant-rule/policy.yaml:20:5 spec.ingress[1]");
    assertThat(findings.get(0).message())
        .isEqualTo("every connection spec.ingress[1] admits is already admitted, for every pod"
            + " NetworkPolicy shop/allow-web selects, by spec.ingress[0], so removing it changes"
            + " no verdict");
  }

  @Test
  void policyWhoseRemovalChangesNothingIsRedundantButNotThePolicyThatCoversIt() {
    List<Finding> findings = lint("redundant-policy");
    assertThat(located(findings))
        .containsExactly("redundant-policy redundant-policy/policies.yaml:26:1 ");
    assertThat(findings.get(0).message())
        .isEqualTo("removing NetworkPolicy shop/allow-api-again changes no verdict and no pod's"
            + " isolation: the pods it selects are isolated for ingress by allow-web too, and"
            + " each of its rules is covered by NetworkPolicy shop/allow-web spec.ingress[0]");
  }

  @Test
  void rulesOfADirectionLeftOutOfPolicyTypesAreIgnored() {
    List<Finding> findings = lint("rules-ignored-by-policy-types");
    assertThat(located(findings)).containsExactly(
        "rules-ignored-by-policy-types rules-ignored-by-policy-types/policy.yaml:18:3"
            + " spec.egress");
    assertThat(findings.get(0).message())
        .isEqualTo("spec.policyTypes [Ingress] leaves out Egress, so the 1 egress rule is"
            + " ignored and NetworkPolicy shop/web does not isolate Egress");
  }

  @Test
  void egressIsolationWithoutAnyDnsIsAnError() {
    List<Finding> findings = lint("egress-without-dns");
    assertThat(located(findings)).containsExactly(
        "egress-without-dns egress-without-dns/policy.yaml:11:3 spec.policyTypes");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(findings.get(0).message())
        .startsWith("1 pod whose egress NetworkPolicy shop/web-egress isolates (shop/web) may"
            + " reach no DNS server");
  }

  @Test
  void dnsOverUdpOnlyIsAHint() {
    List<Finding> findings = lint("dns-without-tcp");
    assertThat(located(findings))
        .containsExactly("dns-without-tcp dns-without-tcp/policy.yaml:11:3 spec.policyTypes");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.HINT);
    assertThat(findings.get(0).message()).contains("may ask DNS over UDP only");
  }

  @Test
  void ipBlockOverADeclaredPodAddressNamesThePod() {
    List<Finding> findings = lint("ipblock-covers-pods");
    assertThat(located(findings)).containsExactly(
        "ipblock-covers-pods ipblock-covers-pods/manifests.yaml:47:9"
            + " spec.ingress[0].from[0].ipBlock.cidr");
    assertThat(findings.get(0).message())
        .startsWith("ipBlock 10.1.0.5/32 covers the declared address of 1 pod (shop/api at"
            + " 10.1.0.5)");
  }

  @Test
  void ingressFromEveryAddressWithoutExceptIsFound() {
    List<Finding> findings = lint("ingress-from-anywhere");
    assertThat(located(findings)).containsExactly(
        "ingress-from-anywhere ingress-from-anywhere/policy.yaml:14:9"
            + " spec.ingress[0].from[0].ipBlock.cidr");
    assertThat(findings.get(0).message()).endsWith("on [TCP/8080]");
  }

  @Test
  void namespaceSelectorAndPodSelectorAsTwoEntriesIsAHintAtThePodSelectorEntry() {
    List<Finding> findings = lint("split-peer-entries");
    assertThat(located(findings)).containsExactly(
        "split-peer-entries split-peer-entries/policy.yaml:16:7 spec.egress[0].to[1]");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.HINT);
    assertThat(findings.get(0).message())
        .startsWith("to[0] {namespaceSelector: {}} and to[1] {podSelector: k8s-app=kube-dns}"
            + " are two entries, ORed");
  }

  @Test
  void workloadLeftOpenWhereTwoThirdsAreIsolatedIsAGap() {
    List<Finding> findings = lint("isolation-gap");
    assertThat(located(findings))
        .containsExactly("isolation-gap isolation-gap/manifests.yaml:45:1 ");
    assertThat(findings.get(0).object()).isEqualTo("Deployment shop/db");
    assertThat(findings.get(0).message())
        .startsWith("the pod of Deployment shop/db (db-0) is isolated for ingress by no"
            + " NetworkPolicy, while 2 of the 3 workloads of namespace shop are (by api, web)");
  }

  @Test
  void clusterPoliciesTiedAtOnePriorityOverACommonPodAreFoundOnce() {
    List<Finding> findings = lint("cluster-priority-tie");
    assertThat(located(findings)).containsExactly(
        "cluster-priority-tie cluster-priority-tie/policies.yaml:8:3 spec.priority");
    assertThat(findings.get(0).message()).contains("both select pod shop/web");
  }

  @Test
  void clusterRuleAfterARuleMatchingEverythingItMatchesIsShadowed() {
    List<Finding> findings = lint("cluster-rule-shadowed");
    assertThat(located(findings)).containsExactly(
        "cluster-rule-shadowed cluster-rule-shadowed/policy.yaml:18:5 spec.ingress[1]");
    assertThat(findings.get(0).message())
        .contains("spec.ingress[0] \"all-namespaces\" (Accept) matches first")
        .endsWith("so its Deny never applies");
  }

  @Test
  void passWithNoNetworkPolicyNorBaselineBelowIsFound() {
    List<Finding> findings = lint("pass-into-nothing");
    assertThat(located(findings)).containsExactly(
        "pass-into-nothing pass-into-nothing/policy.yaml:16:5 spec.ingress[0].action");
  }

  @Test
  void everyCodeHasAFixtureFolder() {
    for (LintCode code : LintCode.values()) {
      assertThat(lint(code.code())).as(code.code()).isNotEmpty()
          .allSatisfy(f -> assertThat(f.code()).isEqualTo(code));
    }
  }
}
