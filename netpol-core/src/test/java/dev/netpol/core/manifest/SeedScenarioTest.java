package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeedScenarioTest {
  private static final Path SEED = Path.of("src/test/resources/netpol/seed");

  @Test
  void loadsTheFrontendBackendScenarioAsTwoDeploymentsOfTwoPodsAndThreePolicies() {
    Cluster cluster = Cluster.load(SEED);

    assertThat(cluster.pods())
        .extracting(Pod::id)
        .containsExactly(
            "default/backend-0", "default/backend-1", "default/frontend-0", "default/frontend-1");
    assertThat(cluster.pod("default/frontend-1").orElseThrow().labels())
        .isEqualTo(Labels.of("app", "frontend"));
    assertThat(cluster.pod("default/backend-0").orElseThrow().owner())
        .contains(new WorkloadRef(WorkloadKind.DEPLOYMENT, "backend"));
    assertThat(cluster.pods())
        .extracting(p -> p.ips().get(0).toString())
        .containsExactly("10.244.0.1", "10.244.0.2", "10.244.0.3", "10.244.0.4");
    assertThat(cluster.workload("default/frontend").orElseThrow().podNames())
        .containsExactly("frontend-0", "frontend-1");
    // sorted file order: allow-frontend-egress..., allow-frontend-to-backend-ingress, deny-all...
    assertThat(cluster.policiesIn("default"))
        .extracting(NetworkPolicy::name)
        .containsExactly(
            "allow-frontend-egress-to-backend",
            "allow-frontend-to-backend-ingress",
            "deny-all-ingress-to-backend");
    NetworkPolicy egress = cluster.policiesIn("default").get(0);
    assertThat(egress.policyTypes()).containsExactly(PolicyType.EGRESS);
    assertThat(egress.egress()).hasSize(2);
    assertThat(egress.egress().get(1).ports()).hasToString("[UDP/53, TCP/53]");
    assertThat(cluster.implicitNamespaces()).containsExactly("default");
  }

  @Test
  void reportsTheImplicitDefaultNamespaceAndEveryLoadedObject() {
    LoadResult result = ManifestLoader.defaults().load(SEED);

    assertThat(result.isValid()).isTrue();
    assertThat(result.report().loaded()).hasSize(5);
    assertThat(result.report().warnings())
        .singleElement()
        .asString()
        .contains("namespace default (the default namespace) is used by NetworkPolicy")
        .contains("never declared");
  }

  @Test
  void loadsTheSeedFromTheClasspathToo() {
    Cluster cluster = Cluster.fromClasspath("netpol/seed");

    assertThat(cluster.pods()).hasSize(4);
    assertThat(cluster.policies()).hasSize(3);
  }
}
