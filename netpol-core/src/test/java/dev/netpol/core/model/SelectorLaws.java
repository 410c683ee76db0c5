package dev.netpol.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Laws of label selectors (docs/semantics.md#label-selectors), checked on generated selectors and
 * labels.
 */
class SelectorLaws {
  private static final Gen<Map.Entry<LabelSelector, Labels>> SELECTOR_AND_LABELS =
      Gen.zip(NetpolGen.selectors(), NetpolGen.labels(), Map::entry);

  @Test
  void matchLabelsSelectsLikeTheSameConstraintsWrittenAsIn() {
    Property.forAll(Gen.zip(NetpolGen.matchLabelSelectors(), NetpolGen.labels(), Map::entry))
        .check(e -> {
          LabelSelector.Builder asIn = LabelSelector.builder();
          e.getKey().matchLabels().forEach((k, v) -> asIn.matchExpression(
              LabelSelectorRequirement.in(k, v)));
          assertThat(asIn.build().matches(e.getValue()))
              .as("%s written as In, on labels {%s}", e.getKey(), e.getValue())
              .isEqualTo(e.getKey().matches(e.getValue()));
        });
  }

  @Test
  void notInIsTrueForLabelsLackingTheKey() {
    Property.forAll(Gen.zip(NetpolGen.requirements(), NetpolGen.labels(), Map::entry))
        .check(e -> {
          LabelSelectorRequirement notIn = LabelSelectorRequirement.of(
              e.getKey().key(), LabelSelectorRequirement.Operator.NOT_IN,
              e.getKey().values().isEmpty() ? java.util.List.of("a") : e.getKey().values());
          Labels lacking = e.getValue().without(notIn.key());
          assertThat(notIn.matches(lacking)).as("%s on labels {%s}", notIn, lacking).isTrue();
        });
  }

  @Test
  void selectorStringSyntaxRoundTrips() {
    Property.forAll(SELECTOR_AND_LABELS).check(e -> {
      LabelSelector s = e.getKey();
      LabelSelector back = LabelSelector.parse(s.toString());
      assertThat(back).as("parse(\"%s\")", s).isEqualTo(s);
      assertThat(back.matches(e.getValue()))
          .as("parse(\"%s\") on labels {%s}", s, e.getValue())
          .isEqualTo(s.matches(e.getValue()));
    });
  }

  @Test
  void requirementsSelectLikeTheSelector() {
    Property.forAll(SELECTOR_AND_LABELS).check(e -> {
      LabelSelector s = e.getKey();
      boolean all = s.requirements().stream().allMatch(r -> r.matches(e.getValue()));
      assertThat(all).as("requirements of %s on labels {%s}", s, e.getValue())
          .isEqualTo(s.matches(e.getValue()));
    });
  }
}
