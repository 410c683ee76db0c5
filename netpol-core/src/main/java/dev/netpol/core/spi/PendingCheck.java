package dev.netpol.core.spi;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Work a test may leave unfinished on its thread, which a test framework adapter checks after
 * each test so that the test that left it fails, not a later unrelated one.
 *
 * <p>netpol-assertj implements it for a chain left without its port:
 *
 * <pre>{@code
 * assertThat(cluster).denies(workload("shop/web")).to(workload("shop/db"));   // no .onTcp(...)
 * // without the check: passes; the next netpol assertion of the thread fails instead
 * // under @NetpolTest: this test fails with
 * //   unfinished netpol assertion started at ShopTest.java:42: ... asks about no port
 * }</pre>
 *
 * <p>An implementation is registered in {@code META-INF/services/dev.netpol.core.spi.PendingCheck}
 * and needs a public class with a public no-argument constructor. A framework adapter calls
 * {@link #installed()} once and {@link #takePending()} of each after every test, on the test's
 * thread.
 */
public interface PendingCheck {

  /**
   * Takes what the current thread left unfinished, as the error that reports it (with where it
   * was started), and forgets it, so that it is reported once.
   *
   * @return the error, or empty if nothing is pending on this thread
   */
  Optional<AssertionError> takePending();

  /**
   * The checks registered with {@link ServiceLoader}, seen through the thread's context class
   * loader (the test class path, under a test runner).
   *
   * @return the checks; empty when no module that registers one is on the class path
   */
  static ImmutableList<PendingCheck> installed() {
    return ImmutableList.copyOf(ServiceLoader.load(PendingCheck.class));
  }
}
