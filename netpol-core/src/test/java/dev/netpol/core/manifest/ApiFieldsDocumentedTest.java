package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields netpol accepts and ignores are the documented list, field for field. */
class ApiFieldsDocumentedTest {
  private static final Path SEMANTICS = Path.of("../docs/semantics.md");

  private static String refusalsSection() throws IOException {
    String page = Files.readString(SEMANTICS, StandardCharsets.UTF_8);
    int start = page.indexOf("### What netpol refuses and why");
    int end = page.indexOf("\n## ", start);
    assertThat(start).as("section in docs/semantics.md").isNotNegative();
    return page.substring(start, end < 0 ? page.length() : end);
  }

  private static List<ApiFields.FieldSet> fieldSets() throws IllegalAccessException {
    List<ApiFields.FieldSet> sets = new ArrayList<>();
    for (Field f : ApiFields.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ApiFields.FieldSet.class) {
        sets.add((ApiFields.FieldSet) f.get(null));
      }
    }
    return sets;
  }

  @Test
  void everyIgnoredFieldIsListedInTheDocsWithTheKubernetesVersion() throws Exception {
    String section = refusalsSection();
    assertThat(section).contains("Kubernetes " + ApiFields.VERSION);
    List<ApiFields.FieldSet> sets = fieldSets();
    assertThat(sets).hasSizeGreaterThan(20);
    for (ApiFields.FieldSet set : sets) {
      for (String ignored : set.ignored()) {
        assertThat(section).as(set.type() + "." + ignored).contains("`" + ignored + "`");
      }
    }
  }

  @Test
  void noFieldIsBothReadAndIgnored() throws Exception {
    for (ApiFields.FieldSet set : fieldSets()) {
      assertThat(com.google.common.collect.Sets.intersection(set.read(), set.ignored()))
          .as(set.type())
          .isEmpty();
    }
  }
}
