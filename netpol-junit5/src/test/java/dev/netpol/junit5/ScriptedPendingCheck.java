package dev.netpol.junit5;

import dev.netpol.core.spi.PendingCheck;
import java.util.Optional;

/**
 * A {@link PendingCheck} registered for this module's tests (META-INF/services in the test
 * resources): it reports what a test {@linkplain #leave left} on its thread, and nothing
 * otherwise, so the extension's hook can be tested without netpol-assertj.
 */
public final class ScriptedPendingCheck implements PendingCheck {
  private static final ThreadLocal<String> LEFT = new ThreadLocal<>();

  /** Created by the ServiceLoader. */
  public ScriptedPendingCheck() {}

  /** Leaves unfinished work on this thread, described by a message. */
  static void leave(String message) {
    LEFT.set(message);
  }

  @Override
  public Optional<AssertionError> takePending() {
    String left = LEFT.get();
    LEFT.remove();
    return Optional.ofNullable(left).map(AssertionError::new);
  }
}
