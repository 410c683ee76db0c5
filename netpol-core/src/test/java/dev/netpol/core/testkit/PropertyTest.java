package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PropertyTest {

  @Test
  void failureMessageCarriesTheSeedTheShrinkStepsTheYamlAndTheLawsMessage() {
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(424242).check(c -> {
          if (!c.policies().isEmpty()) {
            throw new AssertionError("query default/pod-0 -> 8.8.8.8 disagreed");
          }
        }));

    assertThat(failure.seed()).isEqualTo(424242);
    assertThat(failure.getMessage())
        .contains("replay with -Dnetpol.seed=424242")
        .contains("shrunk in " + failure.shrinkSteps() + " steps")
        .contains("kind: NetworkPolicy")
        .contains("podSelector: {}")
        .contains("the property said (AssertionError): query default/pod-0 -> 8.8.8.8 disagreed");
  }

  @Test
  void theSameSeedReplaysTheSameFailure() {
    PropertyFailure first = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(99).holds("no pods", c -> c.pods().isEmpty()));
    PropertyFailure second = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(99).holds("no pods", c -> c.pods().isEmpty()));
    assertThat(second.getMessage()).isEqualTo(first.getMessage());
  }

  @Test
  void runsTheDefaultNumberOfTriesWhenNothingElseIsSaid() {
    List<Integer> seen = new ArrayList<>();
    Property.forAll(Gen.choose(0, 10)).seed(1).check(seen::add);
    int expected = Property.triesFromSystem().orElse(Property.DEFAULT_TRIES);
    assertThat(seen).hasSize(expected);
  }

  @Test
  void treatsUnsetMavenPropertiesAsNotSet() {
    assertThat(Property.parseSeed(null)).isEmpty();
    assertThat(Property.parseSeed("")).isEmpty();
    assertThat(Property.parseSeed("${netpol.seed}")).isEmpty();
    assertThat(Property.parseTries("${netpol.tries}")).isEmpty();
    assertThat(Property.parseTries(" ")).isEmpty();
  }

  @Test
  void readsSeedAndTriesWhenGiven() {
    assertThat(Property.parseSeed("-1234567890123")).isEqualTo(OptionalLong.of(-1234567890123L));
    assertThat(Property.parseTries("5000")).isEqualTo(OptionalInt.of(5000));
  }

  @Test
  void rejectsASeedThatIsNotANumber() {
    assertThatThrownBy(() -> Property.parseSeed("abc"))
        .hasMessage("-Dnetpol.seed must be a whole number (a seed printed by a failure), found \"abc\"");
    assertThatThrownBy(() -> Property.parseTries("0"))
        .hasMessage("-Dnetpol.tries must be at least 1, found 0");
  }

  @Test
  void derivesADifferentSeedForEveryTry() {
    assertThat(Property.trySeed(1, 0)).isNotEqualTo(Property.trySeed(1, 1));
    assertThat(Property.trySeed(1, 5)).isEqualTo(Property.trySeed(1, 5));
  }
}
