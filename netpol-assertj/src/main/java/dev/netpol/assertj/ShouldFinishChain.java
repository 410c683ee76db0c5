package dev.netpol.assertj;

/** The message of a chain left without its port. */
final class ShouldFinishChain {
  private ShouldFinishChain() {}

  static String message(String where, String chain) {
    return "unfinished netpol assertion started at "
        + where
        + ": "
        + chain
        + " asks about no port; add .onTcp(port) or another on...() terminal"
        + " (onUdp, onSctp, on, onTcpPorts, onNamedPort, onAllPorts)";
  }
}
