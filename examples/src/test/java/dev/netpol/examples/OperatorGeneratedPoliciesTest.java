package dev.netpol.examples;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.workload;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Port;
import dev.netpol.core.table.TruthTable;
import dev.netpol.examples.BackendPolicyOperator.AppSpec;
import dev.netpol.fabric8.Fabric8;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Policies an operator generates as fabric8 objects, checked without writing YAML and without a
 * cluster: {@code Fabric8.cluster(...)} reads them (with the workloads they protect) as the loader
 * reads files, and the assertions are the ones of every other example.
 */
class OperatorGeneratedPoliciesTest {
  private final BackendPolicyOperator operator = new BackendPolicyOperator();
  private final AppSpec backendApp = new AppSpec("default", "backend", 80, List.of("frontend"));
  private final Endpoint frontend = workload("default/frontend");
  private final Endpoint backend = workload("default/backend");

  /** The article's workloads, as a Java program would hold them. */
  private static List<HasMetadata> workloads() {
    return List.of(
        deployment("frontend"),
        deployment("backend"),
        new NamespaceBuilder().withNewMetadata().withName("other-team").endMetadata().build(),
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("other-team")
            .withName("debug")
            .addToLabels("app", "debug")
            .endMetadata()
            .withNewSpec()
            .addNewContainer().withName("shell").withImage("busybox").endContainer()
            .endSpec()
            .build());
  }

  private static HasMetadata deployment(String app) {
    return new DeploymentBuilder()
        .withNewMetadata().withNamespace("default").withName(app).endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector().addToMatchLabels("app", app).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec()
        .addNewContainer().withName(app).withImage("nginx")
        .addNewPort().withContainerPort(80).endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The workloads and the policies the operator wants for the backend app. */
  private List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>(workloads());
    objects.addAll(operator.desiredPolicies(backendApp));
    return objects;
  }

  private Cluster clusterWithGeneratedPolicies() {
    return Fabric8.cluster(objects());
  }

  @Test
  void declaredClientReachesTheAppOnItsPort() {
    assertThat(Fabric8.cluster(objects())).allows(frontend).to(backend).onTcp(80);
    assertThat(Fabric8.cluster(objects())).denies(frontend).to(backend).onTcp(8080);
  }

  @Test
  void everyoneElseIsKeptOut() {
    Cluster cluster = clusterWithGeneratedPolicies();

    assertThat(cluster).denies(pod("other-team/debug")).to(backend).onAllPorts();
    assertThat(cluster).denies(backend).to(backend).onTcp(80);
  }

  @Test
  void generatedPoliciesAnswerAsTheArticlesYamlDoes() {
    Cluster fromYaml =
        Cluster.fromClasspath("manifests/base", "manifests/allow-frontend", "manifests/extras");
    TruthTable articleTable =
        fromYaml.reachability().truthTable(fromYaml.pods(), Port.tcp(80)).withPort(Port.tcp(80));

    assertThat(clusterWithGeneratedPolicies()).hasReachability(articleTable);
  }
}
