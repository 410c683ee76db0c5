package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.junit5.Manifests;
import dev.netpol.junit5.NetpolTest;
import dev.netpol.junit5.Workload;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A chain left without its port ({@code assertThat(cluster).denies(a).to(b);}) asserts nothing.
 * Under {@code @NetpolTest} the test that left it fails, with where it started; the next test,
 * which has nothing to do with it, passes. Nothing to register: netpol-junit5 finds
 * netpol-assertj's check on the class path.
 */
class UnfinishedChainUnderNetpolTestTest {

  /** Run by the test kit only (Surefire skips nested classes). */
  @NetpolTest
  @Manifests({"manifests/base", "manifests/deny-ingress"})
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Suite {
    static volatile int line;

    @Test
    @Order(1)
    void forgetsThePort(
        Cluster cluster,
        @Workload("default/frontend") Endpoint frontend,
        @Workload("default/backend") Endpoint backend) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      assertThat(cluster).denies(frontend).to(backend);
    }

    @Test
    @Order(2)
    void anUnrelatedTestAfterIt(Cluster cluster, @Workload("default/backend") Endpoint backend) {
      assertThat(cluster).denies(backend).to(backend).onTcp(80);
    }
  }

  @Test
  void theTestThatLeftTheChainFailsAndTheNextOnePasses() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Suite.class))
            .execute()
            .testEvents();

    events.assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
    events.assertThatEvents()
        .haveExactly(1, event(test("forgetsThePort"), finishedWithFailure(
            instanceOf(AssertionError.class),
            message(m -> m.startsWith("unfinished netpol assertion started at"
                + " UnfinishedChainUnderNetpolTestTest.java:" + Suite.line + ": ")))))
        .haveExactly(1, event(test("anUnrelatedTestAfterIt"), finishedSuccessfully()));
    assertThat(Suite.line).isPositive();
  }
}
