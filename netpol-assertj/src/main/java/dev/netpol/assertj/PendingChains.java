package dev.netpol.assertj;

import java.util.List;
import java.util.Optional;

/**
 * The chain of this thread that was started ({@code allows(a)}) but not yet ended by a port
 * ({@code .onTcp(80)}), with where it was started: as Mockito detects unfinished stubbing, the
 * next netpol assertion of the thread (or {@link NetpolAssertionsExtension}, or {@link
 * NetpolAssertions#verifyNoUnfinishedAssertions()}) reports it, so that it never passes silently.
 */
final class PendingChains {
  /** Our own classes: the call site is the first frame outside them. */
  private static final List<String> OWN =
      List.of(
          NetpolAssertions.class.getName(),
          NetpolSoftAssertions.class.getName(),
          ClusterAssert.class.getName(),
          ConnectionFrom.class.getName(),
          ConnectionTo.class.getName(),
          PendingChains.class.getName());

  private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

  /** A started chain: what it says so far and where the user wrote it. */
  static final class Pending {
    private final String where;
    private String chain;

    private Pending(String where, String chain) {
      this.where = where;
      this.chain = chain;
    }
  }

  private PendingChains() {}

  /** Reports any pending chain, then records a new one started here. */
  static Pending start(String chain) {
    verifyNone();
    Pending pending = new Pending(callSite(), chain);
    PENDING.set(pending);
    return pending;
  }

  static void extend(Pending pending, String chain) {
    pending.chain = chain;
  }

  /** The chain was ended by a terminal. */
  static void finish(Pending pending) {
    if (PENDING.get() == pending) {
      PENDING.remove();
    }
  }

  /**
   * Takes the pending chain of this thread, if any, as the error that reports it.
   *
   * @return the error; the thread then has no pending chain
   */
  static Optional<AssertionError> take() {
    Pending pending = PENDING.get();
    if (pending == null) {
      return Optional.empty();
    }
    PENDING.remove();
    return Optional.of(new AssertionError(ShouldFinishChain.message(pending.where, pending.chain)));
  }

  /** Throws the error of the pending chain, if any. */
  static void verifyNone() {
    Optional<AssertionError> error = take();
    if (error.isPresent()) {
      throw error.get();
    }
  }

  private static String callSite() {
    for (StackTraceElement frame : new Throwable().getStackTrace()) {
      if (!isInternal(frame.getClassName())) {
        return frame.getFileName() == null
            ? frame.getClassName() + "." + frame.getMethodName()
            : frame.getFileName() + ":" + frame.getLineNumber();
      }
    }
    return "an unknown place";
  }

  private static boolean isInternal(String className) {
    if (className.startsWith("java.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("org.assertj.")) {
      return true;
    }
    for (String own : OWN) {
      if (className.equals(own) || className.startsWith(own + "$")) {
        return true;
      }
    }
    return false;
  }
}
