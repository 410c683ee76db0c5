package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Port;
import dev.netpol.core.testkit.SeedCluster;
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
            "    to: matched (peer 0 {podSelector: app=backend})",
            "    ports: matched (TCP/80)",
            "  ingress of default/backend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend, rule ingress[0]",
            "    from: matched (peer 0 {podSelector: app=frontend})",
            "    ports: matched (TCP/80)",
            "default/frontend-1 -> default/backend-0 on TCP/80: ALLOWED",
            "  egress of default/frontend-1: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[0]",
            "    to: matched (peer 0 {podSelector: app=backend})",
            "    ports: matched (TCP/80)",
            "  ingress of default/backend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend, rule ingress[0]",
            "    from: matched (peer 0 {podSelector: app=frontend})",
            "    ports: matched (TCP/80)"));
  }

  /** The explanation of frontend-N -> backend-M denied on a port neither side allows. */
  static String deniedToBackend(String f, String b, String port) {
    return String.join("\n",
        "default/" + f + " -> default/" + b + " on " + port + ": DENIED",
        "  egress of default/" + f + ": denied, isolated by 1 policy",
        "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
        "      to: matched (peer 0 {podSelector: app=backend})",
        "      ports: " + port + " is not in [TCP/80]",
        "  ingress of default/" + b + ": denied, isolated by 2 policies",
        "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
        "      from: matched (peer 0 {podSelector: app=frontend})",
        "      ports: " + port + " is not in [TCP/80]",
        "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress");
  }

  static final String ALLOWED_0_TO_0 = String.join("\n",
      "default/frontend-0 -> default/backend-0 on TCP/80: ALLOWED",
      "  egress of default/frontend-0: allowed by NetworkPolicy"
          + " default/allow-frontend-egress-to-backend, rule egress[0]",
      "    to: matched (peer 0 {podSelector: app=backend})",
      "    ports: matched (TCP/80)",
      "  ingress of default/backend-0: allowed by NetworkPolicy"
          + " default/allow-frontend-to-backend, rule ingress[0]",
      "    from: matched (peer 0 {podSelector: app=frontend})",
      "    ports: matched (TCP/80)");

  @Test
  void onUdpFailsWhenOnlyTcpIsAllowed() {
    assertThatThrownBy(() -> assertThat(cluster).allows(pod("default/frontend-0"))
            .to(pod("default/backend-0")).onUdp(53))
        .hasMessage("expected pod default/frontend-0 to reach pod default/backend-0 on UDP/53,"
            + " but 1 of 1 pod pair is denied:\n" + deniedToBackend("frontend-0", "backend-0", "UDP/53"));
  }

  @Test
  void onSctpIsNeverReadAsTcp() {
    assertThat(cluster).denies(frontend).to(backend).onSctp(80);
    assertThatThrownBy(() -> assertThat(cluster).allows(pod("default/frontend-0"))
            .to(pod("default/backend-0")).onSctp(80))
        .hasMessage("expected pod default/frontend-0 to reach pod default/backend-0 on SCTP/80,"
            + " but 1 of 1 pod pair is denied:\n" + deniedToBackend("frontend-0", "backend-0", "SCTP/80"));
  }

  @Test
  void onAllPortsJudgesExactPortSetsAndShowsAnExample() {
    assertThat(cluster).denies(backend).to(backend).onAllPorts();
    assertThatThrownBy(() -> assertThat(cluster).allows(frontend).to(pod("default/backend-0")).onAllPorts())
        .hasMessage(String.join("\n",
            "expected workload default/frontend to reach pod default/backend-0 on all ports,"
                + " but 2 of 2 pod pairs are denied:",
            "default/frontend-0 -> default/backend-0: denied on TCP/1-79, TCP/81-65535, UDP/1-65535,"
                + " SCTP/1-65535; for example:",
            deniedToBackend("frontend-0", "backend-0", "TCP/1"),
            "default/frontend-1 -> default/backend-0: denied on TCP/1-79, TCP/81-65535, UDP/1-65535,"
                + " SCTP/1-65535; for example:",
            deniedToBackend("frontend-1", "backend-0", "TCP/1")));
  }

  @Test
  void onAllPortsTowardACidrJudgesEveryAddress() {
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("default/backend-0"))
            .to(cidr("8.8.8.0/24")).onAllPorts())
        .hasMessage(String.join("\n",
            "expected pod default/backend-0 not to reach cidr 8.8.8.0/24 on all ports,"
                + " but 1 of 1 pair is allowed:",
            "default/backend-0 -> 8.8.8.0/24: allowed on TCP/1-65535, UDP/1-65535, SCTP/1-65535;"
                + " for example:",
            "default/backend-0 -> 8.8.8.0/24 on TCP/1: ALLOWED",
            "  egress of default/backend-0: not isolated (no NetworkPolicy in default selects it for egress)",
            "  ingress of 8.8.8.0/24: not applicable (outside the cluster)"));
  }

  @Test
  void onTcpPortsAsksEveryPortOfTheRange() {
    assertThat(cluster).denies(frontend).to(backend).onTcpPorts(81, 65535);
    assertThat(cluster).allows(frontend).to(backend).onTcpPorts(80, 80);
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("default/frontend-0"))
            .to(pod("default/backend-0")).onTcpPorts(1, 1024))
        .hasMessage(String.join("\n",
            "expected pod default/frontend-0 not to reach pod default/backend-0 on TCP/1-1024,"
                + " but 1 of 1 pod pair is allowed:",
            "default/frontend-0 -> default/backend-0: allowed on TCP/80; for example:",
            ALLOWED_0_TO_0));
    assertThatThrownBy(() -> assertThat(cluster).allows(frontend).to(backend).onTcpPorts(90, 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a port range within 1..65535 with from <= to, found 90..80");
  }

  @Test
  void onNamedPortResolvesThePortOnEachDestinationPod() {
    assertThat(cluster).allows(frontend).to(backend).onNamedPort("http");
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("default/frontend-0"))
            .to(pod("default/backend-0")).onNamedPort("http"))
        .hasMessage("expected pod default/frontend-0 not to reach pod default/backend-0 on named port"
            + " http, but 1 of 1 pod pair is allowed:\n" + ALLOWED_0_TO_0);
  }

  @Test
  void aDestinationWithoutTheNamedPortFailsEvenDenies() {
    assertThatThrownBy(() -> assertThat(cluster).denies(frontend)
            .to(pods("default", "app in (backend,frontend)")).onNamedPort("http"))
        .hasMessage(String.join("\n",
            "expected workload default/frontend not to reach pods app in (backend,frontend) in default"
                + " on named port http, but 2 of 4 destinations are without a container port named http:",
            "default/frontend-0 declares TCP/80",
            "default/frontend-1 declares TCP/80"));
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("default/frontend-0"))
            .to(Endpoint.ip("8.8.8.8")).onNamedPort("http"))
        .hasMessage("expected pod default/frontend-0 not to reach ip 8.8.8.8 on named port http,"
            + " but 1 of 1 destination is without a container port named http:\n"
            + "8.8.8.8 is outside the cluster: a named port is resolved on a destination pod");
  }

  @Test
  void aTypoInALabelNeverMakesDeniesPass() {
    assertThatThrownBy(() -> assertThat(cluster).denies(pods("default", "app=frontnd"))
            .to(backend).onTcp(80))
        .hasMessage("expected pods app=frontnd in default not to reach workload default/backend on"
            + " TCP/80, but cannot resolve pods app=frontnd in default: no pod in namespace default"
            + " has app=frontnd; pods have app in {backend, frontend}");
    assertThatThrownBy(() -> assertThat(cluster).denies(frontend)
            .to(workload("default/backnd")).onAllPorts())
        .hasMessage("expected workload default/frontend not to reach workload default/backnd on all"
            + " ports, but cannot resolve workload default/backnd: no workload default/backnd; did you"
            + " mean backend?");
  }

  @Test
  void showsFivePairsThenHowManyMore() {
    assertThatThrownBy(() -> assertThat(cluster).allows(Endpoint.namespace("default"))
            .to(Endpoint.namespace("default")).onTcp(8080))
        .hasMessageStartingWith("expected namespace default to reach namespace default on TCP/8080,"
            + " but 12 of 16 pod pairs are denied:\ndefault/frontend-0 -> default/frontend-0 on"
            + " TCP/8080: DENIED\n")
        .hasMessageEndingWith("      ports: TCP/8080 is not in [TCP/80]\n"
            + "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all"
            + " ingress\nand 7 more")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage().split("\n"))
            .filteredOn(line -> line.matches("^default/\\S+ -> .*"))
            .hasSize(5));
  }

  @Test
  void descriptionPrefixesTheMessage() {
    assertThatThrownBy(() -> assertThat(cluster).as("checkout path").allows(pod("default/frontend-0"))
            .to(pod("default/backend-0")).onUdp(53))
        .hasMessageStartingWith("[checkout path] expected pod default/frontend-0 to reach pod"
            + " default/backend-0 on UDP/53, but 1 of 1 pod pair is denied:\n");
  }

  @Test
  void representationRendersTheEndpoints() {
    org.assertj.core.presentation.Representation upper =
        new org.assertj.core.presentation.StandardRepresentation() {
          @Override
          public String toStringOf(Object o) {
            return o instanceof Endpoint ? "<" + o.toString().toUpperCase() + ">" : super.toStringOf(o);
          }
        };
    assertThatThrownBy(() -> assertThat(cluster).withRepresentation(upper)
            .allows(pod("default/frontend-0")).to(pod("default/backend-0")).onUdp(53))
        .hasMessageStartingWith("expected <POD DEFAULT/FRONTEND-0> to reach <POD DEFAULT/BACKEND-0>"
            + " on UDP/53, but 1 of 1 pod pair is denied:\n");
  }

  @Test
  void withFailMessageReplacesTheMessage() {
    assertThatThrownBy(() -> assertThat(cluster).withFailMessage("no DNS for frontend")
            .allows(pod("default/frontend-0")).to(pod("default/backend-0")).onUdp(53))
        .hasMessage("no DNS for frontend");
  }

  @Test
  void terminalsReturnTheClusterAssertForMoreChains() {
    assertThat(cluster)
        .allows(frontend).to(backend).onTcp(80)
        .denies(backend).to(backend).onTcp(80)
        .isolatesIngressOf(backend);
  }

  private static Endpoint pod(String id) {
    return Endpoint.pod(id);
  }
}
