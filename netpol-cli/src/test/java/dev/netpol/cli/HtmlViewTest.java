package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import org.junit.jupiter.api.Test;

/**
 * Which level the HTML view shows, and what it embeds there (the browser test covers the rest).
 */
class HtmlViewTest {
  private static Cluster lonePods(int count) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append("apiVersion: v1\nkind: Pod\nmetadata: {name: p").append(i)
          .append(", namespace: ns").append(i % 3).append(", labels: {app: a}}\n")
          .append("spec: {containers: [{name: c}]}\n---\n");
    }
    return Cluster.fromYaml(yaml.toString());
  }

  @Test
  void upToTheLimitEachWorkloadIsShownWithItsExplanations() {
    Cluster cluster = lonePods(HtmlView.MAX_WORKLOADS);
    String page = HtmlView.write(cluster, cluster.reachability());
    assertThat(page).contains("\"level\": \"workload\"").contains("ns0/p0 -> ns0/p0 on any port")
        .doesNotContain("/*DATA*/");
  }

  @Test
  void aboveTheLimitNamespacesAreShownWithoutEmbeddedExplanations() {
    Cluster cluster = lonePods(HtmlView.MAX_WORKLOADS + 1);
    String page = HtmlView.write(cluster, cluster.reachability());
    assertThat(page).contains("\"level\": \"namespace\"")
        .contains("{\"id\": \"ns0\", \"ns\": \"ns0\", \"kind\": \"Namespace\", \"pods\": 51}")
        .contains("\"texts\": []")
        .contains("netpol explain -f MANIFESTS namespace:");
  }
}
