package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.netpol.core.spi.PendingCheck;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @NetpolTest} runs the {@link PendingCheck}s after each test, so work a test leaves
 * unfinished fails that test and not the next one. (netpol-assertj's unfinished chain is checked
 * end to end in the examples module, which has both on its class path.)
 */
class PendingCheckTest {

  @NetpolTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LeavesWorkUnfinished {
    @Test
    @Order(1)
    void leavesIt() {
      ScriptedPendingCheck.leave("left unfinished by leavesIt");
    }

    @Test
    @Order(2)
    void runsNext() {}
  }

  @NetpolTest
  static class FailsAndLeavesWork {
    @Test
    void failsAndLeavesIt() {
      ScriptedPendingCheck.leave("left unfinished too");
      throw new AssertionError("its own failure");
    }
  }

  @Test
  void theTestThatLeftWorkUnfinishedFailsAndTheNextOneDoesNot() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(LeavesWorkUnfinished.class))
            .execute()
            .testEvents();

    events.assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
    events.assertThatEvents()
        .haveExactly(1, event(test("leavesIt"), finishedWithFailure(
            instanceOf(AssertionError.class), message("left unfinished by leavesIt"))))
        .haveExactly(1, event(test("runsNext"), finishedSuccessfully()));
  }

  @Test
  void aTestThatFailsOnItsOwnKeepsItsFailureAndReportsTheLeftoverBesideIt() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(FailsAndLeavesWork.class))
            .execute()
            .testEvents();

    Throwable failure =
        events.failed().stream().findFirst().orElseThrow()
            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
            .getThrowable().orElseThrow();
    assertThat(failure).hasMessage("its own failure");
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s).hasMessage("left unfinished too"));
  }

  @Test
  void theChecksOnTheClassPathAreFound() {
    assertThat(PendingCheck.installed())
        .hasAtLeastOneElementOfType(ScriptedPendingCheck.class);
  }
}
