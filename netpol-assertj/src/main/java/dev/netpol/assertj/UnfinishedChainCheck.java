package dev.netpol.assertj;

import dev.netpol.core.spi.PendingCheck;
import java.util.Optional;

/**
 * Reports a chain such as {@code assertThat(cluster).allows(a).to(b);} left without its port, to
 * a test framework adapter: found by {@link java.util.ServiceLoader}, so {@code @NetpolTest}
 * (netpol-junit5) fails the test that left the chain without either module depending on the
 * other. You do not call it; {@link NetpolAssertionsExtension} and {@link
 * NetpolAssertions#verifyNoUnfinishedAssertions()} do the same for other set-ups.
 */
public final class UnfinishedChainCheck implements PendingCheck {

  /** Created by {@link java.util.ServiceLoader}. */
  public UnfinishedChainCheck() {}

  /**
   * Takes the chain this thread left unfinished, if any.
   *
   * @return {@code unfinished netpol assertion started at FooTest.java:42: ...}, or empty; the
   *     thread then has no pending chain
   */
  @Override
  public Optional<AssertionError> takePending() {
    return PendingChains.take();
  }
}
