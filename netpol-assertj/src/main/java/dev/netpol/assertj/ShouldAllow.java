package dev.netpol.assertj;

import dev.netpol.core.Endpoint;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code allows(a).to(b)} failed: some pairs are denied on some port asked. First line: what was
 * expected and how many pairs break it; then up to five pairs with core's explanation.
 */
final class ShouldAllow extends BasicErrorMessageFactory {
  private ShouldAllow(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldAllow(
      Endpoint source, Endpoint destination, String ports, Outcome outcome) {
    return new ShouldAllow(
        Messages.expectation(true, ports)
            + ", but "
            + Messages.of(outcome.failures().size(), outcome.total(), outcome.pairNoun())
            + " denied:"
            + Messages.literal(Messages.list(outcome.failures())),
        source,
        destination);
  }
}
