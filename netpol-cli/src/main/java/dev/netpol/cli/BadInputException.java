package dev.netpol.cli;

/**
 * Input the command cannot work with, with a message that says where and why; the command
 * prints the message to standard error and exits with {@link ExitCodes#BAD_INPUT}.
 */
final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}
