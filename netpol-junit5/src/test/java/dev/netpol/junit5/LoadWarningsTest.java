package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netpol.core.Cluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Load warnings are seen in the test run: printed once per load, and as report entries. */
class LoadWarningsTest {
  private static final String WARNING =
      "podSelector app=wbe matches no pod in shop, so NetworkPolicy shop/protect-web protects"
          + " nothing; nearest: app=web";

  @NetpolTest
  @Manifests("manifests/warned")
  static class FirstClass {
    @Test
    void one(Cluster cluster) {
      assertThat(cluster.pods()).hasSize(1);
    }

    @Test
    void two(Cluster cluster) {
      assertThat(cluster.pods()).hasSize(1);
    }
  }

  @NetpolTest
  @Manifests("manifests/warned")
  static class SecondClass {
    @Test
    void three(Cluster cluster) {
      assertThat(cluster.pods()).hasSize(1);
    }
  }

  @NetpolTest
  @Manifests("manifests/cache-probe")
  static class OnlyTheDefaultNamespace {
    @Test
    void four(Cluster cluster) {
      assertThat(cluster.pods()).isNotEmpty();
    }
  }

  /**
   * Runs the classes in one engine run, adding the report entries of the test classes to {@code
   * entries}; returns what the run printed to System.err.
   */
  private static String run(List<ReportEntry> entries, Class<?>... classes) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      EngineExecutionResults results =
          EngineTestKit.engine("junit-jupiter")
              .selectors(
                  Arrays.stream(classes)
                      .map(c -> selectClass(c))
                      .toArray(DiscoverySelector[]::new))
              .execute();
      results.allEvents().assertStatistics(stats -> stats.failed(0));
      assertThat(results.testEvents().reportingEntryPublished().list())
          .as("a test's own report entries are left to it")
          .isEmpty();
      results.containerEvents().reportingEntryPublished().stream()
          .map(e -> e.getRequiredPayload(ReportEntry.class))
          .forEach(entries::add);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  private static List<String> warningEntries(List<ReportEntry> entries) {
    return entries.stream()
        .map(ReportEntry::getKeyValuePairs)
        .filter(m -> m.containsKey(ManifestCache.WARNINGS_ENTRY))
        .map(m -> m.get(ManifestCache.WARNINGS_ENTRY))
        .collect(Collectors.toList());
  }

  @Test
  void warningsArePrintedOnceForEveryTestThatSharesTheLoad() {
    List<ReportEntry> entries = new ArrayList<>();

    String printed = run(entries, FirstClass.class, SecondClass.class);

    assertThat(printed)
        .containsOnlyOnce("netpol: 1 warning loading classpath:manifests/warned:")
        .containsOnlyOnce(WARNING)
        .contains("manifests/warned/shop.yaml:29:3: spec.podSelector: " + WARNING);
  }

  @Test
  void warningsArePublishedAsAReportEntryOfEachTestClass() {
    List<ReportEntry> entries = new ArrayList<>();

    run(entries, FirstClass.class, SecondClass.class);

    assertThat(warningEntries(entries))
        .hasSize(2)
        .allSatisfy(value -> assertThat(value).endsWith("spec.podSelector: " + WARNING));
  }

  @Test
  void everyWarningOfTheLoadIsShownNotOnlyTheNewKinds() {
    List<ReportEntry> entries = new ArrayList<>();

    String printed = run(entries, OnlyTheDefaultNamespace.class);

    assertThat(printed).contains("namespace default (the default namespace) is used by");
    assertThat(warningEntries(entries))
        .singleElement()
        .asString()
        .contains("namespace default (the default namespace) is used by");
  }

  @Test
  void aLoadWithoutWarningsPrintsAndPublishesNothing() {
    List<ReportEntry> entries = new ArrayList<>();

    String printed = run(entries, Quiet.class);

    assertThat(printed).doesNotContain("netpol:");
    assertThat(warningEntries(entries)).isEmpty();
  }

  @NetpolTest
  @Manifests("manifests/quiet")
  static class Quiet {
    @Test
    void five(Cluster cluster) {
      assertThat(cluster.pods()).hasSize(1);
    }
  }
}
