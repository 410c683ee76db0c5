package dev.netpol.core;

import static dev.netpol.core.Endpoint.allPods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common questions of a tool, each one call. */
class OneCallAnswersTest {

  private static final String SHOP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: data}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: api}}
        template: {metadata: {labels: {app: api}}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web}}}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: orders-db, namespace: data}
      spec:
        replicas: 1
        serviceName: orders-db
        selector: {matchLabels: {app: orders-db}}
        template: {metadata: {labels: {app: orders-db}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-from-api, namespace: data}
      spec:
        podSelector: {matchLabels: {app: orders-db}}
        ingress:
        - from:
          - namespaceSelector: {}
            podSelector: {matchLabels: {app: api}}
          ports:
          - {port: 5432}
      """;

  private final Cluster cluster = Cluster.fromYaml(SHOP);

  @Test
  void whoCanReachTheDatabaseOnAnyPortIsOneCall() {
    ConnectionAnswer answer =
        cluster.answer(allPods(), workload("data/orders-db"), PortQuery.allPorts());

    assertThat(answer.pairs()).hasSize(3);
    assertThat(answer.allowedPairs())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source().toString()).startsWith("shop/api-");
              assertThat(p.allowedPorts())
                  .containsExactlyEntriesOf(
                      Map.of(Protocol.TCP, ImmutableRangeSet.of(Range.closed(5432, 5432))));
            });
    assertThat(allPods()).hasToString("all pods");
  }

  @Test
  void aPodsOwnerIdCarriesTheNamespace() {
    Pod api = cluster.podsIn("shop").stream()
        .filter(p -> p.name().startsWith("api-")).findFirst().orElseThrow();

    assertThat(api.ownerId()).contains("shop/api");
    assertThat(api.ownerId().flatMap(cluster::workload)).isPresent();
    assertThat(api.toBuilder().build().ownerId()).isEqualTo(api.ownerId());
  }

  @Test
  void loadTakesTheLoadersOptions(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("pod.yaml"),
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: lonely, labels: {app: lonely}}
        spec: {containers: [{name: c, image: nginx}]}
        """);

    Cluster loaded =
        Cluster.load(ManifestLoader.builder().defaultNamespace("shop").build(), dir);

    assertThat(loaded.pod("shop/lonely")).isPresent();
    assertThat(Cluster.load(dir).pod("default/lonely")).isPresent();
  }

  @Test
  @SuppressWarnings("removal")
  void anEvaluationAnswersAllowedByTheNameAVerdictUses() {
    Evaluation e =
        cluster.evaluate(workload("shop/api"), workload("data/orders-db"), Port.tcp(5432));

    assertThat(e.allowed()).isTrue();
    assertThat(e.allAllowed()).isEqualTo(e.allowed());
    assertThat(e.allowed()).isEqualTo(e.pairs().get(0).allowed());
    assertThat(cluster.evaluate(workload("shop/web"), workload("data/orders-db"), Port.tcp(5432))
        .allowed()).isFalse();
  }
}
