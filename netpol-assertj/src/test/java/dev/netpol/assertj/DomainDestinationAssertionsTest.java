package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.domain;
import static dev.netpol.core.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The assertion chain toward a DNS name ({@code Endpoint.domain}), judged by domainNames. */
class DomainDestinationAssertionsTest {
  private final Cluster cluster = Cluster.fromYaml("""
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      ---
      apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: egress-control}
      spec:
        tier: Admin
        priority: 10
        subject: {namespaces: {}}
        egress:
        - name: example-apis
          action: Accept
          to: [{domainNames: ["*.example.com"]}]
          protocols: [{tcp: {destinationPort: {number: 443}}}]
        - name: nothing-else
          action: Deny
          to: [{networks: [0.0.0.0/0]}]
      """);

  @AfterEach
  void nothingLeftPending() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  @Test
  void allowsAndDeniesNamesAsTheDomainNamesPeersSay() {
    assertThat(cluster).allows(pod("shop/web")).to(domain("api.example.com")).onTcp(443);
    assertThat(cluster).denies(pod("shop/web")).to(domain("api.example.com")).onTcp(80);
    assertThat(cluster).denies(pod("shop/web")).to(domain("example.org")).onAllPorts();
  }

  @Test
  void aFailureExplainsWhichRuleJudgedTheName() {
    assertThatThrownBy(() -> assertThat(cluster).allows(pod("shop/web")).to(domain("example.org"))
            .onTcp(443))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected pod shop/web to reach domain example.org on TCP/443")
        .hasMessageContaining("egress of shop/web: DENIED by ClusterNetworkPolicy egress-control"
            + " (Admin, priority 10) rule egress[1] \"nothing-else\" (Deny): to matched networks"
            + " [0.0.0.0/0]");
  }

  @Test
  void aNameAsSourceFailsTheAssertionSayingItIsADestinationOnly() {
    assertThatThrownBy(() -> assertThat(cluster).allows(domain("api.example.com"))
            .to(pod("shop/web")).onTcp(80))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a DNS name is a destination only");
  }
}
