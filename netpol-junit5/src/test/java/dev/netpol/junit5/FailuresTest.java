package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.model.Port;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs deliberately failing suites through a real Jupiter engine and reads their failures. */
class FailuresTest {
  private static final String BROKEN =
      "2 problems in the manifests:\n"
          + "  classpath:manifests/broken/bad-policy.yaml:11:15:"
          + " spec.ingress[0].from[0].ipBlock.cidr:"
          + " invalid CIDR \"10.0.0.0/33\": prefix must be at most 32, found 33\n"
          + "  classpath:manifests/broken/bad-policy.yaml:14:13: spec.ingress[0].ports[0].port:"
          + " must be between 1 and 65535, found 70000";

  @NetpolTest
  @Manifests("manifests/broken")
  static class BrokenManifests {
    @Test
    void needsTheCluster(Cluster cluster) {}

    @Test
    void needsAnEndpoint(@Workload("default/frontend") Endpoint frontend) {}

    @Test
    void readsOnlyTheReport(LoadReport report) {
      assertThat(report.problems()).hasSize(2);
    }
  }

  @NetpolTest
  @Manifests("manifests/broken")
  static class BrokenManifestsInBeforeEach {
    @BeforeEach
    void setUp(Cluster cluster) {}

    @Test
    void anything() {}
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class MisspelledEndpoints {
    @Test
    void misspelledWorkload(@Workload("default/frontnd") Endpoint frontend) {}

    @Test
    void selectionOfNothing(@Pods("app=frontnd") Endpoint frontend) {}
  }

  @NetpolTest
  @Manifests("netpol/seed")
  static class InheritWithOptions {
    @Test
    @Manifests(value = "manifests/extra", inherit = true, systemPods = true)
    void conflicting(Cluster cluster) {}
  }

  @NetpolTest
  static class NoManifests {
    @Test
    void needsTheCluster(Cluster cluster) {}
  }

  private static Events run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute().testEvents();
  }

  @Test
  void failsEveryTestThatNeedsTheClusterWithTheLoaderMessageAndNothingElse() {
    Events events = run(BrokenManifests.class);

    events.assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
    events.assertThatEvents()
        .haveExactly(
            2, event(test(), finishedWithFailure(instanceOf(ManifestException.class), message(BROKEN))));
    assertThat(
            ManifestLoader.defaults().loadResources("manifests/broken").report().problems())
        .hasSize(2);
  }

  @Test
  void failsATestWhoseBeforeEachNeedsTheClusterWithTheLoaderMessage() {
    run(BrokenManifestsInBeforeEach.class)
        .assertThatEvents()
        .haveExactly(
            1, event(test(), finishedWithFailure(instanceOf(ManifestException.class), message(BROKEN))));
  }

  @Test
  void failsAnEndpointThatNamesNothingWithCoreNearestMisses() {
    Cluster seed = Cluster.fromClasspath("netpol/seed");
    String workload = resolutionMessage(seed, Endpoint.workload("default/frontnd"));
    String selection = resolutionMessage(seed, Endpoint.pods("app=frontnd"));

    Events events = run(MisspelledEndpoints.class);

    assertThat(workload).isEqualTo(
        "workload default/frontnd: no workload default/frontnd; did you mean frontend?");
    events.assertThatEvents()
        .haveExactly(1, event(test("misspelledWorkload"),
            finishedWithFailure(instanceOf(EndpointResolutionException.class), message(workload))))
        .haveExactly(1, event(test("selectionOfNothing"),
            finishedWithFailure(instanceOf(EndpointResolutionException.class), message(selection))));
  }

  private static String resolutionMessage(Cluster cluster, Endpoint endpoint) {
    try {
      cluster.evaluate(endpoint, Endpoint.ip("192.0.2.1"), Port.tcp(80));
      throw new AssertionError(endpoint + " resolved");
    } catch (EndpointResolutionException e) {
      return e.getMessage();
    }
  }

  @Test
  void refusesOptionsOnAMethodThatInheritsTheClassManifests() {
    run(InheritWithOptions.class)
        .assertThatEvents()
        .haveExactly(1, event(test(), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class),
            message(m -> m.contains("takes the class's options")))));
  }

  @Test
  void saysWhichAnnotationIsMissingWhenThereAreNoManifests() {
    run(NoManifests.class)
        .assertThatEvents()
        .haveExactly(1, event(test(), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class),
            message(m -> m.startsWith("no @Manifests for needsTheCluster(Cluster)")))));
  }
}
