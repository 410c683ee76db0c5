package dev.netpol.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The snapshot against an API server whose answers each test sets (fabric8's mock server in
 * expectations mode): paging with a continue token, a kind forbidden by RBAC, a cluster-scoped
 * policy kind the cluster does not serve.
 */
@EnableKubernetesMockClient
class SnapshotExpectationsTest {
  private static final String NAMESPACE =
      "{\"metadata\": {\"name\": \"shop\","
          + " \"labels\": {\"kubernetes.io/metadata.name\": \"shop\"}}}";

  KubernetesMockServer server;
  KubernetesClient client;

  private static String pod(String name) {
    return "{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"shop\","
        + " \"labels\": {\"app\": \"web\"}},"
        + " \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx\"}]}}";
  }

  private static String list(String continueToken, String... items) {
    return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {"
        + (continueToken.isEmpty() ? "" : "\"continue\": \"" + continueToken + "\"")
        + "}, \"items\": ["
        + String.join(", ", items)
        + "]}";
  }

  /** The list path of a kind, e.g. {@code /apis/apps/v1/deployments}. */
  private static String path(ClusterReader.Kind kind) {
    return (kind.group().isEmpty() ? "/api/" : "/apis/" + kind.group() + "/")
        + kind.version()
        + "/"
        + kind.plural();
  }

  /** Every kind answers one page (namespaces: shop), except those listed. */
  private void expectEmptyListsExcept(Set<String> plurals, int pageSize) {
    List<ClusterReader.Kind> all = new ArrayList<>(ClusterReader.KINDS);
    all.addAll(ClusterReader.CLUSTER_POLICY_KINDS);
    for (ClusterReader.Kind kind : all) {
      if (plurals.contains(kind.plural())) {
        continue;
      }
      String body = kind.plural().equals("namespaces") ? list("", NAMESPACE) : list("");
      server
          .expect()
          .get()
          .withPath(path(kind) + "?limit=" + pageSize)
          .andReturn(200, body)
          .once();
    }
  }

  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(r);
    }
    return requests;
  }

  @Test
  void readsEveryPageFollowingTheContinueToken() {
    expectEmptyListsExcept(Set.of("pods"), 1);
    server.expect().get().withPath("/api/v1/pods?limit=1")
        .andReturn(200, list("page-2", pod("web-0"))).once();
    server.expect().get().withPath("/api/v1/pods?continue=page-2&limit=1")
        .andReturn(200, list("", pod("web-1"))).once();

    Snapshot snapshot = Fabric8.snapshot(client, SnapshotOptions.builder().pageSize(1).build());

    assertThat(snapshot.cluster().podsIn("shop"))
        .extracting(p -> p.name())
        .containsExactly("web-0", "web-1");
    assertThat(snapshot.kinds())
        .filteredOn(k -> k.resource().equals("pods"))
        .singleElement()
        .hasToString("pods (Pod): 2 objects in 2 pages");
  }

  @Test
  void labelSelectorFiltersPodsAndWorkloadsNeverPolicies() throws InterruptedException {
    List<ClusterReader.Kind> all = new ArrayList<>(ClusterReader.KINDS);
    all.addAll(ClusterReader.CLUSTER_POLICY_KINDS);
    for (ClusterReader.Kind kind : all) {
      String query = kind.filtered() ? "?labelSelector=app%3Dweb&limit=500" : "?limit=500";
      String body = kind.plural().equals("namespaces") ? list("", NAMESPACE) : list("");
      server.expect().get().withPath(path(kind) + query).andReturn(200, body).once();
    }

    Snapshot snapshot =
        Fabric8.snapshot(client, SnapshotOptions.builder().labelSelector("app=web").build());

    assertThat(snapshot.result().isValid()).isTrue();
    assertThat(requests())
        .extracting(RecordedRequest::getPath)
        .contains(
            "/api/v1/pods?labelSelector=app%3Dweb&limit=500",
            "/apis/apps/v1/deployments?labelSelector=app%3Dweb&limit=500",
            "/apis/networking.k8s.io/v1/networkpolicies?limit=500",
            "/api/v1/namespaces?limit=500");
  }

  @Test
  void neverWritesToTheCluster() throws InterruptedException {
    expectEmptyListsExcept(Set.of(), 500);

    Fabric8.snapshot(client);

    assertThat(requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
  }

  @Test
  void forbiddenKindIsAnErrorNamingTheMissingPermission() {
    expectEmptyListsExcept(Set.of("networkpolicies"), 500);
    server
        .expect()
        .get()
        .withPath("/apis/networking.k8s.io/v1/networkpolicies?limit=500")
        .andReturn(
            403,
            "{\"apiVersion\": \"v1\", \"kind\": \"Status\", \"status\": \"Failure\","
                + " \"reason\": \"Forbidden\", \"code\": 403, \"message\":"
                + " \"networkpolicies.networking.k8s.io is forbidden: User \\\"ci\\\" cannot"
                + " list resource \\\"networkpolicies\\\" in API group"
                + " \\\"networking.k8s.io\\\" at the cluster scope\"}")
        .once();

    assertThatThrownBy(() -> Fabric8.snapshot(client))
        .isInstanceOfSatisfying(
            SnapshotException.class,
            e -> {
              assertThat(e.code()).isEqualTo(403);
              assertThat(e.verb()).isEqualTo("list");
              assertThat(e.resource()).isEqualTo("networkpolicies");
              assertThat(e.group()).isEqualTo("networking.k8s.io");
            })
        .hasMessageStartingWith(
            "cannot list networkpolicies.networking.k8s.io in all namespaces: forbidden"
                + " (HTTP 403). Grant verb \"list\" on resource \"networkpolicies\" in API group"
                + " \"networking.k8s.io\" to this client's user");
  }

  @Test
  void clusterScopedPolicyKindNotServedIsSkippedAndReported() {
    expectEmptyListsExcept(Set.of("adminnetworkpolicies"), 500);
    server
        .expect()
        .get()
        .withPath("/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies?limit=500")
        .andReturn(
            404,
            "{\"apiVersion\": \"v1\", \"kind\": \"Status\", \"status\": \"Failure\","
                + " \"reason\": \"NotFound\", \"code\": 404, \"message\": \"the server could"
                + " not find the requested resource\"}")
        .once();

    Snapshot snapshot = Fabric8.snapshot(client);

    assertThat(snapshot.result().isValid()).isTrue();
    assertThat(snapshot.kinds())
        .filteredOn(k -> k.status() == KindListing.Status.NOT_SERVED)
        .singleElement()
        .hasToString(
            "adminnetworkpolicies.policy.networking.k8s.io (AdminNetworkPolicy): not served by"
                + " this cluster (404): skipped");
    assertThat(snapshot.toString()).contains("not served by this cluster (404): skipped");
  }

  @Test
  void builtInKindNotServedIsAnErrorNotASkip() {
    expectEmptyListsExcept(Set.of("cronjobs"), 500);

    assertThatThrownBy(() -> Fabric8.snapshot(client))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("the API server does not serve batch/v1 CronJob (HTTP 404)");
  }

  @Test
  void namespacesOptionListsEachNamespaceAndStillEveryNamespace() throws InterruptedException {
    List<ClusterReader.Kind> all = new ArrayList<>(ClusterReader.KINDS);
    all.addAll(ClusterReader.CLUSTER_POLICY_KINDS);
    for (ClusterReader.Kind kind : all) {
      String p = path(kind);
      if (kind.namespaced()) {
        int slash = p.lastIndexOf('/');
        p = p.substring(0, slash) + "/namespaces/shop" + p.substring(slash);
      }
      String body = kind.plural().equals("namespaces") ? list("", NAMESPACE) : list("");
      server.expect().get().withPath(p + "?limit=500").andReturn(200, body).once();
    }

    Snapshot snapshot =
        Fabric8.snapshot(client, SnapshotOptions.builder().namespaces("shop").build());

    assertThat(snapshot.result().isValid()).isTrue();
    assertThat(requests())
        .extracting(RecordedRequest::getPath)
        .contains("/api/v1/namespaces?limit=500", "/api/v1/namespaces/shop/pods?limit=500");
  }
}
