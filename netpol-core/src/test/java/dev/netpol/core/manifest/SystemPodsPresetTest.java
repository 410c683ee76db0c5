package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import org.junit.jupiter.api.Test;

class SystemPodsPresetTest {
  private static final String APP =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n";

  @Test
  void isOffByDefault() {
    Cluster cluster = ManifestLoader.defaults().loadString(APP).cluster();
    assertThat(cluster.podsIn("kube-system")).isEmpty();
  }

  @Test
  void addsCoreDnsPodsLabelledKubeDnsWithDnsPorts() {
    Cluster cluster =
        ManifestLoader.builder().systemPods(true).build().loadString(APP).cluster();
    assertThat(cluster.podsIn("kube-system")).extracting(Pod::name)
        .containsExactly("coredns-0", "coredns-1");
    Pod dns = cluster.pod("kube-system/coredns-0").orElseThrow();
    assertThat(dns.labels().get("k8s-app")).contains("kube-dns");
    assertThat(dns.resolveNamedPort("dns", Protocol.UDP)).contains(53);
    assertThat(dns.resolveNamedPort("dns-tcp", Protocol.TCP)).contains(53);
    assertThat(cluster.service("kube-system/kube-dns")).isPresent();
    assertThat(cluster.namespace("kube-system")).isPresent();
    assertThat(cluster.implicitNamespaces()).doesNotContain("kube-system");
  }

  @Test
  void keepsTheUsersOwnObjects() {
    String own =
        APP
            + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n"
            + "  labels:\n    tier: system\n";
    LoadResult result = ManifestLoader.builder().systemPods(true).build().loadString(own);
    assertThat(result.report().problems()).isEmpty();
    assertThat(result.cluster().namespace("kube-system").orElseThrow().labels().get("tier"))
        .contains("system");
    assertThat(result.cluster().podsIn("kube-system")).hasSize(2);
  }
}
