package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.namespace;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Port;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import org.junit.jupiter.api.Test;

/**
 * A platform team's guardrails (docs/cluster-policies.md#layers), one test per claim. The team
 * writes ClusterNetworkPolicies: in the Admin tier, "tenants never reach kube-system except DNS",
 * "everything may reach monitoring" and "Prometheus scrapes every tenant's metrics port"; in the
 * Baseline tier, "tenants do not talk to each other". The tenants write NetworkPolicies, which
 * decide inside the guardrails and before the baseline.
 *
 * <p>Manifests: {@code manifests/platform}; {@code systemPods = true} adds CoreDNS ({@code
 * kube-system}, {@code k8s-app: kube-dns}).
 */
@NetpolTest
@Manifests(value = "manifests/platform", systemPods = true)
class PlatformGuardrailsTest {
  private final Endpoint webA = workload("tenant-a/web");
  private final Endpoint apiA = workload("tenant-a/api");
  private final Endpoint webB = workload("tenant-b/web");
  private final Endpoint dbB = workload("tenant-b/db");
  private final Endpoint sharedApiB = workload("tenant-b/shared-api");
  private final Endpoint prometheus = workload("monitoring/prometheus");
  private final Endpoint kubeDns = pods("kube-system", "k8s-app=kube-dns");
  private final Endpoint metricsServer = workload("kube-system/metrics-server");

  @Test
  void tenantsResolveNamesWithKubeDns(Cluster cluster) {
    for (Endpoint tenant : new Endpoint[] {namespace("tenant-a"), namespace("tenant-b")}) {
      assertThat(cluster).allows(tenant).to(kubeDns).onUdp(53);
      assertThat(cluster).allows(tenant).to(kubeDns).onTcp(53);
    }
  }

  @Test
  void tenantsNeverReachTheRestOfKubeSystem(Cluster cluster) {
    assertThat(cluster).denies(namespace("tenant-a")).to(metricsServer).onAllPorts();
    assertThat(cluster).denies(namespace("tenant-a")).to(kubeDns).onTcp(9153);
    assertThat(cluster).denies(webA).to(kubeDns).on(Port.udp(5353));
  }

  @Test
  void aTenantNetworkPolicyThatAllowsAllEgressCannotUndoTheGuardrail(Cluster cluster) {
    // tenant-b's allow-all-egress admits everything; the Admin Deny decides first.
    assertThat(cluster).denies(namespace("tenant-b")).to(metricsServer).onTcp(10250);
    assertThat(cluster.evaluate(webB, metricsServer, Port.tcp(10250)).explain())
        .contains("egress of tenant-b/web-")
        .contains("DENIED by ClusterNetworkPolicy tenants-to-kube-system (Admin, priority 10)"
            + " rule egress[1] \"deny-kube-system\" (Deny): to matched namespaces"
            + " {kubernetes.io/metadata.name=kube-system}");
  }

  @Test
  void everythingReachesMonitoring(Cluster cluster) {
    assertThat(cluster).allows(namespace("tenant-a")).to(prometheus).onTcp(9090);
    assertThat(cluster).allows(namespace("tenant-b")).to(prometheus).onTcp(9090);
    assertThat(cluster).allows(namespace("kube-system")).to(prometheus).onTcp(9090);
  }

  @Test
  void prometheusScrapesEveryTenantsMetricsPortDespiteTheTenantsPolicies(Cluster cluster) {
    // api and db are isolated by their tenants' NetworkPolicies, which do not name Prometheus.
    assertThat(cluster).allows(prometheus).to(apiA).onNamedPort("metrics");
    assertThat(cluster).allows(prometheus).to(dbB).onNamedPort("metrics");
    assertThat(cluster).allows(prometheus).to(webA).onTcp(9090);
    assertThat(cluster).denies(prometheus).to(dbB).onTcp(5432);
  }

  @Test
  void tenantNetworkPoliciesDecideInsideTheTenant(Cluster cluster) {
    assertThat(cluster).allows(webA).to(apiA).onTcp(8080);
    assertThat(cluster).denies(webA).to(apiA).onTcp(9090);
    assertThat(cluster).allows(webB).to(dbB).onTcp(5432);
  }

  @Test
  void podsOfOneTenantTalkFreelyWhereNoPolicyIsolatesThem(Cluster cluster) {
    assertThat(cluster).allows(apiA).to(webA).onTcp(80);
    assertThat(cluster).allows(dbB).to(webB).onTcp(80);
  }

  @Test
  void theBaselineDeniesTrafficBetweenTenants(Cluster cluster) {
    assertThat(cluster).denies(webA).to(webB).onAllPorts();
    assertThat(cluster).denies(webB).to(webA).onAllPorts();
    assertThat(cluster.evaluate(webA, webB, Port.tcp(80)).explain())
        .contains("Baseline tier: DENIED by ClusterNetworkPolicy tenant-b-isolation (Baseline,"
            + " priority 11) rule ingress[0] \"deny-other-tenants\" (Deny)");
  }

  @Test
  void aTenantNetworkPolicyOpensAServiceToAnotherTenantBeforeTheBaseline(Cluster cluster) {
    assertThat(cluster).allows(webA).to(sharedApiB).onTcp(8443);
    assertThat(cluster).denies(webA).to(sharedApiB).onTcp(80);
    assertThat(cluster).denies(webB).to(workload("tenant-a/api")).onTcp(8080);
  }
}
