package dev.netpol.assertj;

import dev.netpol.core.EndpointResolutionException;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * An endpoint of the assertion names nothing in the cluster: the assertion fails (never passes
 * vacuously) with core's message, which names the nearest misses.
 */
final class ShouldResolve extends BasicErrorMessageFactory {
  private ShouldResolve(String format, Object... arguments) {
    super(format, arguments);
  }

  /**
   * @param expectation the first words, a format with one {@code %s} per argument
   * @param arguments the endpoints of the expectation
   */
  static ErrorMessageFactory shouldResolve(
      String expectation, EndpointResolutionException problem, Object... arguments) {
    return new ShouldResolve(
        expectation + ", but cannot resolve " + Messages.literal(problem.getMessage()), arguments);
  }
}
