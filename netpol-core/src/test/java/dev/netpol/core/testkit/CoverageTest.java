package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoverageTest {

  private static Coverage run(int tries, int every) {
    Coverage coverage = new Coverage();
    for (int i = 0; i < tries; i++) {
      coverage.tried();
      coverage.when("rare", i % every == 0);
    }
    return coverage;
  }

  @Test
  void passesWhenTheCaseOccurredOftenEnough() {
    Coverage coverage = run(1000, 40);
    assertThat(coverage.count("rare")).isEqualTo(25);
    coverage.requireAtLeast("rare", 0.1); // 25 is a quarter of the typical 100: still enough
  }

  @Test
  void failsNamingEveryCountWhenTheCaseWasTooRare() {
    Coverage coverage = run(1000, 100);
    coverage.saw("other");
    assertThatThrownBy(() -> coverage.requireAtLeast("rare", 0.05))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"rare\" occurred 10 times in 1000 tries, expected at least 13")
        .hasMessageContaining("other=1");
  }

  @Test
  void failsWhenTheCaseNeverOccurredWhateverTheFraction() {
    Coverage coverage = run(Coverage.MIN_TRIES, Integer.MAX_VALUE - 1);
    assertThat(coverage.count("rare")).isEqualTo(1); // try 0 only
    assertThatThrownBy(() -> coverage.requireAtLeast("never", 0.0))
        .hasMessageContaining("\"never\" occurred 0 times");
  }

  @Test
  void judgesNothingOnAShortenedRun() {
    Coverage coverage = run(Coverage.MIN_TRIES - 1, 1000);
    coverage.requireAtLeast("never", 0.5);
    assertThat(coverage.toString()).startsWith((Coverage.MIN_TRIES - 1) + " tries");
  }
}
