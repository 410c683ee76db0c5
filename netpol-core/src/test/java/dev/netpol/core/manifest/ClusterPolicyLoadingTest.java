package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.Tier;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Loading cluster-scoped policies and Nodes (docs/cluster-policies.md#loading): each validation
 * of the CRDs and their CEL rules is a located error, all of them at once.
 */
class ClusterPolicyLoadingTest {
  private static final String PODS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: a, labels: {tenant: a}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: b, labels: {tenant: b}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: a, labels: {app: db}}
      spec: {containers: [{name: c, ports: [{containerPort: 5432, name: pg}]}]}
      status: {podIP: 10.0.0.2}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: b, labels: {app: web}}
      spec: {containers: [{name: c}]}
      status: {podIP: 10.0.1.1}
      ---
      """;

  private static LoadResult load(String yaml) {
    return ManifestLoader.defaults().loadString("k8s/cluster.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    LoadResult result = load(yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static String cnp(String spec) {
    return "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
        + "metadata: {name: c}\nspec:\n" + spec;
  }

  private static String anp(String spec) {
    return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
        + "metadata: {name: a}\nspec:\n" + spec;
  }

  @Test
  void loadsAClusterNetworkPolicyAndEvaluatesIt() {
    String yaml =
        PODS
            + cnp(
                """
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - name: deny-other-tenants
                    action: Deny
                    from:
                    - namespaces:
                        matchExpressions: [{key: tenant, operator: NotIn, values: [a]}]
                    protocols: [{tcp: {destinationPort: {range: {start: 5000, end: 6000}}}}]
                """);
    Cluster cluster = load(yaml).cluster();
    ClusterPolicy p = cluster.clusterPolicies().get(0);
    assertThat(p.tier()).isEqualTo(Tier.ADMIN);
    assertThat(p.ingress().get(0).action()).isEqualTo(ClusterRuleAction.DENY);
    var db = cluster.pod("a/db").orElseThrow();
    var web = cluster.pod("b/web").orElseThrow();
    assertThat(cluster.evaluate(web, db, Port.tcp(5432)).explain())
        .contains(
            "ingress of a/db: DENIED by ClusterNetworkPolicy c (Admin, priority 10) rule"
                + " ingress[0] \"deny-other-tenants\" (Deny)");
    assertThat(cluster.evaluate(web, db, Port.tcp(80)).allowed()).isTrue();
  }

  @Test
  void loadsV1alpha1KindsKeepingTheWrittenAction() {
    String yaml =
        PODS
            + anp(
                """
                  priority: 5
                  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
                  ingress:
                  - action: Allow
                    from: [{pods: {namespaceSelector: {}, podSelector: {}}}]
                    ports: [{portNumber: {port: 5432}}, {namedPort: pg}]
                """)
            + """
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress: [{action: Deny, from: [{namespaces: {}}]}]
            """;
    Cluster cluster = load(yaml).cluster();
    assertThat(cluster.clusterPolicies()).extracting(ClusterPolicy::tier)
        .containsExactly(Tier.ADMIN, Tier.BASELINE);
    assertThat(cluster.clusterPolicies().get(0).ingress().get(0).writtenAction())
        .isEqualTo("Allow");
    var db = cluster.pod("a/db").orElseThrow();
    var web = cluster.pod("b/web").orElseThrow();
    assertThat(cluster.evaluate(web, db, Port.tcp(5432)).allowed()).isTrue();
    assertThat(cluster.evaluate(web, db, Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void everyViolationIsLocatedAndReportedAtOnce() {
    String yaml =
        cnp(
            """
              priority: 1001
              subject: {namespaces: {}, pods: {podSelector: {}}}
              ingress:
              - action: Allow
                from: [{namespaces: {}, pods: {podSelector: {}}}]
              egress:
              - action: Accept
                to: [{networks: [10.0.0.0/8, 10.0.0.0/8]}]
                protocols:
                - destinationNamedPort: http
                - tcp: {destinationPort: {range: {start: 80, end: 80}}}
              - action: Deny
                to: []
                protocolz: []
            """);
    List<String> problems = problems(yaml);
    assertThat(problems)
        .anyMatch(p -> p.contains("spec.tier: required"))
        .anyMatch(p -> p.contains("spec.priority: expected a priority from 0 to 1000, found 1001"))
        .anyMatch(p -> p.contains("spec.subject: exactly one of namespaces, pods must be set"))
        .anyMatch(p -> p.contains("spec.ingress[0].action: expected one of Accept, Deny, Pass,"
            + " found \"Allow\" (v1alpha2 calls Allow \"Accept\")"))
        .anyMatch(p -> p.contains("spec.ingress[0].from[0]: exactly one of"))
        .anyMatch(p -> p.contains("spec.egress[0].to[0].networks[1]: duplicate CIDR"))
        .anyMatch(p -> p.contains("spec.egress[0].protocols[0]: a named port cannot be used"))
        .anyMatch(p -> p.contains("spec.egress[0].protocols[1].tcp.destinationPort.range: start"
            + " must be less than end, found 80-80"))
        .anyMatch(p -> p.contains("spec.egress[1].to: required: at least one peer"))
        .anyMatch(p -> p.contains("spec.egress[1].protocolz: unknown field \"protocolz\""))
        .allMatch(p -> p.startsWith("k8s/cluster.yaml:"));
  }

  @Test
  void listLimitsFollowTheApiVersion() {
    StringBuilder rules = new StringBuilder("  tier: Baseline\n  priority: 0\n"
        + "  subject: {namespaces: {}}\n  ingress:\n");
    for (int i = 0; i < 26; i++) {
      rules.append("  - {action: Deny, from: [{namespaces: {}}]}\n");
    }
    assertThat(problems(cnp(rules.toString())))
        .anyMatch(p -> p.contains("spec.ingress: at most 25 rules, found 26"));
  }

  @Test
  void baselineAdminNetworkPolicyMustBeNamedDefaultAndHasNoPass() {
    String yaml =
        """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: BaselineAdminNetworkPolicy
        metadata: {name: baseline}
        spec:
          subject: {pods: {podSelector: {}}}
          egress: [{action: Pass, to: [{domainNames: [example.com]}]}]
        """;
    assertThat(problems(yaml))
        .anyMatch(p -> p.contains("must be named \"default\""))
        .anyMatch(p -> p.contains("spec.subject.pods.namespaceSelector: required in v1alpha1"))
        .anyMatch(p -> p.contains("spec.egress[0].action: expected one of Allow, Deny"))
        .anyMatch(p -> p.contains("unknown field \"domainNames\""));
  }

  @Test
  void v1alpha1PortsNeedExactlyOneFieldAndPriorityIsRequired() {
    String yaml =
        anp(
            """
              subject: {namespaces: {}}
              ingress:
              - action: Deny
                from: [{namespaces: {}}]
                ports: [{portNumber: {port: 80}, namedPort: http}, {portRange: {start: 9, end: 8}}]
            """);
    assertThat(problems(yaml))
        .anyMatch(p -> p.contains("spec.priority: required"))
        .anyMatch(p -> p.contains("spec.ingress[0].ports[0]: exactly one of namedPort,"
            + " portNumber, portRange must be set, found portNumber and namedPort"))
        .anyMatch(p -> p.contains("spec.ingress[0].ports[1].portRange: start must be at most"
            + " end, found 9-8"));
  }

  @Test
  void metadataNamespaceIsWarnedAndIgnored() {
    String yaml =
        "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
            + "metadata: {name: c, namespace: team}\nspec:\n  tier: Admin\n  priority: 1\n"
            + "  subject: {namespaces: {}}\n";
    LoadResult result = load(yaml);
    assertThat(result.isValid()).isTrue();
    assertThat(result.report().warnings().toString())
        .contains("metadata.namespace: ignored: a ClusterNetworkPolicy is cluster-scoped");
    assertThat(result.cluster().implicitNamespaces()).doesNotContain("team");
  }

  @Test
  void nodesAreLoadedWithTheirIpAddresses() {
    String yaml =
        """
        apiVersion: v1
        kind: Node
        metadata: {name: worker-1, labels: {role: worker}}
        spec: {podCIDR: 10.0.0.0/24}
        status:
          addresses: [{type: InternalIP, address: 192.168.0.10}, {type: Hostname, address: w1}]
          capacity: {cpu: "2"}
        """;
    Cluster cluster = load(yaml).cluster();
    assertThat(cluster.nodes()).singleElement()
        .satisfies(n -> assertThat(n.addresses())
            .containsExactly(IpAddress.parse("192.168.0.10")));
  }

  @Test
  void samePriorityOverlapAndNodesPeersWithoutNodesAreWarnedOnce() {
    String yaml =
        PODS
            + cnp("  tier: Admin\n  priority: 3\n  subject: {namespaces: {}}\n"
                + "  egress: [{action: Deny, to: [{nodes: {}}]}]\n")
            + "\n---\n"
            + "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
            + "metadata: {name: d}\nspec:\n  tier: Admin\n  priority: 3\n"
            + "  subject: {pods: {podSelector: {matchLabels: {app: db}}}}\n";
    LoadResult result = load(yaml);
    assertThat(result.isValid()).isTrue();
    assertThat(result.report().warnings().toString())
        .contains("both select pod a/db: the order of equal priorities is undefined by the API")
        .contains("nodes peers match nothing: the input has no Node objects");
  }

  @Test
  void hostNetworkPodTakesItsNodesAddressForNetworksPeers() {
    String yaml =
        PODS
            + """
            apiVersion: v1
            kind: Node
            metadata: {name: worker-1}
            status: {addresses: [{type: InternalIP, address: 192.168.0.10}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: agent, namespace: a}
            spec: {hostNetwork: true, nodeName: worker-1, containers: [{name: c}]}
            ---
            """
            + cnp(
                """
                  tier: Admin
                  priority: 1
                  subject: {pods: {podSelector: {matchLabels: {app: web}}}}
                  egress: [{action: Deny, to: [{networks: [192.168.0.0/16]}]}]
                """);
    Cluster cluster = load(yaml).cluster();
    var web = cluster.pod("b/web").orElseThrow();
    var agent = cluster.pod("a/agent").orElseThrow();
    var db = cluster.pod("a/db").orElseThrow();
    assertThat(cluster.evaluate(web, agent, Port.tcp(9100)).allowed()).isFalse();
    assertThat(cluster.evaluate(web, db, Port.tcp(9100)).allowed()).isTrue();
  }
}
