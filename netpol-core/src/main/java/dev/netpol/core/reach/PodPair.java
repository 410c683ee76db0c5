package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;

/**
 * A source pod and a destination pod: one cell of a reachability matrix.
 *
 * <pre>{@code
 * new PodPair(frontend, backend).toString();   // "default/frontend-0 -> default/backend-0"
 * }</pre>
 *
 * @param source the pod that opens the connection
 * @param destination the pod it connects to
 */
public record PodPair(Pod source, Pod destination) {

  /** Returns {@code source -> destination} with pod ids. */
  @Override
  public String toString() {
    return source.id() + " -> " + destination.id();
  }
}
