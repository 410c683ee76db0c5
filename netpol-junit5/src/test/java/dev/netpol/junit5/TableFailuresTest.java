package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.netpol.core.Endpoint;
import dev.netpol.core.manifest.ManifestException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.opentest4j.AssertionFailedError;

/** Truth tables run through a real Jupiter engine: names, passes, failures, reports. */
class TableFailuresTest {
  private static final String ACTUAL_STALE =
      "# port: TCP/80\n"
          + "                    default/backend-0 default/backend-1\n"
          + "default/frontend-0  .                 .\n"
          + "default/frontend-1  .                 .\n";

  @NetpolTest
  @Manifests("netpol/seed")
  static class SeedTable {
    @ReachabilityTest("netpol/seed/tcp-80.txt")
    void seed() {}
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class StaleTable {
    @ReachabilityTest("tables/seed-tcp-80-stale.txt")
    void stale() {}
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class UnknownPod {
    @ReachabilityTest("tables/seed-unknown-pod.txt")
    void unknown() {}
  }

  @NetpolTest
  @Manifests("manifests/broken")
  static class BrokenManifests {
    @ReachabilityTest("netpol/seed/tcp-80.txt")
    void broken() {}
  }

  private static EngineExecutionResults run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute();
  }

  @Test
  void runsOneTestPerCellNamedByItsQuestionAndExpectedAnswer() {
    EngineExecutionResults results = run(SeedTable.class);

    results.testEvents().assertStatistics(stats -> stats.started(16).succeeded(16));
    List<String> names =
        results.testEvents().started().stream()
            .map(e -> e.getTestDescriptor().getDisplayName())
            .collect(Collectors.toList());
    assertThat(names)
        .startsWith(
            "default/backend-0 -> default/backend-0 on TCP/80: denied",
            "default/backend-0 -> default/backend-1 on TCP/80: denied")
        .contains("default/frontend-0 -> default/backend-1 on TCP/80: allowed")
        .endsWith("default/frontend-1 -> default/frontend-1 on TCP/80: denied");
  }

  @Test
  void failsAWrongCellWithTheExplanationAndTheActualTable() {
    EngineExecutionResults results = run(StaleTable.class);

    results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
    Event failed = results.testEvents().failed().stream().findFirst().orElseThrow();
    assertThat(failed.getTestDescriptor().getDisplayName())
        .isEqualTo("default/frontend-0 -> default/backend-1 on TCP/80: denied");
    Throwable thrown =
        failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(thrown).isInstanceOf(AssertionFailedError.class);
    assertThat(thrown.getMessage())
        .isEqualTo(
            "tables/seed-tcp-80-stale.txt:4: default/frontend-0 -> default/backend-1: expected X,"
                + " found .\n"
                + "default/frontend-0 -> default/backend-1 on TCP/80: ALLOWED\n"
                + "  egress of default/frontend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[0]\n"
                + "    to: matched (peer 0 {podSelector: app=backend})\n"
                + "    ports: matched (TCP/80)\n"
                + "  ingress of default/backend-1: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend-ingress, rule ingress[0]\n"
                + "    from: matched (peer 0 {podSelector: app=frontend})\n"
                + "    ports: matched (TCP/80)\n"
                + "Actual table (copy it over tables/seed-tcp-80-stale.txt if the change is"
                + " intended):\n"
                + ACTUAL_STALE.stripTrailing());
    AssertionFailedError diff = (AssertionFailedError) thrown;
    assertThat(diff.getActual().getStringRepresentation()).isEqualTo(ACTUAL_STALE);
    assertThat(diff.getExpected().getStringRepresentation())
        .contains("default/frontend-0  .                 X");
  }

  @Test
  void publishesTheReachabilityTableOfTheFailedTest() {
    EngineExecutionResults results = run(StaleTable.class);

    List<ReportEntry> entries =
        results.testEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
            .collect(Collectors.toList());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).getKeyValuePairs())
        .containsEntry(
            "netpol reachability TCP/80",
            "# port: TCP/80\n"
                + "                    default/frontend-0 default/frontend-1 default/backend-0"
                + " default/backend-1\n"
                + "default/frontend-0  X                  X                  .                 .\n"
                + "default/frontend-1  X                  X                  .                 .\n"
                + "default/backend-0   .                  .                  X                 X\n"
                + "default/backend-1   .                  .                  X                 X\n");
  }

  @Test
  void failsATableThatNamesAPodTheClusterDoesNotHaveWithFileAndLine() {
    run(UnknownPod.class)
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(container("unknown"), finishedWithFailure(
            instanceOf(IllegalArgumentException.class),
            message(m -> m.startsWith(
                "tables/seed-unknown-pod.txt:2: column default/backnd-1 is not a pod of the"
                    + " cluster; did you mean default/backend-1")))));
  }

  @Test
  void failsATableOverInvalidManifestsWithTheLoaderMessage() {
    EngineExecutionResults results = run(BrokenManifests.class);

    results.containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(container("broken"), finishedWithFailure(
            instanceOf(ManifestException.class),
            message(m -> m.startsWith("2 problems in the manifests:")))));
    assertThat(results.testEvents().list()).noneMatch(e -> e.getType() == EventType.STARTED);
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class FailingAssertion {
    @Test
    void failsWithoutNamingPods() {
      throw new AssertionError("policy changed");
    }
  }

  @Test
  void publishesTheWholeClusterTableWhenAFailedTestNamedNoPods() {
    EngineExecutionResults results = run(FailingAssertion.class);

    results.testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test(), displayName("failsWithoutNamingPods()"),
            finishedWithFailure(message("policy changed"))));
    List<ReportEntry> entries =
        results.testEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
            .collect(Collectors.toList());
    assertThat(entries).singleElement()
        .satisfies(e -> assertThat(e.getKeyValuePairs()).containsOnlyKeys("netpol reachability TCP/80"));
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class FailingWithEndpoints {
    @Test
    void failsAfterNamingTheFrontend(@Workload("default/frontend") Endpoint frontend) {
      throw new AssertionError("policy changed");
    }
  }

  @Test
  void publishesTheTableOfThePodsAFailedTestNamedOnTheirContainerPorts() {
    EngineExecutionResults results = run(FailingWithEndpoints.class);

    List<ReportEntry> entries =
        results.testEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
            .collect(Collectors.toList());
    assertThat(entries).singleElement()
        .satisfies(e -> assertThat(e.getKeyValuePairs()).containsExactly(entry(
            "netpol reachability TCP/80",
            "# port: TCP/80\n"
                + "                    default/frontend-0 default/frontend-1\n"
                + "default/frontend-0  X                  X\n"
                + "default/frontend-1  X                  X\n")));
  }
}
