package dev.netpol.assertj;

import dev.netpol.core.ConnectionAnswer;
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

  static ErrorMessageFactory shouldAllow(ConnectionAnswer answer) {
    return new ShouldAllow(
        Messages.breaking(answer, true) + " denied:" + Messages.explanations(answer, true),
        answer.source(),
        answer.destination());
  }
}
