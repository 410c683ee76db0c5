package dev.netpol.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ClusterRole the README gives for snapshots is the one they need: list rights, no more. */
class SnapshotRbacTest {
  private static final String MARKER = "<!-- fabric8:clusterrole";

  private static ClusterRole readmeClusterRole() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("README block marked %s", MARKER).isNotNegative();
    int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    return new KubernetesSerialization().unmarshal(block.split("\n---\n")[0], ClusterRole.class);
  }

  @Test
  void readmeClusterRoleGrantsListOnEveryKindASnapshotReads() throws IOException {
    List<PolicyRule> rules = readmeClusterRole().getRules();
    List<ClusterReader.Kind> kinds = new ArrayList<>(ClusterReader.KINDS);
    kinds.addAll(ClusterReader.CLUSTER_POLICY_KINDS);

    assertThat(kinds)
        .allSatisfy(
            kind ->
                assertThat(rules)
                    .as("a rule with verb list on %s", kind.resource())
                    .anySatisfy(
                        rule -> {
                          assertThat(rule.getApiGroups()).contains(kind.group());
                          assertThat(rule.getResources()).contains(kind.plural());
                          assertThat(rule.getVerbs()).contains("list");
                        }));
  }

  @Test
  void readmeClusterRoleIsReadOnly() throws IOException {
    assertThat(readmeClusterRole().getRules())
        .flatExtracting(PolicyRule::getVerbs)
        .isSubsetOf("get", "list");
  }
}
