package dev.netpol.cli;

/** The exit codes of every {@code netpol} command, listed in each command's {@code --help}. */
final class ExitCodes {
  /** The command ran and nothing it was asked to check failed. */
  static final int OK = 0;

  /** An expectation failed: a table cell, or the answer {@code explain --expect} named. */
  static final int EXPECTATION_FAILED = 1;

  /** Bad input: refused manifests, an unknown endpoint or table pod, a usage error. */
  static final int BAD_INPUT = 2;

  /** {@code diff} found traffic that the new manifests allow and the old ones did not. */
  static final int OPENED = 3;

  private ExitCodes() {}
}
