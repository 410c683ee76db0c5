package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.namespace;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.Test;

/** The article, before any policy: "pods in these deployments can talk to each other freely". */
@NetpolTest
@Manifests("manifests/base")
class Stage0NoPoliciesTest {

  @Test
  void frontendReachesBackend(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Workload("default/backend") Endpoint backend) {
    assertThat(cluster).allows(frontend).to(backend).onTcp(80);
  }

  @Test
  void everyPodReachesEveryPodOnEveryPort(Cluster cluster) {
    assertThat(cluster).allows(namespace("default")).to(namespace("default")).onAllPorts();
  }

  @Test
  void everyPodReachesTheInternetAndIsReachedFromIt(Cluster cluster) {
    assertThat(cluster).allows(namespace("default")).to(cidr("0.0.0.0/0")).onAllPorts();
    assertThat(cluster).allows(cidr("0.0.0.0/0")).to(namespace("default")).onAllPorts();
  }
}
