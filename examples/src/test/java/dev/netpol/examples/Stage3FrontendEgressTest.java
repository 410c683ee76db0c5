package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.ip;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.pods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.junit5.ExpectedTable;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Pods;
import dev.netpol.junit5.ReachabilityTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.Test;

/**
 * The article's final pair: {@code allow-frontend-to-backend-ingress} and {@code
 * allow-frontend-egress-to-backend}. "frontend pods can initiate connections to backend pods on
 * port 80 ... can also resolve DNS. Any other outbound traffic from frontend ... would be blocked."
 *
 * <p>{@code systemPods = true} adds the usual CoreDNS pods ({@code kube-system}, {@code k8s-app:
 * kube-dns}, port 53 over UDP and TCP), so the DNS rule can be tested without writing them.
 */
@NetpolTest
@Manifests(
    value = {"manifests/base", "manifests/frontend-egress", "manifests/extras"},
    systemPods = true)
class Stage3FrontendEgressTest {

  @Test
  void frontendReachesBackendOn80(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).allows(frontend).to(backend).onTcp(80);
    assertThat(cluster).denies(frontend).to(backend).onTcp(8080);
  }

  @Test
  void frontendResolvesNamesWithKubeDnsOverUdpAndTcp(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Pods(namespace = "kube-system", value = "k8s-app=kube-dns") Endpoint kubeDns) {
    assertThat(cluster).allows(frontend).to(kubeDns).onUdp(53);
    assertThat(cluster).allows(frontend).to(kubeDns).onTcp(53);
    assertThat(cluster).allows(frontend).to(Endpoint.service("kube-system/kube-dns")).onUdp(53);
    assertThat(cluster).denies(frontend).to(kubeDns).onTcp(9153);
  }

  @Test
  void frontendReachesNothingElse(Cluster cluster, @Workload("default/frontend") Endpoint frontend) {
    assertThat(cluster).denies(frontend).to(pod("other-team/debug")).onAllPorts();
    assertThat(cluster).denies(frontend).to(ip("93.184.215.14")).onTcp(443);
    assertThat(cluster).denies(frontend).to(cidr("0.0.0.0/0")).onAllPorts();
    assertThat(cluster).denies(frontend).to(frontend).onTcp(80);
    assertThat(cluster).isolatesEgressOf(frontend);
  }

  @Test
  void backendIsOpenOnlyToFrontendOnPort80(Cluster cluster) {
    assertThat(cluster).workload("default/backend").isNotExposedOutsideNamespace();
    assertThat(cluster).workload("default/backend").isNotReachableFrom(cidr("0.0.0.0/0"));
    assertThat(cluster).workload("default/backend").isNotReachableFrom(pods("app=debug"));
    assertThat(cluster.exposure().workload("default/backend").orElseThrow().ingress())
        .extracting(Object::toString)
        .containsExactly("in  TCP/80 from pods of default/frontend");
  }

  @Test
  void backendsOwnEgressIsUntouched(Cluster cluster, @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).allows(backend).to(cidr("0.0.0.0/0")).onAllPorts();
    assertThat(cluster).allows(backend).to(pods("app=debug")).onTcp(8080);
  }

  @Test
  void bothHalvesAreNeeded_withoutTheIngressAllowBackendWouldBeOpen_withADenyAllItIsClosed(
      Cluster cluster) {
    Pod frontend0 = cluster.pod("default/frontend-0").orElseThrow();
    Pod backend0 = cluster.pod("default/backend-0").orElseThrow();
    NetworkPolicy denyAllIngress =
        NetworkPolicy.builder("default", "deny-all-ingress")
            .policyTypes(PolicyType.INGRESS)
            .build();
    Cluster withoutIngressHalf =
        cluster.toBuilder()
            .removePolicy("default/allow-frontend-to-backend-ingress")
            .policy(denyAllIngress)
            .build();
    assertThat(withoutIngressHalf.evaluate(frontend0, backend0, Port.tcp(80)).allowed()).isFalse();

    NetworkPolicy egress =
        cluster.policiesIn("default").stream()
            .filter(p -> p.name().equals("allow-frontend-egress-to-backend"))
            .findFirst()
            .orElseThrow();
    NetworkPolicy dnsOnly =
        NetworkPolicy.builder("default", egress.name())
            .podSelector(egress.podSelector())
            .policyTypes(PolicyType.EGRESS)
            .egress(egress.egress().get(1))
            .build();
    Cluster withoutEgressHalf =
        cluster.toBuilder().removePolicy(egress.id()).policy(dnsOnly).build();
    assertThat(withoutEgressHalf.evaluate(frontend0, backend0, Port.tcp(80)).allowed()).isFalse();

    assertThat(cluster.evaluate(frontend0, backend0, Port.tcp(80)).allowed()).isTrue();
  }

  /** The whole TCP/80 table, kept next to the manifests: a policy change shows up as a diff. */
  @ReachabilityTest("manifests/frontend-egress/tcp-80.txt")
  void truthTableOnTcp80() {}

  /** The same table as one AssertJ assertion: a failure shows only the differing cells. */
  @Test
  void truthTableOnTcp80AsOneAssertion(Cluster cluster) {
    assertThat(cluster)
        .hasReachability(ExpectedTable.load("manifests/frontend-egress/tcp-80.txt").truthTable());
  }
}
