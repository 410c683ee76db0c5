package dev.netpol.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  @Test
  void parsesEveryKubectlForm() {
    LabelSelector s = LabelSelector.parse("app=web, tier in (web,api),env notin (prod),team,!legacy,x!=y");
    assertThat(s.matchLabels()).containsEntry("app", "web");
    assertThat(s.matchExpressions())
        .containsExactly(
            LabelSelectorRequirement.in("tier", "api", "web"),
            LabelSelectorRequirement.notIn("env", "prod"),
            LabelSelectorRequirement.exists("team"),
            LabelSelectorRequirement.doesNotExist("legacy"),
            LabelSelectorRequirement.notIn("x", "y"));
  }

  @Test
  void printsWhatItParses() {
    String text = "app=web,tier in (api,web),env notin (prod),team,!legacy";
    assertThat(LabelSelector.parse(text).toString()).isEqualTo(text);
    assertThat(LabelSelector.parse(LabelSelector.parse(text).toString()))
        .isEqualTo(LabelSelector.parse(text));
  }

  @Test
  void emptySelectorMatchesEverythingAndPrintsAsBraces() {
    assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.everything());
    assertThat(LabelSelector.parse("{}").matches(Labels.empty())).isTrue();
    assertThat(LabelSelector.everything()).hasToString("{}");
  }

  @Test
  void notInIsTrueForObjectsWithoutTheKey() {
    LabelSelector s = LabelSelector.parse("env notin (prod)");
    assertThat(s.matches(Labels.empty())).isTrue();
    assertThat(s.matches(Labels.of("env", "prod"))).isFalse();
    assertThat(s.matches(Labels.of("env", "dev"))).isTrue();
  }

  @Test
  void inNeedsTheKey() {
    assertThat(LabelSelector.parse("env in (prod)").matches(Labels.empty())).isFalse();
  }

  @Test
  void existsMatchesAnEmptyValue() {
    assertThat(LabelSelector.parse("release").matches(Labels.of("release", ""))).isTrue();
    assertThat(LabelSelector.parse("!release").matches(Labels.of("release", ""))).isFalse();
  }

  @Test
  void matchLabelsAndExpressionsAreAnded() {
    LabelSelector s = LabelSelector.parse("app=web,tier in (api)");
    assertThat(s.matches(Labels.of("app", "web", "tier", "api"))).isTrue();
    assertThat(s.matches(Labels.of("app", "web", "tier", "db"))).isFalse();
    assertThat(s.matches(Labels.of("tier", "api"))).isFalse();
  }

  @Test
  void rejectsInWithoutValuesNamingTheField() {
    assertThatThrownBy(() -> LabelSelectorRequirement.of(
            "tier", LabelSelectorRequirement.Operator.IN, java.util.List.of()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("values: operator In needs at least one value");
  }

  @Test
  void readsEmptyParenthesesAsTheEmptyValueLikeKubectl() {
    assertThat(LabelSelector.parse("tier in ()"))
        .isEqualTo(LabelSelector.builder().matchExpression(LabelSelectorRequirement.in("tier", "")).build());
    assertThat(LabelSelector.parse("tier notin (a,)").matchExpressions())
        .containsExactly(LabelSelectorRequirement.notIn("tier", "a", ""));
    assertThat(LabelSelector.parse("tier in ()").matches(Labels.of("tier", ""))).isTrue();
  }

  @Test
  void rejectsSyntaxErrorsWithThePosition() {
    assertThatThrownBy(() -> LabelSelector.parse("app=web tier=api"))
        .hasMessage(
            "invalid label selector \"app=web tier=api\" at position 9: expected ',' between"
                + " requirements, found 't'");
  }

  @Test
  void rejectsInvalidLabelValues() {
    assertThatThrownBy(() -> LabelSelector.matchLabels("app", "-web"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("matchLabels[\"app\"]")
        .hasMessageContaining("start and end with an alphanumeric");
  }

  @Test
  void rejectsInvalidLabelKeys() {
    assertThatThrownBy(() -> Labels.of("Bad_Prefix.com/app", "x"))
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> Labels.of("a".repeat(64), "x"))
        .hasMessageContaining("at most 63 characters, found 64");
    assertThat(Labels.of("app.kubernetes.io/name", "x").get("app.kubernetes.io/name"))
        .contains("x");
  }
}
