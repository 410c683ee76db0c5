package dev.netpol.assertj;

import dev.netpol.core.Endpoint;
import java.util.List;
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
      boolean allows,
      Endpoint source,
      Endpoint destination,
      String name,
      int destinations,
      List<String> missing) {
    return new ShouldHaveNamedPort(
        Messages.expectation(allows, "named port " + name)
            + ", but "
            + Messages.of(missing.size(), destinations, "destination")
            + " without a container port named "
            + Messages.literal(name)
            + ":"
            + Messages.literal(Messages.list(missing)),
        source,
        destination);
  }
}
