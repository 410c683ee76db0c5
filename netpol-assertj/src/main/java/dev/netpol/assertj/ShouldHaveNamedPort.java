package dev.netpol.assertj;

import dev.netpol.core.Endpoint;
import dev.netpol.core.UnresolvedNamedPortException;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code onNamedPort(name)}: some destination has no container port of that name (or is no pod),
 * so the question has no port to ask; a typo in a port name fails, for {@code denies} too.
 */
final class ShouldHaveNamedPort extends BasicErrorMessageFactory {
  private ShouldHaveNamedPort(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldHaveNamedPort(
      boolean allows, Endpoint source, UnresolvedNamedPortException problem) {
    return new ShouldHaveNamedPort(
        Messages.expectation(allows, "named port " + problem.name())
            + ", but "
            + Messages.of(problem.problems().size(), problem.destinations(), "destination")
            + " without a container port named "
            + Messages.literal(problem.name())
            + ":"
            + Messages.literal(Messages.list(problem.problems())),
        source,
        problem.destination());
  }

}
