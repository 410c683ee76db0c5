package dev.netpol.assertj;

import dev.netpol.core.Endpoint;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code denies(a).to(b)} failed: some pairs are allowed on some port asked. First line: what was
 * expected and how many pairs break it; then up to five pairs with core's explanation.
 */
final class ShouldDeny extends BasicErrorMessageFactory {
  private ShouldDeny(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldDeny(
      Endpoint source, Endpoint destination, String ports, Outcome outcome) {
    return new ShouldDeny(
        Messages.expectation(false, ports)
            + ", but "
            + Messages.of(outcome.failures().size(), outcome.total(), outcome.pairNoun())
            + " allowed:"
            + Messages.literal(Messages.list(outcome.failures())),
        source,
        destination);
  }
}
