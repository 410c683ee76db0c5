package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.Test;

/**
 * The article's first policy, {@code deny-all-ingress-to-backend}: it selects the backend pods and
 * lists no ingress rule, so "if we try to curl the backend pod from the frontend pod again, it will
 * fail".
 */
@NetpolTest
@Manifests({"manifests/base", "manifests/deny-ingress"})
class Stage1DenyAllIngressTest {

  @Test
  void frontendNoLongerReachesBackendOnAnyPort(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).denies(frontend).to(backend).onTcp(80);
    assertThat(cluster).denies(frontend).to(backend).onAllPorts();
  }

  @Test
  void nothingOutsideReachesBackendEither(
      Cluster cluster, @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).denies(cidr("0.0.0.0/0")).to(backend).onAllPorts();
    assertThat(cluster).isolatesIngressOf(backend);
  }

  @Test
  void onlyIngressIsDenied_backendStillReachesFrontend(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).allows(backend).to(frontend).onTcp(80);
    assertThat(cluster).allows(backend).to(cidr("0.0.0.0/0")).onAllPorts();
  }
}
