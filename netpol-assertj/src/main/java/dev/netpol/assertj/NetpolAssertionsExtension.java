package dev.netpol.assertj;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit Jupiter extension that fails a test which leaves a netpol chain unfinished, such as
 * {@code assertThat(cluster).allows(a).to(b);} without a port: without it, such a line would be
 * reported only by the next netpol assertion of the thread.
 *
 * <pre>{@code
 * @ExtendWith(NetpolAssertionsExtension.class)
 * class PolicyTest { ... }
 * }</pre>
 *
 * <p>A class annotated {@code @NetpolTest} (netpol-junit5) needs no such line: that extension
 * runs the same check. Needs {@code junit-jupiter-api} on the test classpath (an optional
 * dependency of this module).
 */
public final class NetpolAssertionsExtension implements AfterEachCallback {

  /** The extension; JUnit creates it from {@code @ExtendWith}. */
  public NetpolAssertionsExtension() {}

  /**
   * Fails the test if it left a chain unfinished, and forgets the chain.
   *
   * @param context the test's context
   * @throws AssertionError {@code unfinished netpol assertion started at FooTest.java:42: ...}
   */
  @Override
  public void afterEach(ExtensionContext context) {
    PendingChains.verifyNone();
  }
}
