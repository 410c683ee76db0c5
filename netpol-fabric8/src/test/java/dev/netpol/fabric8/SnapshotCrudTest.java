package dev.netpol.fabric8;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.model.Port;
import dev.netpol.core.table.TruthTable;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot of a cluster (fabric8's mock API server in CRUD mode, which the real client talks to
 * over HTTP) holding the examples' scenario answers as the same manifests read from files do.
 */
@EnableKubernetesMockClient(crud = true)
class SnapshotCrudTest {
  private static final Path MANIFESTS =
      Path.of("..", "examples", "src", "main", "resources", "manifests");
  private static final List<Port> PORTS =
      List.of(Port.tcp(80), Port.tcp(8080), Port.udp(53), Port.tcp(53));

  KubernetesMockServer server;
  KubernetesClient client;

  /** The manifests of the stages, applied as {@code kubectl apply -f} would (namespace default). */
  private void apply(List<Path> files) throws IOException {
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata o : client.load(in).items()) {
          if (o instanceof Namespaced && o.getMetadata().getNamespace() == null) {
            o.getMetadata().setNamespace("default");
          }
          client.resource(o).create();
        }
      }
    }
  }

  private static List<Path> files(String stages) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String stage : stages.split(",")) {
      try (Stream<Path> s = Files.list(MANIFESTS.resolve(stage))) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  private static String tables(Cluster cluster) {
    StringBuilder sb = new StringBuilder();
    for (Port port : PORTS) {
      sb.append(cluster.reachability().truthTable(cluster.pods(), port)).append('\n');
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "base",
        "base,deny-ingress",
        "base,allow-frontend",
        "base,frontend-egress,extras",
        "base,mistake,extras"
      })
  void snapshotGivesTheTruthTablesOfTheSameManifestsReadFromFiles(String stages)
      throws IOException {
    List<Path> files = files(stages);
    apply(files);
    ManifestLoader loader = ManifestLoader.builder().systemPods(true).build();

    Cluster fromFiles = loader.load(files).cluster();
    Snapshot snapshot = Fabric8.snapshot(client, SnapshotOptions.builder().loader(loader).build());

    assertThat(snapshot.report().problems()).isEmpty();
    assertThat(snapshot.cluster().pods()).isEqualTo(fromFiles.pods());
    assertThat(tables(snapshot.cluster())).isEqualTo(tables(fromFiles));
  }

  @Test
  void snapshotOfTheFinalStageHasTheExamplesTruthTable() throws IOException {
    apply(files("base,frontend-egress,extras"));
    TruthTable expected =
        TruthTable.parse(
            Files.readString(MANIFESTS.resolve("frontend-egress").resolve("tcp-80.txt")));

    Snapshot snapshot =
        Fabric8.snapshot(
            client,
            SnapshotOptions.builder()
                .loader(ManifestLoader.builder().systemPods(true).build())
                .build());

    assertThat(snapshot.cluster()).hasReachability(expected);
  }

  @Test
  void snapshotListsEveryKindAndNamesEachObjectRead() throws IOException {
    apply(files("base,deny-ingress,extras"));

    Snapshot snapshot = Fabric8.snapshot(client);

    assertThat(snapshot.kinds())
        .filteredOn(k -> k.status() == KindListing.Status.READ)
        .extracting(KindListing::resource)
        .contains(
            "namespaces",
            "nodes",
            "pods",
            "services",
            "deployments.apps",
            "statefulsets.apps",
            "daemonsets.apps",
            "replicasets.apps",
            "jobs.batch",
            "cronjobs.batch",
            "networkpolicies.networking.k8s.io");
    assertThat(snapshot.kinds())
        .filteredOn(k -> k.resource().equals("deployments.apps"))
        .singleElement()
        .hasToString("deployments.apps (Deployment): 2 objects in 1 page");
    assertThat(snapshot.report().loaded())
        .extracting(e -> e.location().toString())
        .contains(
            "Deployment default/backend",
            "NetworkPolicy default/deny-all-ingress-to-backend",
            "Pod other-team/debug");
  }

  @Test
  void realPodsOfALiveClusterStandForTheirDeployment() {
    String owner = "{\"apiVersion\": \"%s\", \"kind\": \"%s\", \"name\": \"%s\","
        + " \"uid\": \"%s\", \"controller\": true}";
    String template =
        "\"template\": {\"metadata\": {\"labels\": {\"app\": \"web\"}}, \"spec\":"
            + " {\"containers\": [{\"name\": \"web\", \"image\": \"nginx\"}]}}";
    String deployment =
        "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\":"
            + " {\"name\": \"web\", \"namespace\": \"default\", \"uid\": \"d-1\"},"
            + " \"spec\": {\"replicas\": 2, \"selector\": {\"matchLabels\":"
            + " {\"app\": \"web\"}}, "
            + template
            + "}}";
    String replicaSet =
        "{\"apiVersion\": \"apps/v1\", \"kind\": \"ReplicaSet\", \"metadata\":"
            + " {\"name\": \"web-7d9f\", \"namespace\": \"default\", \"uid\": \"r-1\","
            + " \"ownerReferences\": ["
            + String.format(owner, "apps/v1", "Deployment", "web", "d-1")
            + "]}, \"spec\": {\"replicas\": 2, \"selector\": {\"matchLabels\":"
            + " {\"app\": \"web\"}}, "
            + template
            + "}}";
    for (String json : List.of(deployment, replicaSet, pod("web-7d9f-abcde", owner),
        pod("web-7d9f-fghij", owner))) {
      client.resource(client.getKubernetesSerialization().unmarshal(json, HasMetadata.class))
          .create();
    }

    Snapshot snapshot = Fabric8.snapshot(client);

    assertThat(snapshot.cluster().podsIn("default"))
        .extracting(p -> p.name())
        .containsExactly("web-7d9f-abcde", "web-7d9f-fghij");
  }

  private static String pod(String name, String owner) {
    return "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \""
        + name
        + "\", \"namespace\": \"default\", \"labels\": {\"app\": \"web\"},"
        + " \"ownerReferences\": ["
        + String.format(owner, "apps/v1", "ReplicaSet", "web-7d9f", "r-1")
        + "]}, \"spec\": {\"containers\": [{\"name\": \"web\", \"image\": \"nginx\"}]}}";
  }

  @Test
  void clusterScopedPolicyInTheClusterIsReadAndDecides() throws IOException {
    apply(files("base"));
    GenericKubernetesResource anp =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("policy.networking.k8s.io/v1alpha1")
            .withKind("AdminNetworkPolicy")
            .withNewMetadata().withName("deny-egress").endMetadata()
            .addToAdditionalProperties("spec", Map.of(
                "priority", 10,
                "subject", Map.of("namespaces", Map.of()),
                "egress", List.of(Map.of(
                    "name", "no-internet",
                    "action", "Deny",
                    "to", List.of(Map.of("networks", List.of("0.0.0.0/0")))))))
            .build();
    client
        .genericKubernetesResources(ClusterReader.CLUSTER_POLICY_KINDS.get(0).context())
        .resource(anp)
        .create();

    Cluster cluster = Fabric8.snapshot(client).cluster();

    assertThat(cluster.clusterPolicies()).extracting(p -> p.name()).containsExactly("deny-egress");
    Evaluation e = cluster.evaluate(
        Endpoint.pod("default/frontend-0"), Endpoint.ip("8.8.8.8"), Port.tcp(443));
    assertThat(e.allDenied()).isTrue();
    assertThat(e.explain()).contains("AdminNetworkPolicy deny-egress");
  }

  @Test
  void anInvalidClusterScopedPolicyInTheClusterIsRefusedNamingIt() throws IOException {
    apply(files("base"));
    GenericKubernetesResource anp =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("policy.networking.k8s.io/v1alpha1")
            .withKind("AdminNetworkPolicy")
            .withNewMetadata().withName("deny-egress").endMetadata()
            .addToAdditionalProperties("spec", Map.of("priority", 10))
            .build();
    client
        .genericKubernetesResources(ClusterReader.CLUSTER_POLICY_KINDS.get(0).context())
        .resource(anp)
        .create();

    Snapshot snapshot = Fabric8.snapshot(client);

    assertThat(snapshot.report().problems())
        .isNotEmpty()
        .allSatisfy(
            p -> assertThat(p.location().source()).isEqualTo("AdminNetworkPolicy deny-egress"));
    assertThatThrownBy(snapshot::cluster)
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("AdminNetworkPolicy deny-egress: spec");
  }

  @Test
  void clusterScopedPoliciesNotRequestedAreReportedAsNotRead() throws IOException {
    apply(files("base"));

    Snapshot snapshot =
        Fabric8.snapshot(client, SnapshotOptions.builder().clusterScopedPolicies(false).build());

    assertThat(snapshot.kinds())
        .filteredOn(k -> k.status() == KindListing.Status.NOT_REQUESTED)
        .extracting(KindListing::kind)
        .containsExactly(
            "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy");
    assertThat(snapshot.toString())
        .contains("not read (SnapshotOptions.clusterScopedPolicies(false))");
    assertThat(snapshot.cluster().pods()).hasSize(4);
  }
}
