package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pod counts netpol accepts and the addresses it can give: a huge {@code replicas} is an
 * error before any pod is made (docs/semantics.md#addresses-netpol-assigns), never an exhausted
 * memory.
 */
class ReplicaLimitsTest {

  private static String deployment(String name, long replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: main, image: pause}]}
        """.formatted(name, replicas, name, name);
  }

  private static String job(int parallelism) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: batch}
        spec:
          parallelism: %d
          template:
            spec: {containers: [{name: main, image: pause}], restartPolicy: Never}
        """.formatted(parallelism);
  }

  private static List<String> problems(ManifestLoader loader, String yaml) {
    LoadResult result = loader.loadString("k8s/app.yaml", yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static List<String> problems(String yaml) {
    return problems(ManifestLoader.defaults(), yaml);
  }

  @Test
  void replicasOfMaxIntIsRefusedAtOnceWithTheLimitAndTheFix() {
    assertThat(problems(deployment("web", 2147483647)))
        .containsExactly(
            "k8s/app.yaml:1:1: spec.replicas: Deployment default/web makes 2147483647 pods, more"
                + " than the limit of 100000 pods per workload: lower the count, or raise the"
                + " limit with ManifestLoader.builder().maxPodsPerWorkload(...)");
  }

  @Test
  void aMillionReplicasIsRefusedAtOnce() {
    assertThat(problems(deployment("web", 1_000_000)))
        .singleElement()
        .asString()
        .startsWith("k8s/app.yaml:1:1: spec.replicas: Deployment default/web makes 1000000 pods");
  }

  @Test
  void aJobsParallelismIsLimitedAndNamedByItsField() {
    assertThat(problems(job(2147483647)))
        .singleElement()
        .asString()
        .startsWith("k8s/app.yaml:1:1: spec.parallelism: Job default/batch makes 2147483647 pods");
  }

  @Test
  void aCronJobsParallelismIsNamedByItsPathInTheJobTemplate() {
    String yaml =
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 0 * * *"
          jobTemplate:
            spec:
              parallelism: 2147483647
              template:
                spec: {containers: [{name: main, image: pause}], restartPolicy: Never}
        """;

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("k8s/app.yaml:1:1: spec.jobTemplate.spec.parallelism: CronJob default/nightly");
  }

  @Test
  void aDaemonSetOnMoreNodesThanTheLimitNamesTheNodeCountSetting() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: main, image: pause}]}
        """;
    ManifestLoader loader = ManifestLoader.builder().daemonSetNodes(1_000_000).build();

    assertThat(problems(loader, yaml))
        .singleElement()
        .asString()
        .contains("DaemonSet default/agent makes 1000000 pods (one per node:")
        .contains("daemonSetNodes");
  }

  @Test
  void theLimitPerWorkloadIsConfigurableAndInclusive() {
    ManifestLoader loader = ManifestLoader.builder().maxPodsPerWorkload(5).build();

    assertThat(loader.loadString(deployment("web", 5)).cluster().pods()).hasSize(5);
    assertThat(problems(loader, deployment("web", 6)))
        .singleElement()
        .asString()
        .contains("makes 6 pods, more than the limit of 5 pods per workload");
  }

  @Test
  void theLimitPerLoadCountsEveryWorkloadAndPointsAtTheLargest() {
    ManifestLoader loader = ManifestLoader.builder().maxPods(10).build();
    String yaml = deployment("small", 3) + "---\n" + deployment("large", 8);

    assertThat(problems(loader, yaml))
        .containsExactly(
            "k8s/app.yaml:11:1: spec.replicas: the manifests make 11 pods, more than the limit of"
                + " 10 pods per load (the largest workload, Deployment default/large, makes 8):"
                + " load fewer objects, or raise the limit with"
                + " ManifestLoader.builder().maxPods(...)");
  }

  @Test
  void aPodCidrTooSmallForThePodsIsAnErrorThatSuggestsALargerBlock() {
    ManifestLoader loader = ManifestLoader.builder().podCidr("10.9.0.0/30").build();

    assertThat(problems(loader, deployment("web", 3)))
        .containsExactly(
            "ManifestLoader.podCidr: the pod CIDR 10.9.0.0/30 has 2 free addresses but 3 pods"
                + " without status.podIPs need one: give a larger block, e.g."
                + " ManifestLoader.builder().podCidr(\"10.9.0.0/29\")");
  }

  @Test
  void podIpsInsideThePodCidrCountAgainstItsCapacity() {
    String yaml =
        deployment("web", 1)
            + """
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: fixed}
            spec: {containers: [{name: main, image: pause}]}
            status: {podIP: 10.9.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: fixed2}
            spec: {containers: [{name: main, image: pause}]}
            status: {podIP: 10.9.0.2}
            """;
    ManifestLoader loader = ManifestLoader.builder().podCidr("10.9.0.0/30").build();

    assertThat(problems(loader, yaml))
        .singleElement()
        .asString()
        .contains("has 0 free addresses (2 are in status.podIPs) but 1 pods");
  }

  @Test
  void seventyThousandPodsDoNotFitTheDefaultPodCidr() {
    assertThat(problems(deployment("web", 70_000)))
        .singleElement()
        .asString()
        .contains("the pod CIDR 10.244.0.0/16 has 65534 free addresses but 70000 pods")
        .contains("podCidr(\"10.244.0.0/15\")");
  }

  @Test
  void aHundredThousandPodsLoadWithALargeEnoughPodCidr() {
    Cluster cluster =
        ManifestLoader.builder()
            .podCidr("10.0.0.0/8")
            .build()
            .loadString(deployment("web", 100_000))
            .cluster();

    assertThat(cluster.pods()).hasSize(100_000);
    assertThat(cluster.pod("default/web-99999").orElseThrow().ips()).hasToString("[10.1.134.160]");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> ManifestLoader.builder().maxPods(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPods must be positive, found 0");
    assertThatThrownBy(() -> ManifestLoader.builder().maxPodsPerWorkload(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPodsPerWorkload must be positive, found -1");
  }
}
