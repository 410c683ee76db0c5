package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One load reports every problem it has: the checks made while assembling the cluster (pod
 * names, duplicate objects, shared pod addresses) run even when other files have errors.
 */
class AllErrorsAtOnceTest {
  @TempDir Path dir;

  private static final String BAD_CIDR_POLICY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: p
      spec:
        podSelector: {}
        ingress:
        - from:
          - ipBlock:
              cidr: 10.0.0.0/33
      """;

  private static String pod(String name, String ip) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          containers:
          - name: main
            image: registry.k8s.io/pause:3.9
        status:
          podIP: %s
        """.formatted(name, ip);
  }

  private List<String> problems(String... namesAndTexts) throws IOException {
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      Files.writeString(dir.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
    }
    LoadResult result = ManifestLoader.defaults().load(dir);
    assertThat(result.isValid()).as("expected problems").isFalse();
    String base = dir.toString() + "/";
    return result.report().problems().stream()
        .map(p -> p.toString().replace(base, ""))
        .collect(Collectors.toList());
  }

  @Test
  void reportsTheProblemOfEachOfThreeFilesTogether() throws IOException {
    List<String> problems =
        problems(
            "a-policy.yaml", BAD_CIDR_POLICY,
            "b-pods.yaml", pod("Web_1", "10.1.0.1"),
            "c-dup.yaml", pod("db", "10.1.0.2") + "---\n" + pod("db", "10.1.0.3"));

    assertThat(problems)
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("a-policy.yaml:10:").contains("/33"))
        .anySatisfy(p -> assertThat(p).startsWith("b-pods.yaml:4:9: metadata.name: "))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "c-dup.yaml:12:1: metadata.name: duplicate Pod default/db: already"
                            + " defined at c-dup.yaml:1:1"));
  }

  @Test
  void duplicateObjectsAreReportedWhenAnotherFileHasAYamlError() throws IOException {
    List<String> problems =
        problems(
            "a.yaml", "kind: [unclosed\n",
            "b.yaml", pod("web", "10.1.0.1") + "---\n" + pod("web", "10.1.0.2"));

    assertThat(problems).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("a.yaml:"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("duplicate Pod default/web"));
  }

  @Test
  void podNameProblemsAreReportedWhenAnotherFileHasErrors() throws IOException {
    List<String> problems =
        problems("a.yaml", BAD_CIDR_POLICY, "b.yaml", pod("Not_A_Name", "10.1.0.1"));

    assertThat(problems).hasSize(2);
    assertThat(problems.get(1)).startsWith("b.yaml:4:9: metadata.name: ");
  }

  @Test
  void sharedPodIpIsReportedAtTheSecondPodsStatusPodIp() throws IOException {
    List<String> problems =
        problems(
            "a.yaml", BAD_CIDR_POLICY,
            "b.yaml", pod("web", "10.1.0.7"),
            "c.yaml", pod("db", "10.1.0.7"));

    assertThat(problems)
        .hasSize(2)
        .contains(
            "c.yaml:1:1: status.podIP: address 10.1.0.7 of pod default/db is already used by pod"
                + " default/web at b.yaml:1:1: two pods cannot share an address (remove the"
                + " podIP to let netpol assign one)");
    assertThat(problems).noneMatch(p -> p.startsWith("cluster"));
  }

  @Test
  void sharedPodIpWithoutOtherErrorsIsNotReportedAtCluster() throws IOException {
    List<String> problems =
        problems("b.yaml", pod("web", "10.1.0.7") + "---\n" + pod("db", "10.1.0.7"));

    assertThat(problems)
        .containsExactly(
            "b.yaml:12:1: status.podIP: address 10.1.0.7 of pod default/db is already used by"
                + " pod default/web at b.yaml:1:1: two pods cannot share an address (remove the"
                + " podIP to let netpol assign one)");
  }

  @Test
  void hostNetworkPodsMayShareTheirNodesAddress() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec: {hostNetwork: true}
        status: {podIP: 192.168.0.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b}
        spec: {hostNetwork: true}
        status: {podIP: 192.168.0.1}
        """;

    assertThat(ManifestLoader.defaults().loadString(yaml).report().problems()).isEmpty();
  }

  @Test
  void aTemplateWhosePodNamesAreInvalidIsReportedOnceNotOncePerReplica() {
    String name = "w".repeat(252);
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s}
        spec:
          replicas: 50
          selector: {matchLabels: {app: w}}
          template:
            metadata: {labels: {app: w}}
            spec: {containers: [{name: main, image: pause}]}
        """
            .formatted(name);

    List<ManifestProblem> problems = ManifestLoader.defaults().loadString(yaml).report().problems();

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).fieldPath()).isEqualTo("metadata.name");
  }
}
