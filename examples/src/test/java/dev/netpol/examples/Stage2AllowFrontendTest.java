package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.namespace;
import static dev.netpol.core.Endpoint.pod;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.Test;

/**
 * The article's {@code allow-frontend-to-backend}, next to the deny-all: "frontend pods can reach
 * backend pods on port 80" — and, since policies add up, on nothing else, from nowhere else.
 */
@NetpolTest
@Manifests({"manifests/base", "manifests/allow-frontend", "manifests/extras"})
class Stage2AllowFrontendTest {

  @Test
  void frontendReachesBackendOnTcp80(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).allows(frontend).to(backend).onTcp(80);
  }

  @Test
  void frontendReachesBackendOnNoOtherPort(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).denies(frontend).to(backend).onTcpPorts(1, 79);
    assertThat(cluster).denies(frontend).to(backend).onTcpPorts(81, 65535);
    assertThat(cluster).denies(frontend).to(backend).onUdp(80);
    assertThat(cluster).denies(frontend).to(backend).onSctp(80);
  }

  @Test
  void nothingElseReachesBackend(Cluster cluster, @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).denies(pod("other-team/debug")).to(backend).onAllPorts();
    assertThat(cluster).denies(namespace("other-team")).to(backend).onTcp(80);
    assertThat(cluster).denies(backend).to(backend).onTcp(80);
    assertThat(cluster).denies(cidr("0.0.0.0/0")).to(backend).onTcp(80);
  }

  @Test
  void theDenyAllDoesNotCancelTheAllow_policiesOnlyAdd(Cluster cluster) {
    assertThat(
            cluster.evaluate(
                cluster.pod("default/frontend-0").orElseThrow(),
                cluster.pod("default/backend-1").orElseThrow(),
                dev.netpol.core.model.Port.tcp(80)))
        .isAllowedBy("allow-frontend-to-backend");
  }
}
