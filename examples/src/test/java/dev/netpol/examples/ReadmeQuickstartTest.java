package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;

import dev.netpol.core.Cluster;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart test, word for word but for the manifest folder, so the README cannot
 * drift from what compiles and passes.
 */
@NetpolTest
@Manifests(value = {"manifests/base", "manifests/frontend-egress"}, systemPods = true)
class ReadmeQuickstartTest {
  @Test
  void frontendTalksOnlyToBackendAndDns(Cluster cluster) {
    assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
    assertThat(cluster).allows(workload("default/frontend")).to(pods("kube-system", "k8s-app=kube-dns")).onUdp(53);
    assertThat(cluster).denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
  }
}
