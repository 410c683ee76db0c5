package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostileInputTest {

  @Test
  void billionLaughsAliasExpansionIsStoppedByTheCap() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      String prev = "*a" + (i - 1);
      yaml.append("a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    LoadResult result = ManifestLoader.defaults().loadString("lol.yaml", yaml.toString());

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .startsWith("lol.yaml:")
        .endsWith(": aliases expand to more than 100000 nodes (a \"billion laughs\" input?)");
  }

  @Test
  void inputLargerThanTheLimitIsRefusedBeforeParsing() {
    String big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: \"" + "x".repeat(5000) + "\"}\n";
    LoadResult result =
        ManifestLoader.builder()
            .maxSourceChars(1000)
            .build()
            .load(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)), "big.yaml");

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .containsExactly("big.yaml: input is larger than the limit of 1000 characters");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedWithItsLocation() {
    String deep = "a: " + "[".repeat(100) + "]".repeat(100) + "\n";
    LoadResult result = ManifestLoader.defaults().loadString("deep.yaml", deep);

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .containsExactly("deep.yaml:1:67: nesting deeper than the limit of 64 levels");
  }

  @Test
  void deepJsonIsRefusedToo() {
    String deep = "{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}";
    LoadResult result = ManifestLoader.defaults().loadString("deep.json", deep);

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .endsWith("nesting deeper than the limit of 64 levels");
  }

  @Test
  void moreDocumentsThanTheLimitAreRefused() {
    String many = "---\na: 1\n".repeat(20);
    LoadResult result = ManifestLoader.builder().maxDocuments(10).build().loadString("many.yaml", many);

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .first()
        .isEqualTo("many.yaml:22:1: more than 10 documents in one input");
  }

  @Test
  void selfReferencingAliasIsRefused() {
    LoadResult result = ManifestLoader.defaults().loadString("loop.yaml", "a: &x [*x]\n");

    assertThat(result.report().problems())
        .extracting(Object::toString)
        .first()
        .isEqualTo(
            "loop.yaml:1:8: alias *x refers to no anchor &x defined before it in this document");
  }
}
