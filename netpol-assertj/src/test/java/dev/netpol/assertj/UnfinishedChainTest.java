package dev.netpol.assertj;

import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Port;
import dev.netpol.core.testkit.SeedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** A chain without its port never passes silently. */
class UnfinishedChainTest {
  private static final Cluster CLUSTER = SeedCluster.build();
  private static final Endpoint FRONTEND = workload("default/frontend");
  private static final Endpoint BACKEND = workload("default/backend");

  private static String expected(int line) {
    return "unfinished netpol assertion started at UnfinishedChainTest.java:" + line
        + ": assertThat(cluster).denies(workload default/frontend).to(workload default/backend)"
        + " asks about no port; add .onTcp(port) or another on...() terminal (onUdp, onSctp, on,"
        + " onTcpPorts, onNamedPort, onAllPorts)";
  }

  @AfterEach
  void forgetLeftovers() {
    PendingChains.take();
  }

  @Test
  void theNextNetpolAssertionReportsWhereTheChainStarted() {
    int line = lineHere(); ConnectionTo unused = NetpolAssertions.assertThat(CLUSTER).denies(FRONTEND).to(BACKEND);
    assertThatThrownBy(() -> NetpolAssertions.assertThat(CLUSTER))
        .isInstanceOf(AssertionError.class)
        .hasMessage(expected(line));
    NetpolAssertions.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(80); // reported once
    assertThat(unused).isNotNull();
  }

  @Test
  void startingAnotherChainOnTheSameAssertReportsIt() {
    ClusterAssert clusterAssert = NetpolAssertions.assertThat(CLUSTER);
    int line = lineHere(); ConnectionTo unused = clusterAssert.denies(FRONTEND).to(BACKEND);
    assertThatThrownBy(() -> clusterAssert.allows(FRONTEND)).hasMessage(expected(line));
    assertThat(unused).isNotNull();
  }

  @Test
  void verdictAssertionsReportItToo() {
    int line = lineHere(); ConnectionTo unused = NetpolAssertions.assertThat(CLUSTER).denies(FRONTEND).to(BACKEND);
    assertThatThrownBy(() -> NetpolAssertions.assertThat(CLUSTER.evaluate(
            CLUSTER.pod("default/frontend-0").orElseThrow(),
            CLUSTER.pod("default/backend-0").orElseThrow(), Port.tcp(80))).isAllowed())
        .hasMessage(expected(line));
    assertThat(unused).isNotNull();
  }

  @Test
  void verifyNoUnfinishedAssertionsReportsAndForgets() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
    int line = lineHere(); ConnectionTo unused = NetpolAssertions.assertThat(CLUSTER).denies(FRONTEND).to(BACKEND);
    assertThatThrownBy(NetpolAssertions::verifyNoUnfinishedAssertions).hasMessage(expected(line));
    NetpolAssertions.verifyNoUnfinishedAssertions();
    assertThat(unused).isNotNull();
  }

  @Test
  void aFinishedChainLeavesNothingPending() {
    NetpolAssertions.assertThat(CLUSTER).denies(BACKEND).to(BACKEND).onTcp(80);
    assertThatThrownBy(() -> NetpolAssertions.assertThat(CLUSTER).allows(BACKEND).to(BACKEND).onTcp(80))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> NetpolAssertions.assertThat(CLUSTER).allows(FRONTEND).to(BACKEND).onTcp(0))
        .isInstanceOf(IllegalArgumentException.class);
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  @Test
  void theExtensionFailsATestThatLeavesAChainUnfinished() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LeavesAChain.class))
        .execute()
        .testEvents();
    events.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    Throwable failure = events.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    assertThat(failure).isInstanceOf(AssertionError.class).hasMessage(expected(LeavesAChain.line));
    NetpolAssertions.verifyNoUnfinishedAssertions(); // the extension forgot it once reported
  }

  /** Run by the test kit only (surefire skips nested classes). */
  @ExtendWith(NetpolAssertionsExtension.class)
  static class LeavesAChain {
    static volatile int line;

    @Test
    void forgetsThePort() {
      line = lineHere(); ConnectionTo unused = NetpolAssertions.assertThat(CLUSTER).denies(FRONTEND).to(BACKEND);
      assertThat(unused).isNotNull();
    }

    @Test
    void finishesIt() {
      NetpolAssertions.assertThat(CLUSTER).denies(BACKEND).to(BACKEND).onTcp(80);
    }
  }

  private static int lineHere() {
    return new Throwable().getStackTrace()[1].getLineNumber();
  }
}
