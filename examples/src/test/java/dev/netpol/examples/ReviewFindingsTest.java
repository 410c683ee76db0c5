package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.lint.Finding;
import dev.netpol.core.lint.Severity;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A pull request a reviewer would send back (manifests/review): one deliberate mistake per file,
 * each found by {@code cluster.lint()} at its line (docs/lint.md), and what the mistakes open up,
 * found by the exposure assertions (docs/exposure.md). Run {@code netpol lint} or {@code netpol
 * report} on the folder to see the same findings from a terminal.
 */
class ReviewFindingsTest {
  private static final String DIR = "classpath:manifests/review/";
  private static final Cluster CLUSTER = Cluster.fromClasspath("manifests/review");

  /** {@code code file:line field}, one per finding, in the order lint gives them. */
  private static List<String> located() {
    return CLUSTER.lint().stream()
        .map(f -> f.code() + " " + f.location().orElseThrow().toString().replace(DIR, "")
            + " " + f.fieldPath())
        .collect(Collectors.toList());
  }

  @Test
  void everyMistakeIsFoundAtItsLineAndNothingElse() {
    assertThat(located()).containsExactly(
        "split-peer-entries api-egress.yaml:16:7 spec.egress[0].to[1]",
        "peer-matches-nothing api-egress.yaml:16:7 spec.egress[0].to[1].podSelector",
        "rule-admits-nothing api-ingress.yaml:20:7 spec.ingress[1].ports[0].port",
        "policy-selects-no-pod cache-typo.yaml:9:3 spec.podSelector",
        "rules-ignored-by-policy-types db-egress.yaml:16:3 spec.egress",
        "redundant-rule db-ingress.yaml:16:5 spec.ingress[1]",
        "egress-without-dns web-egress.yaml:11:3 spec.policyTypes",
        "ingress-from-anywhere web-from-anywhere.yaml:13:9 spec.ingress[0].from[0].ipBlock.cidr",
        "isolation-gap workloads.yaml:51:1 ");
  }

  @Test
  void egressIsolationWithoutDnsIsTheOneError() {
    List<Finding> errors = CLUSTER.lint().stream()
        .filter(f -> f.severity() == Severity.ERROR).toList();
    assertThat(errors).singleElement().satisfies(f -> {
      assertThat(f.object()).isEqualTo("NetworkPolicy shop/web-egress");
      assertThat(f.hint()).contains("k8s-app: kube-dns").contains("UDP 53 and TCP 53");
    });
  }

  @Test
  void theTypoIsNamedWithTheLabelThatWasMeant() {
    assertThat(CLUSTER.lint()).filteredOn(f -> f.code().code().equals("policy-selects-no-pod"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).endsWith("nearest: app=cache"));
  }

  @Test
  void aReviewGateFailsOnTheseManifestsAndListsEachFinding() {
    assertThatThrownBy(() -> assertThat(CLUSTER).hasNoFindings())
        .hasMessageContaining("egress-without-dns")
        .hasMessageContaining("web-egress.yaml:11:3");
  }

  @Test
  void theInternetReachesWebAndTheGateSaysByWhichRule() {
    assertThatThrownBy(() -> assertThat(CLUSTER).workload("shop/web")
            .isNotReachableFrom(cidr("0.0.0.0/0")))
        .hasMessageContaining("web-ingress");
  }

  @Test
  void dbIsClosedToOtherNamespacesButItsEgressStaysOpenBecauseItsEgressRuleIsIgnored() {
    assertThat(CLUSTER).workload("shop/db").isNotExposedOutsideNamespace();
    assertThat(CLUSTER.exposure().workload("shop/db").orElseThrow().egress().toString())
        .contains("to outside the cluster: 0.0.0.0/0");
  }
}
