package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Examples of docs/semantics.md#addresses-netpol-assigns: addresses and listings follow the
 * objects' namespaces and names, never the files they were written in.
 */
class CanonicalOrderTest {
  @TempDir Path dir;

  private static String pod(String name) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: %s}}
        spec: {containers: [{name: main, image: pause}]}
        """.formatted(name, name);
  }

  /** Only 10.244.0.1 may reach db: who gets that address decides the answer. */
  private static final String ONLY_FIRST_ADDRESS_TO_DB =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-from-first-address}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from:
          - ipBlock: {cidr: 10.244.0.1/32}
      """;

  private Cluster loadFiles(String... namesAndTexts) throws IOException {
    Path root = Files.createTempDirectory(dir, "load");
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      Files.writeString(root.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
    }
    return ManifestLoader.defaults().load(root).cluster();
  }

  @Test
  void renamingAFileChangesNoAddressAndNoAnswer() throws IOException {
    Cluster before =
        loadFiles("a-alpha.yaml", pod("alpha"), "b-beta.yaml", pod("beta"),
            "db.yaml", pod("db") + "---\n" + ONLY_FIRST_ADDRESS_TO_DB);
    Cluster after =
        loadFiles("z-alpha.yaml", pod("alpha"), "b-beta.yaml", pod("beta"),
            "db.yaml", pod("db") + "---\n" + ONLY_FIRST_ADDRESS_TO_DB);

    assertThat(after.pods()).isEqualTo(before.pods());
    assertThat(after.pod("default/alpha").orElseThrow().ips()).hasToString("[10.244.0.1]");
    assertThat(after.evaluate(Endpoint.pod("default/alpha"), Endpoint.pod("default/db"),
        Port.tcp(5432)).allAllowed()).isTrue();
    assertThat(before.evaluate(Endpoint.pod("default/alpha"), Endpoint.pod("default/db"),
        Port.tcp(5432)).allAllowed()).isTrue();
  }

  @Test
  void pathsGivenInAnotherOrderGiveTheSameClusterAndReport() throws IOException {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Files.writeString(
        a, pod("web") + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    Files.writeString(b, pod("api") + "---\n" + ONLY_FIRST_ADDRESS_TO_DB);

    LoadResult ab = ManifestLoader.defaults().load(a, b);
    LoadResult ba = ManifestLoader.defaults().load(b, a);

    assertThat(ba.cluster().pods()).isEqualTo(ab.cluster().pods());
    assertThat(ba.report()).isEqualTo(ab.report());
    assertThat(ba.report().toString()).isEqualTo(ab.report().toString());
  }

  @Test
  void podsAreListedAndAddressedByNamespaceThenNameWithNumbersAsNumbers() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 11
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: main, image: pause}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: zz, namespace: admin}
        spec: {containers: [{name: main, image: pause}]}
        """;

    Cluster cluster = ManifestLoader.defaults().loadString(yaml).cluster();

    List<String> ids = new ArrayList<>();
    cluster.pods().forEach(p -> ids.add(p.id() + "=" + p.ips().get(0)));
    assertThat(ids)
        .startsWith("admin/zz=10.244.0.1", "shop/web-0=10.244.0.2", "shop/web-1=10.244.0.3",
            "shop/web-2=10.244.0.4")
        .endsWith("shop/web-9=10.244.0.11", "shop/web-10=10.244.0.12");
    assertThat(cluster.workload("shop/web").orElseThrow().podNames())
        .startsWith("web-0", "web-1", "web-2").endsWith("web-10");
  }

  @Test
  void anAssignedAddressDependsOnTheOtherPodsNotOnWhereTheyAreWritten() {
    String a = pod("a");
    String b = pod("b");
    String fixed =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: fixed}
        spec: {containers: [{name: main, image: pause}]}
        status: {podIP: 10.244.0.1}
        """;

    Cluster one = ManifestLoader.defaults().loadString(b + "---\n" + fixed + "---\n" + a).cluster();
    Cluster two = ManifestLoader.defaults().loadString(a + "---\n" + b + "---\n" + fixed).cluster();

    assertThat(one.pods()).isEqualTo(two.pods());
    assertThat(one.pods()).extracting(p -> p.name() + "=" + p.ips().get(0))
        .containsExactly("a=10.244.0.2", "b=10.244.0.3", "fixed=10.244.0.1");
  }

  @Test
  void policiesAreListedByNamespaceThenName() {
    String yaml =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p-10, namespace: b}
        spec: {podSelector: {}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p-9, namespace: b}
        spec: {podSelector: {}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: z, namespace: a}
        spec: {podSelector: {}}
        """;

    assertThat(ManifestLoader.defaults().loadString(yaml).cluster().policies())
        .extracting(NetworkPolicy::id)
        .containsExactly("a/z", "b/p-9", "b/p-10");
  }

  @Test
  void aDuplicateIsReportedAtTheLaterLocationWhateverTheOrderOfPaths() throws IOException {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Files.writeString(a, pod("web"));
    Files.writeString(b, pod("web"));
    String base = dir + "/";

    for (List<Path> paths : List.of(List.of(a, b), List.of(b, a))) {
      assertThat(ManifestLoader.defaults().load(paths).report().problems())
          .extracting(p -> p.toString().replace(base, ""))
          .containsExactly(
              "b.yaml:1:1: metadata.name: duplicate Pod default/web: already defined at"
                  + " a.yaml:1:1");
    }
  }

  @Test
  void namesCompareWithNumbersAsNumbers() {
    List<String> names = new ArrayList<>(List.of("web-10", "web-9", "web-010", "web", "web-1a",
        "web-1", "api-2", "web-" + "9".repeat(30), "web-0"));
    names.sort(ClusterAssembler::compareNames);

    assertThat(names).containsExactly("api-2", "web", "web-0", "web-1", "web-1a", "web-9",
        "web-010", "web-10", "web-" + "9".repeat(30));
  }

  @Test
  void hostNetworkPodsTakeNoAddressFromThePodCidr() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a-host}
        spec: {hostNetwork: true, containers: [{name: main, image: pause}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b}
        spec: {containers: [{name: main, image: pause}]}
        """;

    List<Pod> pods = ManifestLoader.defaults().loadString(yaml).cluster().pods();

    assertThat(pods.get(0).ips()).isEmpty();
    assertThat(pods.get(1).ips()).hasToString("[10.244.0.1]");
  }
}
