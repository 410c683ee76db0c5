package dev.netpol.assertj;

import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.testkit.SeedCluster;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** NetpolSoftAssertions collects every failure of a test, chains included. */
class SoftAssertionsTest {
  private static final Cluster CLUSTER = SeedCluster.build();
  private static final Endpoint FRONTEND = workload("default/frontend");
  private static final Endpoint BACKEND = workload("default/backend");

  private static final String UDP_FAILURE =
      "[dns] expected pod default/frontend-0 to reach pod default/backend-0 on UDP/53, but 1 of 1"
          + " pod pair is denied:\n"
          + ReachabilityAssertionsTest.deniedToBackend("frontend-0", "backend-0", "UDP/53");

  @Test
  void assertSoftlyCollectsEveryFailure() {
    assertThatThrownBy(() -> NetpolSoftAssertions.assertSoftly(softly -> {
          softly.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(80);
          softly.assertThat(CLUSTER).as("dns").allows(pod("default/frontend-0"))
              .to(pod("default/backend-0")).onUdp(53);
          softly.assertThat(CLUSTER).isolatesEgressOf(BACKEND);
          softly.assertThat(CLUSTER).denies(FRONTEND).to(BACKEND).onTcp(80)
              .denies(BACKEND).to(BACKEND).onTcp(80);
        }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Multiple Failures (3 failures)")
        .hasMessageContaining(UDP_FAILURE)
        .hasMessageContaining("expected every pod of workload default/backend to be isolated for"
            + " egress, but 2 of 2 pods are not selected by any NetworkPolicy for egress:")
        .hasMessageContaining("expected workload default/frontend not to reach workload"
            + " default/backend on TCP/80, but 4 of 4 pod pairs are allowed:");
  }

  @Test
  void softAssertionsPassWhenEveryAssertionHolds() {
    NetpolSoftAssertions softly = new NetpolSoftAssertions();
    softly.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(80).isolatesIngressOf(BACKEND);
    softly.assertThat(CLUSTER.evaluate(CLUSTER.pod("default/backend-0").orElseThrow(),
        CLUSTER.pod("default/backend-1").orElseThrow(), dev.netpol.core.model.Port.tcp(80))).isDenied();
    softly.assertAll();
    assertThat(softly.errorsCollected()).isEmpty();
  }

  @Test
  void verdictFailuresAreCollected() {
    NetpolSoftAssertions softly = new NetpolSoftAssertions();
    softly.assertThat(CLUSTER.evaluate(CLUSTER.pod("default/backend-0").orElseThrow(),
        CLUSTER.pod("default/backend-1").orElseThrow(), dev.netpol.core.model.Port.tcp(80)))
        .isAllowed().isAllowedBy("allow-frontend-to-backend");
    assertThat(softly.errorsCollected()).hasSize(2);
  }

  @Test
  void anUnfinishedChainIsCollectedByTheNextAssertThat() {
    NetpolSoftAssertions softly = new NetpolSoftAssertions();
    ConnectionTo unused = softly.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND);
    softly.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(80);
    assertThat(softly.errorsCollected()).singleElement().extracting(Throwable::getMessage)
        .asString().startsWith("unfinished netpol assertion started at SoftAssertionsTest.java:");
    assertThat(unused).isNotNull();
  }

  @Test
  void softAssertionsExtensionInjectsNetpolSoftAssertions() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(InjectedSoftly.class))
        .execute()
        .testEvents();
    events.assertStatistics(stats -> stats.started(1).failed(1));
    Throwable failure = events.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
        .getThrowable().orElseThrow();
    assertThat(failure.getMessage())
        .contains("Multiple Failures (2 failures)")
        .contains(UDP_FAILURE)
        .contains("expected every pod of namespace default to be isolated for ingress");
  }

  /** Run by the test kit only (surefire skips nested classes). */
  @ExtendWith(SoftAssertionsExtension.class)
  static class InjectedSoftly {
    @InjectSoftAssertions NetpolSoftAssertions softly;

    @Test
    void twoFailures() {
      softly.assertThat(CLUSTER).as("dns").allows(pod("default/frontend-0"))
          .to(pod("default/backend-0")).onUdp(53);
      softly.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(80);
      softly.assertThat(CLUSTER).isolatesIngressOf(Endpoint.namespace("default"));
    }
  }
}
