package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealWorldManifestsTest {
  private static final Path MANIFESTS = Path.of("src/test/resources/manifests");

  @Test
  void kubectlGetListDumpUsesTheRealPodsAndIgnoresStatusAndManagedFields() {
    LoadResult result = ManifestLoader.defaults().load(MANIFESTS.resolve("kubectl-dump"));
    Cluster cluster = result.cluster();

    // The ReplicaSet's real pods stand for the Deployment: no web-0/web-1 are made.
    assertThat(cluster.podsIn("shop"))
        .extracting(Pod::name)
        .containsExactly("web-7d9c6b8f4-abcde", "web-7d9c6b8f4-fghij");
    Pod first = cluster.pod("shop/web-7d9c6b8f4-abcde").orElseThrow();
    assertThat(first.ips()).containsExactly(IpAddress.parse("10.244.1.7"));
    assertThat(first.owner()).contains(new WorkloadRef(WorkloadKind.DEPLOYMENT, "web"));
    assertThat(first.node()).contains("kind-worker");
    assertThat(first.resolveNamedPort("http", Protocol.TCP)).contains(8080);
    assertThat(cluster.workload("shop/web").orElseThrow().podNames())
        .containsExactly("web-7d9c6b8f4-abcde", "web-7d9c6b8f4-fghij");
    assertThat(cluster.workload("shop/web-7d9c6b8f4")).isEmpty();
    assertThat(cluster.namespace("shop").orElseThrow().labels())
        .isEqualTo(Labels.of("kubernetes.io/metadata.name", "shop", "team", "payments"));
    assertThat(cluster.service("shop/web").orElseThrow().ports()).hasToString("[http:TCP/80->http]");
    assertThat(cluster.policiesIn("shop")).extracting(NetworkPolicy::name).containsExactly("web-allow-http");
    assertThat(result.report().skipped())
        .extracting(ReportEntry::kind)
        .containsExactly("ConfigMap", "ReplicaSet");
    assertThat(result.report().skipped().get(1).detail())
        .isEqualTo("skipped: managed by Deployment web, whose pods stand for it");
    assertThat(result.report().warnings()).isEmpty();
  }

  @Test
  void helmTemplateOutputWithCommentsSourceLinesAndEmptyDocumentsLoads() {
    LoadResult result =
        ManifestLoader.builder().defaultNamespace("shop").build().load(MANIFESTS.resolve("helm"));
    Cluster cluster = result.cluster();

    assertThat(cluster.podsIn("shop"))
        .extracting(Pod::name)
        .containsExactly("shop-api-0", "shop-api-1", "shop-api-2");
    assertThat(cluster.pod("shop/shop-api-2").orElseThrow().resolveNamedPort("metrics", Protocol.TCP))
        .contains(9090);
    NetworkPolicy policy = cluster.policiesIn("shop").get(0);
    assertThat(policy.policyTypes()).containsExactly(PolicyType.INGRESS, PolicyType.EGRESS);
    assertThat(policy.ingress()).hasSize(2);
    assertThat(policy.ingress().get(1).peers()).hasSize(1); // namespaceSelector AND podSelector
    assertThat(policy.egress().get(0).peers().get(0))
        .isEqualTo(
            IpBlockPeer.of(
                dev.netpol.core.model.Cidr.parse("0.0.0.0/0"),
                dev.netpol.core.model.Cidr.parse("10.0.0.0/8"),
                dev.netpol.core.model.Cidr.parse("169.254.169.254/32")));
    assertThat(policy.egress().get(0).ports()).hasToString("[TCP/443, TCP/8000-8100]");
    assertThat(result.report().skipped())
        .singleElement()
        .hasToString(
            "src/test/resources/manifests/helm/rendered.yaml:3:1: ServiceAccount shop/shop-api:"
                + " skipped: netpol does not use ServiceAccount (v1)");
  }

  @Test
  void tabIndentedJsonListLoadsThroughTheJsonParser() {
    Cluster cluster = Cluster.load(MANIFESTS.resolve("json/policy.json"));

    assertThat(cluster.pod("data/db").orElseThrow().labels()).isEqualTo(Labels.of("app", "db"));
    NetworkPolicy policy = cluster.policiesIn("data").get(0);
    assertThat(policy.ingress().get(0).ports()).hasToString("[TCP/5432]");
  }

  @Test
  void everyWorkloadKindBecomesPodsOfItsTemplate() {
    LoadResult result =
        ManifestLoader.builder().daemonSetNodes(2).build().load(MANIFESTS.resolve("workloads"));
    Cluster cluster = result.cluster();

    assertThat(cluster.podsIn("apps"))
        .extracting(Pod::name)
        .containsExactly(
            "agent-0", "agent-1", "backup-0", "cache-0", "cache-1", "db-0", "db-1", "db-2",
            "legacy-0", "migrate-0", "migrate-1");
    Pod agent = cluster.pod("apps/agent-1").orElseThrow();
    assertThat(agent.hostNetwork()).isTrue();
    assertThat(agent.ips()).isEmpty();
    assertThat(agent.node()).contains("node-1");
    assertThat(cluster.pod("apps/backup-0").orElseThrow().owner())
        .contains(new WorkloadRef(WorkloadKind.CRON_JOB, "backup"));
    assertThat(cluster.pod("apps/backup-0").orElseThrow().containerPorts()).hasToString("[UDP/8125]");
    assertThat(cluster.workload("apps/scaled-down").orElseThrow().podNames()).isEmpty();
    assertThat(cluster.workloads()).hasSize(7);
    // host-network pods take no address from the pod CIDR
    assertThat(cluster.pod("apps/cache-0").orElseThrow().ips())
        .containsExactly(IpAddress.parse("10.244.0.2"));
  }

  @Test
  void podAddressAllocationSkipsAddressesTakenByExplicitPodIps() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b}
        status: {podIP: 10.1.0.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: c}
        """;
    Cluster cluster = ManifestLoader.builder().podCidr("10.1.0.0/24").build().loadString(yaml).cluster();

    assertThat(cluster.pods())
        .extracting(p -> p.name() + "=" + p.ips().get(0))
        .containsExactly("a=10.1.0.2", "b=10.1.0.1", "c=10.1.0.3");
  }

  @Test
  void anchorsAndMergeKeysAreResolved() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          labels: &common {app: web, tier: front}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: b
          labels:
            <<: {app: web, tier: front}
            tier: back
        """;
    Cluster cluster = Cluster.fromYaml(yaml);

    assertThat(cluster.pod("default/a").orElseThrow().labels())
        .isEqualTo(Labels.of("app", "web", "tier", "front"));
    assertThat(cluster.pod("default/b").orElseThrow().labels())
        .isEqualTo(Labels.of("app", "web", "tier", "back"));
  }
}
