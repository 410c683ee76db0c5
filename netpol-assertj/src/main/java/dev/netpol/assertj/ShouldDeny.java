package dev.netpol.assertj;

import dev.netpol.core.ConnectionAnswer;
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

  static ErrorMessageFactory shouldDeny(ConnectionAnswer answer) {
    return new ShouldDeny(
        Messages.breaking(answer, false) + " allowed:" + Messages.explanations(answer, false),
        answer.source(),
        answer.destination());
  }
}
