package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Port;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.Test;

/**
 * The most common NetworkPolicy mistake: {@code namespaceSelector} and {@code podSelector} written
 * as two peer entries (an OR) instead of one (an AND). The YAML differs by one {@code -}; the
 * meaning goes from "kube-dns pods" to "every pod of every namespace".
 */
@NetpolTest
@Manifests(
    value = {"manifests/base", "manifests/mistake", "manifests/extras"},
    systemPods = true)
class CommonMistakeTest {

  @Test
  void twoPeerEntriesLetFrontendReachAnyPodOnPort53(
      Cluster cluster, @Workload("default/frontend") Endpoint frontend) {
    assertThat(cluster).allows(frontend).to(pod("other-team/debug")).onUdp(53);
  }

  @Test
  void theExplanationShowsWhichPeerLetItThrough(Cluster cluster) {
    String explanation =
        cluster
            .evaluate(
                cluster.pod("default/frontend-0").orElseThrow(),
                cluster.pod("other-team/debug").orElseThrow(),
                Port.udp(53))
            .explain();
    assertThat(explanation)
        .isEqualTo(
            "default/frontend-0 -> other-team/debug on UDP/53: ALLOWED\n"
                + "  egress of default/frontend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[1]\n"
                + "    to: matched (peer 0 {namespaceSelector: {}})\n"
                + "    ports: matched (UDP/53)\n"
                + "  ingress of other-team/debug: not isolated (no NetworkPolicy in other-team"
                + " selects it for ingress)");
  }
}
