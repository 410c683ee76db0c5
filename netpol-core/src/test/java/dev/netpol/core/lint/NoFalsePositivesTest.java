package dev.netpol.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.ManifestLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests written to be right give no finding: every scenario of examples/ (with and without
 * the system pods) and every fixture the core tests load. A finding here is either a mistake in
 * the manifests (fix them) or a false positive (fix the check). The examples' deliberate mistake
 * gives exactly its one finding.
 */
class NoFalsePositivesTest {
  private static final Path EXAMPLES = Path.of("../examples/src/main/resources/manifests");

  static Stream<Arguments> scenarios() {
    String[][] stages = {
      {"base"},
      {"base", "deny-ingress"},
      {"base", "allow-frontend"},
      {"base", "frontend-egress"},
      {"base", "frontend-egress", "extras"},
      {"base", "allow-frontend", "extras"},
      {"platform"},
    };
    return Stream.of(false, true)
        .flatMap(system -> Arrays.stream(stages).map(s -> Arguments.of(List.of(s), system)));
  }

  @ParameterizedTest(name = "examples {0}, systemPods={1}")
  @MethodSource("scenarios")
  void examplesScenariosHaveNoFindings(List<String> stages, boolean systemPods) {
    Path[] paths = stages.stream().map(EXAMPLES::resolve).toArray(Path[]::new);
    Cluster cluster =
        ManifestLoader.builder().systemPods(systemPods).build().load(paths).cluster();
    assertThat(cluster.lint()).isEmpty();
  }

  @Test
  void examplesMistakeGivesOnlyTheSplitPeerEntriesHint() {
    Cluster cluster = ManifestLoader.defaults()
        .load(EXAMPLES.resolve("base"), EXAMPLES.resolve("mistake")).cluster();
    assertThat(cluster.lint())
        .extracting(f -> f.code() + " " + f.fieldPath())
        .containsExactly("split-peer-entries spec.egress[1].to[1]");
  }

  @Test
  void examplesMistakeWithCoreDnsLoadedAlsoShowsThatItsPodSelectorMatchesNoPodOfItsNamespace() {
    Cluster cluster = ManifestLoader.builder().systemPods(true).build()
        .load(EXAMPLES.resolve("base"), EXAMPLES.resolve("mistake")).cluster();
    assertThat(cluster.lint())
        .extracting(f -> f.code() + " " + f.fieldPath())
        .containsExactly(
            "split-peer-entries spec.egress[1].to[1]",
            "peer-matches-nothing spec.egress[1].to[1].podSelector");
    assertThat(cluster.lint().get(1).message())
        .contains("pods matching it are in namespaces {kube-system}");
  }

  @ParameterizedTest(name = "core fixture {0}")
  @MethodSource("coreFixtures")
  void coreTestFixturesHaveNoFindings(String resource) {
    assertThat(Cluster.fromClasspath(resource).lint()).isEmpty();
  }

  static Stream<String> coreFixtures() {
    return Stream.of(
        "netpol/seed",
        "manifests/json",
        "manifests/workloads",
        "manifests/kubectl-dump",
        "manifests/helm");
  }
}
