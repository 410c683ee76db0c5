package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.service;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.ServicePort;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import org.junit.jupiter.api.Test;

/** A Service translates its port to the pods' target port; port sets cannot be translated. */
class ServiceDestinationTest {
  /** Service port 80 -> pod port 8080; the server accepts only 8080. */
  private final Cluster cluster =
      Cluster.builder()
          .pod(Pod.builder("default", "client").ip(IpAddress.parse("10.0.0.1")).build())
          .pod(
              Pod.builder("default", "server")
                  .labels(Labels.of("app", "server"))
                  .ip(IpAddress.parse("10.0.0.2"))
                  .build())
          .service(
              new Service(
                  "default",
                  "svc",
                  Labels.of("app", "server"),
                  ImmutableList.of(ServicePort.toNumber("http", 80, Protocol.TCP, 8080))))
          .policy(
              NetworkPolicy.builder("default", "only-8080")
                  .podSelector(LabelSelector.matchLabels("app", "server"))
                  .ingress(NetworkPolicyRule.builder().port(NetworkPolicyPort.tcp(8080)).build())
                  .build())
          .build();

  @Test
  void aSinglePortIsTheServicePortTranslatedToTheTargetPort() {
    assertThat(cluster).allows(pod("default/client")).to(service("default/svc")).onTcp(80);
  }

  @Test
  void aPortRangeTowardAServiceFailsInsteadOfJudgingUntranslatedPorts() {
    assertThatThrownBy(
            () ->
                assertThat(cluster)
                    .denies(pod("default/client"))
                    .to(service("default/svc"))
                    .onTcpPorts(80, 80))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a Service translates one of its ports to its pods' target port")
        .hasMessageContaining("TCP/80 cannot be asked of it");
  }

  @Test
  void allPortsAndNamedPortsTowardAServiceFailToo() {
    assertThatThrownBy(
            () -> assertThat(cluster).allows(pod("default/client")).to(service("default/svc")).onAllPorts())
        .hasMessageContaining("all ports cannot be asked of it");
    assertThatThrownBy(
            () ->
                assertThat(cluster)
                    .allows(pod("default/client"))
                    .to(service("default/svc"))
                    .onNamedPort("http"))
        .hasMessageContaining("named port http cannot be asked of it");
  }
}
