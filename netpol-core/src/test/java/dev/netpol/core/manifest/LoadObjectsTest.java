package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ManifestLoader#loadObjects}: objects that never were files (a Kubernetes client's model
 * objects) go through the same validation, and messages name the object, not a line of a text
 * the user never wrote.
 */
class LoadObjectsTest {

  private static final String BAD_POLICY =
      """
      {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
       "metadata": {"name": "allow-web", "namespace": "shop"},
       "spec": {"podSelector": {},
                "ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/33"}}]}]}}
      """;

  private static final String NAMESPACE =
      """
      {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
      """;

  @Test
  void problemsNameTheObjectWithoutLineOrColumn() {
    LoadResult result =
        ManifestLoader.defaults()
            .loadObjects(
                Map.of("Namespace shop", NAMESPACE, "NetworkPolicy shop/allow-web", BAD_POLICY));

    assertThat(result.report().problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo(SourceLocation.of("NetworkPolicy shop/allow-web"));
              assertThat(p.toString())
                  .startsWith(
                      "NetworkPolicy shop/allow-web: spec.ingress[0].from[0].ipBlock.cidr: ");
            });
  }

  @Test
  void loadedAndSkippedEntriesNameTheObjectWithoutLines() {
    LoadResult result =
        ManifestLoader.defaults()
            .loadObjects(
                Map.of(
                    "Namespace shop",
                    NAMESPACE,
                    "ConfigMap shop/settings",
                    """
                    {"apiVersion": "v1", "kind": "ConfigMap",
                     "metadata": {"name": "settings", "namespace": "shop"}}
                    """));

    assertThat(result.isValid()).isTrue();
    assertThat(result.report().loaded())
        .extracting(ReportEntry::location)
        .containsExactly(SourceLocation.of("Namespace shop"));
    assertThat(result.report().skipped())
        .extracting(ReportEntry::location)
        .containsExactly(SourceLocation.of("ConfigMap shop/settings"));
  }
}
