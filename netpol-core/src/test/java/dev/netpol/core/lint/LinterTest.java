package dev.netpol.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The linter's contract beyond single checks: order, options, clusters built in code, edges. */
class LinterTest {
  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080, name: http}]}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: api, namespace: shop, labels: {app: api}}
      spec: {containers: [{name: api, image: api}]}
      ---
      """;

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(f -> f.code() + " " + f.fieldPath()).collect(Collectors.toList());
  }

  @Test
  void findingsOfAClusterBuiltInCodeNameTheObjectAndFieldWithoutAFile() {
    Cluster cluster = Cluster.builder()
        .pod(Pod.builder("shop", "web").labels(Labels.of("app", "web")).build())
        .policy(NetworkPolicy.builder("shop", "allow-web")
            .podSelector(LabelSelector.matchLabels("app", "wbe"))
            .build())
        .build();
    List<Finding> findings = cluster.lint();
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.location()).isEmpty();
      assertThat(f.code()).isEqualTo(LintCode.POLICY_SELECTS_NO_POD);
      assertThat(f.where()).isEqualTo("NetworkPolicy shop/allow-web: spec.podSelector");
    });
  }

  @Test
  void replicasOfOneWorkloadIsolatedByALabelOnlySomeHaveAreAGap() {
    WorkloadRef web = new WorkloadRef(WorkloadKind.DEPLOYMENT, "web");
    Cluster cluster = Cluster.builder()
        .namespace(Namespace.of("shop"))
        .pod(Pod.builder("shop", "web-0").labels(Labels.of("app", "web", "version", "v1"))
            .owner(web).build())
        .pod(Pod.builder("shop", "web-1").labels(Labels.of("app", "web", "version", "v2"))
            .owner(web).build())
        .policy(NetworkPolicy.builder("shop", "web-v1")
            .podSelector(LabelSelector.matchLabels("version", "v1"))
            .ingress(NetworkPolicyRule.allowAll())
            .build())
        .build();
    assertThat(cluster.lint()).singleElement().satisfies(f -> {
      assertThat(f.object()).isEqualTo("Deployment shop/web");
      assertThat(f.message()).startsWith("1 of the 2 pods of Deployment shop/web (web-1) are"
          + " isolated for ingress by no NetworkPolicy while the others are");
    });
  }

  @Test
  void twoRulesThatCoverEachOtherReportOnlyTheLaterOne() {
    Cluster cluster = Cluster.fromYaml(PODS + """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: api}}}]
            ports: [{port: 8080}]
          - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [api]}]}}]
            ports: [{port: http}]
        """);
    // Different text, same sets: app=api is app in (api); "http" is 8080 on every pod naming it.
    assertThat(codes(cluster.lint())).containsExactly("redundant-rule spec.ingress[1]");
  }

  @Test
  void aRuleCoveredOnlyForSomeOfItsPodsIsNotRedundant() {
    Cluster cluster = Cluster.fromYaml(PODS + """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: both, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{podSelector: {matchLabels: {app: api}}}]
            ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-only, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{podSelector: {}}]
        """);
    // web-only covers "both" for web, not for api: the rule of "both" stays needed.
    assertThat(codes(cluster.lint())).isEmpty();
  }

  @Test
  void aDefaultDenyUnderAnAllowPolicyIsNeverARedundantPolicy() {
    Cluster cluster = Cluster.fromYaml(PODS + """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec:
          podSelector: {}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all, namespace: shop}
        spec:
          podSelector: {}
          ingress: [{}]
        """);
    assertThat(codes(cluster.lint())).isEmpty();
  }

  @Test
  void dnsToAnyAddressCountsAndTcpOnlyDnsIsAnError() {
    String egress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress:
          - to: [%s]
            ports: %s
        """;
    Cluster external = Cluster.fromYaml(PODS + egress.formatted(
        "{ipBlock: {cidr: 192.0.2.53/32}}", "[{protocol: UDP, port: 53}, {port: 53}]"));
    assertThat(external.lint()).isEmpty();
    Cluster tcpOnly = Cluster.fromYaml(PODS + egress.formatted(
        "{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}",
        "[{port: 53}]"));
    assertThat(tcpOnly.lint()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(LintCode.EGRESS_WITHOUT_DNS);
      assertThat(f.message()).contains("may ask DNS over TCP only");
    });
  }

  @Test
  void dnsAcceptedByAnAdminClusterNetworkPolicyIsNotMissing() {
    String denyAll = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
        ---
        """;
    String adminDns = """
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: dns}
        spec:
          tier: Admin
          priority: 1
          subject: {namespaces: {}}
          egress:
          - action: Accept
            to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}]
            protocols: [%s]
        """;
    Cluster withoutAdmin = Cluster.fromYaml(PODS + denyAll);
    assertThat(codes(withoutAdmin.lint())).contains("egress-without-dns spec.policyTypes");
    Cluster both = Cluster.fromYaml(PODS + denyAll + adminDns.formatted(
        "{udp: {destinationPort: {number: 53}}}, {tcp: {destinationPort: {number: 53}}}"));
    assertThat(codes(both.lint())).noneMatch(c -> c.contains("dns"));
    Cluster udpOnly = Cluster.fromYaml(PODS + denyAll + adminDns.formatted(
        "{udp: {destinationPort: {number: 53}}}"));
    assertThat(udpOnly.lint()).filteredOn(f -> f.code() == LintCode.DNS_WITHOUT_TCP)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("may ask DNS over UDP only"));
  }

  @Test
  void anIpBlockOverAddressesNetpolAssignedIsNotAboutPods() {
    // No podIP in the manifests: the loader assigns 10.0.0.x, which no ipBlock was written for.
    Cluster cluster = Cluster.fromYaml(PODS + """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
        """);
    assertThat(cluster.lint()).isEmpty();
  }

  @Test
  void onlyAndDisableChooseTheChecks() {
    Cluster cluster = Cluster.fromClasspath("netpol/lint/peer-matches-nothing");
    assertThat(Linter.builder().disable(LintCode.PEER_MATCHES_NOTHING).build().lint(cluster))
        .isEmpty();
    assertThat(Linter.builder().only(LintCode.PEER_MATCHES_NOTHING).build().lint(cluster))
        .hasSize(2);
    assertThat(Linter.builder().only(LintCode.REDUNDANT_RULE).build().enabled())
        .containsExactly(LintCode.REDUNDANT_RULE);
  }

  @Test
  void findingsAreOrderedByFileLineAndColumnAndTheSameEveryTime() {
    Cluster cluster = Cluster.fromClasspath("netpol/lint/rule-admits-nothing");
    List<Finding> first = cluster.lint();
    assertThat(first).hasSize(2).isEqualTo(cluster.lint());
    assertThat(first).extracting(f -> f.location().orElseThrow().line())
        .containsExactly(17, 21);
  }

  @Test
  void rulesOfAPolicyBuiltInCodeThatPolicyTypesIgnoresAreFound() {
    Cluster cluster = Cluster.builder()
        .pod(Pod.builder("shop", "web").labels(Labels.of("app", "web")).build())
        .policy(NetworkPolicy.builder("shop", "web")
            .podSelector(LabelSelector.matchLabels("app", "web"))
            .policyTypes(PolicyType.INGRESS)
            .ingress(NetworkPolicyRule.builder()
                .peer(PodPeer.pods(LabelSelector.matchLabels("app", "web"))).build())
            .egress(NetworkPolicyRule.allowAll())
            .build())
        .build();
    assertThat(codes(cluster.lint()))
        .containsExactly("rules-ignored-by-policy-types spec.egress");
  }

  @Test
  void aPolicyInsideAKindListIsLocatedWithItsItemsPrefix() {
    Cluster cluster = Cluster.fromYaml(PODS + """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: web, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            ingress:
            - from: [{podSelector: {matchLabels: {app: apo}}}]
        """);
    assertThat(cluster.lint()).singleElement().satisfies(f -> {
      assertThat(f.fieldPath()).isEqualTo("items[0].spec.ingress[0].from[0].podSelector");
      assertThat(f.location().orElseThrow()).hasToString("<string>:20:15");
    });
  }
}
