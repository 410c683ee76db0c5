package dev.netpol.assertj;

import dev.netpol.core.eval.Verdict;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A {@link Verdict} is not the one expected: what was expected of the connection, what it is,
 * then core's full explanation.
 */
final class ShouldBeVerdict extends BasicErrorMessageFactory {
  private ShouldBeVerdict(String format) {
    super(format);
  }

  static ErrorMessageFactory shouldBe(Verdict verdict, String expected, String found) {
    return new ShouldBeVerdict(
        Messages.literal(
            "expected "
                + connection(verdict)
                + " to be "
                + expected
                + ", but "
                + found
                + ":\n"
                + verdict.explain()));
  }

  /** {@code default/a -> default/b on TCP/80}, with the Service it went through, if any. */
  static String connection(Verdict verdict) {
    return verdict.source()
        + " -> "
        + verdict.destination()
        + " on "
        + verdict.port()
        + verdict.via().map(v -> " (via " + v + ")").orElse("");
  }
}
