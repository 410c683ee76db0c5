package dev.netpol.fabric8;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.manifest.ManifestLoader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Fabric8Test {

  static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static Deployment deployment(String namespace, String app, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(app).withNamespace(namespace).endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", app).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec()
        .addNewContainer().withName(app).withImage("nginx")
        .addNewPort().withContainerPort(8080).withName("http").endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Allows app=from to reach app=to on TCP/8080; isolates app=to for ingress. */
  static NetworkPolicy allow(String namespace, String from, String to, String cidr) {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName("allow-" + from).withNamespace(namespace).endMetadata()
        .withNewSpec()
        .withNewPodSelector().addToMatchLabels("app", to).endPodSelector()
        .addNewIngress()
        .addNewFrom().withNewPodSelector().addToMatchLabels("app", from).endPodSelector().endFrom()
        .addNewFrom().withNewIpBlock().withCidr(cidr).endIpBlock().endFrom()
        .addNewPort().withProtocol("TCP").withNewPort(8080).endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  static List<HasMetadata> shop(String cidr) {
    return List.of(
        namespace("shop"),
        deployment("shop", "web", 2),
        deployment("shop", "api", 1),
        deployment("shop", "batch", 1),
        allow("shop", "web", "api", cidr));
  }

  @Test
  void buildsTheClusterTheObjectsDescribe() {
    Cluster cluster = Fabric8.cluster(shop("192.168.0.0/16"));

    assertThat(cluster.pods()).hasSize(4);
    assertThat(cluster).allows(workload("shop/web")).to(workload("shop/api")).onTcp(8080);
    assertThat(cluster).denies(workload("shop/web")).to(workload("shop/api")).onTcp(9090);
    assertThat(cluster).denies(workload("shop/batch")).to(workload("shop/api")).onTcp(8080);
    assertThat(cluster).allows(pod("shop/api-0")).to(workload("shop/batch")).onAllPorts();
  }

  @Test
  void objectsCanBeGivenOneByOne() {
    Cluster cluster =
        Fabric8.cluster(
            namespace("shop"),
            deployment("shop", "web", 1),
            deployment("shop", "api", 1),
            allow("shop", "web", "api", "192.168.0.0/16"));

    assertThat(cluster).allows(workload("shop/web")).to(workload("shop/api")).onTcp(8080);
  }

  @Test
  void emptyListsFabric8LeavesOutMeanWhatTheyMeanInYaml() {
    // fabric8 does not write empty lists: a rule without "from" must still admit every source,
    // and a policy without ingress rules must still deny all ingress.
    NetworkPolicy openPort =
        new NetworkPolicyBuilder()
            .withNewMetadata().withName("api-port-open").withNamespace("shop").endMetadata()
            .withNewSpec()
            .withNewPodSelector().addToMatchLabels("app", "api").endPodSelector()
            .addNewIngress().addNewPort().withProtocol("TCP").withNewPort(8080).endPort()
            .endIngress()
            .endSpec()
            .build();
    NetworkPolicy denyBatch =
        new NetworkPolicyBuilder()
            .withNewMetadata().withName("deny-batch").withNamespace("shop").endMetadata()
            .withNewSpec()
            .withNewPodSelector().addToMatchLabels("app", "batch").endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec()
            .build();

    Cluster cluster =
        Fabric8.cluster(
            namespace("shop"),
            deployment("shop", "web", 1),
            deployment("shop", "api", 1),
            deployment("shop", "batch", 1),
            openPort,
            denyBatch);

    assertThat(cluster).allows(workload("shop/web")).to(workload("shop/api")).onTcp(8080);
    assertThat(cluster).denies(workload("shop/web")).to(workload("shop/api")).onTcp(8081);
    assertThat(cluster).denies(workload("shop/web")).to(workload("shop/batch")).onAllPorts();
  }

  @Test
  void problemNamesTheObjectAndFieldPathInPlaceOfFileAndLine() {
    assertThatThrownBy(() -> Fabric8.cluster(shop("10.0.0.0/33")))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(
            "NetworkPolicy shop/allow-web: spec.ingress[0].from[1].ipBlock.cidr: ");
  }

  @Test
  void unknownFieldKeptByFabric8IsRefusedNotIgnored() {
    NetworkPolicy policy = allow("shop", "web", "api", "192.168.0.0/16");
    policy.getSpec().setAdditionalProperty("podSelctor", Map.of());

    LoadResult result = Fabric8.load(List.of(namespace("shop"), policy));

    assertThat(result.isValid()).isFalse();
    assertThat(result.report().problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location().toString()).isEqualTo("NetworkPolicy shop/allow-web");
              assertThat(p.fieldPath()).isEqualTo("spec.podSelctor");
            });
  }

  @Test
  void clusterScopedPolicyAsGenericResourceIsReadLikeAFile() {
    GenericKubernetesResource anp =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("policy.networking.k8s.io/v1alpha1")
            .withKind("AdminNetworkPolicy")
            .withNewMetadata().withName("deny-egress").endMetadata()
            .addToAdditionalProperties("spec", Map.of("priority", 10))
            .build();
    List<HasMetadata> objects = new ArrayList<>(shop("192.168.0.0/16"));
    objects.add(anp);

    LoadResult fromObjects = Fabric8.load(objects);
    LoadResult fromText =
        ManifestLoader.defaults()
            .loadString(
                "AdminNetworkPolicy deny-egress",
                "apiVersion: policy.networking.k8s.io/v1alpha1\n"
                    + "kind: AdminNetworkPolicy\n"
                    + "metadata: {name: deny-egress}\n"
                    + "spec: {priority: 10}\n");

    assertThat(fromObjects.isValid()).isEqualTo(fromText.isValid());
    assertThat(fromObjects.report().problems())
        .extracting(p -> p.location().source() + ": " + p.fieldPath() + ": " + p.message())
        .containsExactlyElementsOf(
            fromText.report().problems().stream()
                .map(p -> p.location().source() + ": " + p.fieldPath() + ": " + p.message())
                .toList());
  }

  @Test
  void sameObjectGivenTwiceIsReportedAsADuplicate() {
    Deployment web = deployment("shop", "web", 1);

    LoadResult result = Fabric8.load(List.of(namespace("shop"), web, web));

    assertThat(result.isValid()).isFalse();
    assertThat(result.report().problems().toString()).contains("Deployment shop/web");
  }

  @Test
  void reportNamesEachObjectLoaded() {
    LoadResult result = Fabric8.load(shop("192.168.0.0/16"));

    assertThat(result.report().loaded())
        .extracting(e -> e.location().toString())
        .containsExactlyInAnyOrder(
            "Namespace shop",
            "Deployment shop/web",
            "Deployment shop/api",
            "Deployment shop/batch",
            "NetworkPolicy shop/allow-web");
  }

  @Test
  void objectWithoutNamespaceTakesTheLoadersDefault() {
    Deployment web = deployment(null, "web", 1);

    Cluster cluster =
        Fabric8.load(ManifestLoader.builder().defaultNamespace("shop").build(), List.of(web))
            .cluster();

    assertThat(cluster.pod("shop/web-0")).isPresent();
  }
}
