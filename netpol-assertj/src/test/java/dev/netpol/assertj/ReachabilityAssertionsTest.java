package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.Port;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chain allows(a).to(b).on...() and denies(a).to(b).on...(), passing and failing. */
class ReachabilityAssertionsTest {
  private final Cluster cluster = SeedCluster.build();
  private final Endpoint frontend = workload("default/frontend");
  private final Endpoint backend = workload("default/backend");
  private final Endpoint dns = pods("k8s-app=kube-dns");

  @AfterEach
  void nothingLeftPending() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  @Test
  void allowsPassesWhenEveryPairIsAllowed() {
    assertThat(cluster).allows(frontend).to(backend).onTcp(80);
    assertThat(cluster).allows(frontend).to(dns).onUdp(53).allows(frontend).to(dns).onTcp(53);
    assertThat(cluster).allows(frontend).to(backend).on(Port.tcp(80));
  }

  @Test
  void allowsFailsWithEveryDeniedPairExplained() {
    assertThatThrownBy(() -> assertThat(cluster).allows(frontend).to(backend).onTcp(8080))
        .isInstanceOf(AssertionError.class)
        .hasMessage(String.join("\n",
            "expected workload default/frontend to reach workload default/backend on TCP/8080,"
                + " but 4 of 4 pod pairs are denied:",
            "default/frontend-0 -> default/backend-0 on TCP/8080: DENIED",
            "  egress of default/frontend-0: denied, isolated by 1 policy",
            "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
            "      to: matched (peer 0 {podSelector: app=backend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "  ingress of default/backend-0: denied, isolated by 2 policies",
            "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
            "      from: matched (peer 0 {podSelector: app=frontend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress",
            "default/frontend-0 -> default/backend-1 on TCP/8080: DENIED",
            "  egress of default/frontend-0: denied, isolated by 1 policy",
            "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
            "      to: matched (peer 0 {podSelector: app=backend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "  ingress of default/backend-1: denied, isolated by 2 policies",
            "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
            "      from: matched (peer 0 {podSelector: app=frontend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress",
            "default/frontend-1 -> default/backend-0 on TCP/8080: DENIED",
            "  egress of default/frontend-1: denied, isolated by 1 policy",
            "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
            "      to: matched (peer 0 {podSelector: app=backend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "  ingress of default/backend-0: denied, isolated by 2 policies",
            "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
            "      from: matched (peer 0 {podSelector: app=frontend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress",
            "default/frontend-1 -> default/backend-1 on TCP/8080: DENIED",
            "  egress of default/frontend-1: denied, isolated by 1 policy",
            "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
            "      to: matched (peer 0 {podSelector: app=backend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "  ingress of default/backend-1: denied, isolated by 2 policies",
            "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
            "      from: matched (peer 0 {podSelector: app=frontend})",
            "      ports: TCP/8080 is not in [TCP/80]",
            "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress"));
  }

  @Test
  void deniesPassesWhenEveryPairIsDenied() {
    assertThat(cluster).denies(backend).to(backend).onTcp(80);
    assertThat(cluster).denies(frontend).to(cidr("0.0.0.0/0")).onAllPorts();
  }

  @Test
  void deniesFailsNamingTheAllowedPairs() {
    assertThatThrownBy(() -> assertThat(cluster).denies(pods("default", "app=frontend"))
            .to(pod("default/backend-0")).onTcp(80))
        .hasMessage(String.join("\n",
            "expected pods app=frontend in default not to reach pod default/backend-0 on TCP/80,"
                + " but 2 of 2 pod pairs are allowed:",
            "default/frontend-0 -> default/backend-0 on TCP/80: ALLOWED",
            "  egress of default/frontend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[0]",
            "  ingress of default/backend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend, rule ingress[0]",
            "default/frontend-1 -> default/backend-0 on TCP/80: ALLOWED",
            "  egress of default/frontend-1: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[0]",
            "  ingress of default/backend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend, rule ingress[0]"));
  }

  private static Endpoint pod(String id) {
    return Endpoint.pod(id);
  }
}
