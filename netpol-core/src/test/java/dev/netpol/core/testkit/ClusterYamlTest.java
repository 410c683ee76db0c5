package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterYamlTest {

  @Test
  void summarisesClusterScopedPoliciesSoACounterexampleShowsItsTiers() {
    Cluster cluster = Cluster.fromYaml("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: web, image: nginx}]}
        ---
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: default}
        spec:
          tier: Baseline
          priority: 0
          subject: {namespaces: {}}
          ingress:
          - action: Deny
            from: [{namespaces: {}}]
            protocols: [{tcp: {destinationPort: {number: 80}}}]
        """);
    String yaml = ClusterYaml.write(cluster);
    assertThat(yaml).contains("# cluster-scoped policies (a summary, not manifests):")
        .contains("ingress[0] (Deny) from ").contains("TCP/80");
    assertThat(ClusterYaml.write(Cluster.fromYaml(""
        + "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")))
        .doesNotContain("cluster-scoped");
  }

  @Test
  void writesNamespacesPodsAndPoliciesAsManifests() {
    Cluster cluster = Cluster.builder()
        .namespace(Namespace.of("prod", Labels.of("team", "")))
        .pod(Pod.builder("prod", "web-0")
            .labels(Labels.of("app", "a"))
            .ip(IpAddress.parse("10.0.0.1"))
            .containerPort(ContainerPort.named("http", 8080, Protocol.TCP))
            .containerPort(ContainerPort.of(53, Protocol.UDP))
            .build())
        .pod(Pod.builder("dev", "node-agent").hostNetwork(true)
            .ip(IpAddress.parse("192.168.0.1")).build())
        .policy(NetworkPolicy.builder("prod", "p")
            .podSelector(LabelSelector.builder().matchLabel("app", "a")
                .matchExpression(LabelSelectorRequirement.notIn("legacy", "", "b")).build())
            .policyTypes(PolicyType.INGRESS, PolicyType.EGRESS)
            .ingress(NetworkPolicyRule.builder()
                .peer(PodPeer.of(LabelSelector.everything(),
                    LabelSelector.matchLabels(Namespace.NAME_LABEL, "dev")))
                .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/24")))
                .port(NetworkPolicyPort.named(Protocol.TCP, "http"))
                .port(NetworkPolicyPort.range(Protocol.UDP, 1, 65535))
                .build())
            .egress(NetworkPolicyRule.allowAll())
            .egress(NetworkPolicyRule.builder().port(NetworkPolicyPort.all(Protocol.SCTP)).build())
            .build())
        .build();

    assertThat(ClusterYaml.write(cluster)).isEqualTo("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
          labels:
            team: ''
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          namespace: prod
          labels:
            app: a
        spec:
          containers:
          - name: main
            image: registry.k8s.io/pause:3.9
            ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - containerPort: 53
              protocol: UDP
        status:
          podIP: '10.0.0.1'
          podIPs:
          - ip: '10.0.0.1'
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: node-agent
          namespace: dev
        spec:
          hostNetwork: true
          containers:
          - name: main
            image: registry.k8s.io/pause:3.9
        status:
          podIP: '192.168.0.1'
          podIPs:
          - ip: '192.168.0.1'
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: p
          namespace: prod
        spec:
          podSelector:
            matchLabels:
              app: a
            matchExpressions:
            - key: legacy
              operator: NotIn
              values:
              - ''
              - b
          policyTypes:
          - Ingress
          - Egress
          ingress:
          - from:
            - namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: dev
              podSelector: {}
            - ipBlock:
                cidr: '0.0.0.0/0'
                except:
                - '10.0.0.0/24'
            ports:
            - protocol: TCP
              port: http
            - protocol: UDP
              port: 1
              endPort: 65535
          egress:
          - {}
          - ports:
            - protocol: SCTP
        """);
  }

  @Test
  void saysSoWhenTheClusterIsEmpty() {
    assertThat(ClusterYaml.write(Cluster.builder().build()))
        .isEqualTo("# an empty cluster: no namespaces, pods or policies\n");
  }

  @Test
  void quotesStringsYamlWouldReadAsSomethingElse() {
    assertThat(ClusterYaml.scalar("a")).isEqualTo("a");
    assertThat(ClusterYaml.scalar("")).isEqualTo("''");
    assertThat(ClusterYaml.scalar("on")).isEqualTo("'on'");
    assertThat(ClusterYaml.scalar("012")).isEqualTo("'012'");
    assertThat(ClusterYaml.scalar("fd00::1")).isEqualTo("'fd00::1'");
    assertThat(ClusterYaml.scalar("it's")).isEqualTo("'it''s'");
  }

  @Test
  void everyGeneratedClusterIsWrittenAsParseableDocumentsOfTheRightKinds() {
    YAMLMapper mapper = new YAMLMapper();
    Property.forAll(NetpolGen.clusters()).check(c -> {
      List<JsonNode> docs = read(mapper, ClusterYaml.write(c));
      long declared = c.namespaces().size() - c.implicitNamespaces().size();
      assertThat(docs).extracting(d -> d.get("kind").asText()).containsExactlyElementsOf(
          java.util.stream.Stream.of(
              java.util.Collections.nCopies((int) declared, "Namespace").stream(),
              c.pods().stream().map(p -> "Pod"),
              c.policies().stream().map(p -> "NetworkPolicy"))
          .flatMap(s -> s).toList());
      for (int i = 0; i < c.pods().size(); i++) {
        Pod pod = c.pods().get(i);
        JsonNode doc = docs.get((int) declared + i);
        assertThat(doc.at("/status/podIP").asText()).isEqualTo(pod.ips().get(0).toString());
        pod.labels().asMap().forEach((k, v) -> {
          JsonNode value = doc.get("metadata").get("labels").get(k);
          assertThat(value.isTextual()).as("label %s is a string", k).isTrue();
          assertThat(value.asText()).isEqualTo(v);
        });
      }
      for (int i = 0; i < c.policies().size(); i++) {
        NetworkPolicy p = c.policies().get(i);
        JsonNode spec = docs.get((int) declared + c.pods().size() + i).get("spec");
        assertThat(spec.path("ingress").size()).isEqualTo(p.ingress().size());
        assertThat(spec.path("egress").size()).isEqualTo(p.egress().size());
        assertThat(selector(spec.get("podSelector"))).isEqualTo(p.podSelector());
      }
    });
  }

  private static LabelSelector selector(JsonNode node) {
    LabelSelector.Builder b = LabelSelector.builder();
    node.path("matchLabels").properties().forEach(e -> {
      assertThat(e.getValue().isTextual()).isTrue();
      b.matchLabel(e.getKey(), e.getValue().asText());
    });
    node.path("matchExpressions").forEach(r -> {
      List<String> values = new java.util.ArrayList<>();
      r.path("values").forEach(v -> values.add(v.asText()));
      b.matchExpression(LabelSelectorRequirement.of(r.get("key").asText(),
          LabelSelectorRequirement.Operator.parse(r.get("operator").asText()), values));
    });
    return b.build();
  }

  private static List<JsonNode> read(YAMLMapper mapper, String yaml) {
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(yaml)) {
      return it.readAll().stream().filter(d -> d != null && d.isObject()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
