package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import org.junit.jupiter.api.Test;

/** hasNoFindings / hasNoFindingsExcept: cluster.lint() as an assertion. */
class LintAssertionsTest {
  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec: {containers: [{name: web, image: nginx}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: api, namespace: shop, labels: {app: api}}
      spec: {containers: [{name: api, image: api}]}
      ---
      """;

  private static final Cluster CLEAN = Cluster.fromYaml(PODS + """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: api}}}]
      """);

  private static final Cluster OPEN_TO_ALL = Cluster.fromYaml(PODS + """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
          ports: [{port: 443}]
      """);

  @Test
  void hasNoFindingsPassesWhenLintFindsNothing() {
    assertThat(CLEAN).hasNoFindings();
  }

  @Test
  void hasNoFindingsListsEachFindingWithCodeLocationMessageAndFix() {
    assertThatThrownBy(() -> assertThat(OPEN_TO_ALL).hasNoFindings())
        .hasMessage(String.join("\n",
            "expected Cluster[1 namespaces, 2 pods, 0 workloads, 0 services, 1 policies] to have no"
                + " lint findings, but found 1:",
            "<string>:17:23: NetworkPolicy shop/web: spec.ingress[0].from[0].ipBlock.cidr: warning"
                + " ingress-from-anywhere:",
            "  ipBlock 0.0.0.0/0 without except admits every address, outside the cluster and"
                + " inside it, to the pods NetworkPolicy shop/web selects, on [TCP/443]",
            "  fix: narrow cidr to the addresses that must connect, or, if only the internet is"
                + " meant, add the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) to"
                + " except"));
  }

  @Test
  void hasNoFindingsExceptLetsTheNamedCodesThrough() {
    assertThat(OPEN_TO_ALL).hasNoFindingsExcept("ingress-from-anywhere");
  }

  @Test
  void hasNoFindingsExceptStillFailsOnOtherCodesAndSaysWhichWereExcepted() {
    assertThatThrownBy(() -> assertThat(OPEN_TO_ALL).hasNoFindingsExcept("redundant-rule"))
        .hasMessageStartingWith("expected Cluster[1 namespaces, 2 pods, 0 workloads, 0 services,"
            + " 1 policies] to have no lint findings except [redundant-rule], but found 1:")
        .hasMessageContaining("warning ingress-from-anywhere:");
  }

  @Test
  void hasNoFindingsExceptRefusesAnUnknownCodeSoATypoLetsNothingThrough() {
    assertThatThrownBy(() -> assertThat(OPEN_TO_ALL).hasNoFindingsExcept("ingress-from-anywere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown lint code \"ingress-from-anywere\"; the codes are"
            + " [policy-selects-no-pod, ");
  }

  @Test
  void asDescriptionPrefixesTheFindings() {
    assertThatThrownBy(() -> assertThat(OPEN_TO_ALL).as("shop policies").hasNoFindings())
        .hasMessageStartingWith("[shop policies] expected Cluster[");
  }
}
