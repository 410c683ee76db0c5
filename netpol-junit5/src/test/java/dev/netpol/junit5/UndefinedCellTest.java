package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * A table cell whose answer depends on the order of two cluster-scoped policies of one tier and
 * priority (docs/cluster-policies.md#ties) fails its test, whatever the table expects.
 */
class UndefinedCellTest {
  @NetpolTest
  @Manifests("manifests/tied")
  static class TiedTable {
    @ReachabilityTest("tables/tied-tcp-5432.txt")
    void tied() {}
  }

  @Test
  void aCellWhoseAnswerIsUndefinedFailsNamingTheTiedPolicies() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(TiedTable.class)).execute();

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    Throwable thrown =
        results.testEvents().failed().stream()
            .findFirst()
            .orElseThrow()
            .getPayload(TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertThat(thrown).isInstanceOf(AssertionFailedError.class);
    assertThat(thrown.getMessage())
        .startsWith("tables/tied-tcp-5432.txt:4: shop/web -> shop/db: expected ., but the answer"
            + " is undefined\n")
        .contains("the answer is undefined because ClusterNetworkPolicy a-accept and"
            + " ClusterNetworkPolicy b-deny of the Admin tier share priority 5 and both select"
            + " shop/db");
  }
}
