package dev.netpol.core.testkit;

import dev.netpol.core.model.Port;

/**
 * A generated question: may {@code source} open a connection to {@code destination} on {@code
 * port}?
 *
 * @param source who connects
 * @param destination who is connected to
 * @param port the destination port
 */
public record Query(TrafficEnd source, TrafficEnd destination, Port port) {

  /** Returns {@code source -> destination on PROTOCOL/NUMBER}. */
  @Override
  public String toString() {
    return source + " -> " + destination + " on " + port;
  }
}
