package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@NetpolTest
@Manifests("netpol/seed")
class ParametersTest {
  private Cluster fromBeforeEach;

  @BeforeEach
  void keep(Cluster cluster) {
    this.fromBeforeEach = cluster;
  }

  @Test
  void injectsTheClusterOfTheClassManifestsFromTheClasspath(Cluster cluster) {
    assertThat(cluster.pods())
        .extracting(Pod::id)
        .containsExactly(
            "default/backend-0", "default/backend-1", "default/frontend-0", "default/frontend-1");
    assertThat(cluster.policies()).hasSize(3);
    assertThat(cluster).isSameAs(fromBeforeEach);
  }

  @Test
  void injectsTheLoadReport(LoadReport report) {
    assertThat(report.isValid()).isTrue();
    assertThat(report.loaded()).hasSize(5);
  }

  @Test
  void injectsAnEvaluatorWithTheDefaultOptionsWhenTheAnnotationSetsNone(Evaluator evaluator) {
    assertThat(evaluator.options()).isEqualTo(EvaluationOptions.defaults());
  }

  @Test
  @Manifests(value = "netpol/seed", selfTrafficAlwaysAllowed = true, ipBlockMatchesPods = false)
  void injectsAnEvaluatorWithTheAnnotationOptionsWhileClusterEvaluateKeepsTheDefaults(
      Evaluator evaluator, Cluster cluster, @PodNamed("default/frontend-0") Pod frontend) {
    assertThat(evaluator.options())
        .isEqualTo(new EvaluationOptions(false, true));
    assertThat(evaluator.evaluate(frontend, frontend, Port.tcp(80)).allowed()).isTrue();
    assertThat(cluster.evaluate(frontend, frontend, Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void injectsWorkloadAndSelectionEndpointsCheckedAgainstTheCluster(
      Cluster cluster,
      @Workload("default/frontend") Endpoint frontend,
      @Pods("app=backend") Endpoint backend,
      @Pods(namespace = "default", value = "app=frontend") Endpoint frontendInDefault) {
    assertThat(frontend).isEqualTo(Endpoint.workload("default/frontend"));
    assertThat(backend).isEqualTo(Endpoint.pods("app=backend"));
    assertThat(frontendInDefault).isEqualTo(Endpoint.pods("default", "app=frontend"));
    assertThat(cluster.evaluate(frontend, backend, Port.tcp(80)).allowed()).isTrue();
    assertThat(cluster.evaluate(backend, frontendInDefault, Port.tcp(80)).allowed()).isTrue();
    assertThat(cluster.evaluate(frontend, backend, Port.tcp(8080)).allDenied()).isTrue();
  }

  @Test
  void injectsOnePodAsEndpointOrAsThePodItself(
      Cluster cluster,
      @PodNamed("default/frontend-0") Endpoint frontend,
      @PodNamed("default/backend-1") Pod backend) {
    assertThat(frontend).isEqualTo(Endpoint.pod("default/frontend-0"));
    assertThat(backend).isEqualTo(cluster.pod("default/backend-1").orElseThrow());
  }

  @Test
  @Manifests("manifests/extra")
  void aMethodSetReplacesTheClassSet(Cluster cluster) {
    assertThat(cluster.pods()).extracting(Pod::id).containsExactly("default/db-0");
  }

  @Test
  @Manifests(value = "manifests/extra", inherit = true)
  void aMethodSetWithInheritExtendsTheClassSet(
      Cluster cluster, @Workload("default/backend") Endpoint backend) {
    assertThat(cluster.pods()).hasSize(5);
    assertThat(
            cluster.evaluate(backend, Endpoint.pod("default/db-0"), Port.tcp(5432)).allowed())
        .isTrue();
  }

  @Test
  @Manifests("file:../netpol-core/src/test/resources/netpol/seed")
  void loadsAFileSystemLocationRelativeToTheWorkingDirectory(Cluster cluster, LoadReport report) {
    assertThat(cluster.pods()).hasSize(4);
    assertThat(report.loaded().get(0).toString())
        .contains("netpol-core/src/test/resources/netpol/seed");
  }

  @Test
  @Manifests({"file:../netpol-core/src/test/resources/netpol/seed", "manifests/extra"})
  void loadsASetThatMixesClasspathAndFileLocations(Cluster cluster) {
    assertThat(cluster.pods()).hasSize(5);
  }

  @Test
  @Manifests(value = "netpol/seed", systemPods = true)
  void appliesTheLoaderOptions(
      Cluster cluster, @Pods(namespace = "kube-system", value = "k8s-app=kube-dns") Endpoint dns) {
    assertThat(cluster.podsIn("kube-system")).hasSize(2);
    assertThat(
            cluster.evaluate(Endpoint.workload("default/frontend"), dns, Port.udp(53)).allowed())
        .isTrue();
  }

  @Test
  @Manifests(value = "netpol/seed", defaultNamespace = "shop", podCidr = "10.9.0.0/24")
  void appliesTheDefaultNamespaceAndPodCidr(Cluster cluster) {
    assertThat(cluster.podsIn("shop")).hasSize(4);
    assertThat(cluster.pods().get(0).ips().get(0).toString()).isEqualTo("10.9.0.1");
  }

  @Nested
  class WhenNested {
    @Test
    void usesTheEnclosingClassManifests(Cluster cluster) {
      assertThat(cluster.pods()).hasSize(4);
    }
  }
}
