package dev.netpol.core.table;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * A pod id of a table that the cluster does not have, usually a typo: {@code default/frontnd-0}
 * for {@code default/frontend-0}. A table naming one cannot be checked at all, so a check reports
 * every unknown id before any cell.
 *
 * <pre>{@code
 * tables/tcp-80.txt:4: row default/frontnd-0 is not a pod of the cluster; did you mean
 * default/frontend-0?
 * }</pre>
 *
 * @param id the pod id as the table writes it, {@code namespace/name}
 * @param role {@code row} (a source) or {@code column} (a destination)
 * @param location where the table names it, e.g. {@code tables/tcp-80.txt:4} (the header line for
 *     a column); empty for a table built by {@link TruthTable#of}
 * @param suggestions the cluster's pod ids closest to it, nearest first; empty if none is close
 */
public record UnknownEndpoint(
    String id, String role, Optional<String> location, ImmutableList<String> suggestions) {

  /**
   * The one message for this mistake, whichever module reports it.
   *
   * <pre>{@code
   * table:2: column default/backnd-1 is not a pod of the cluster; did you mean default/backend-1?
   * }</pre>
   *
   * @return the location (if known), the id and the nearest misses, on one line; without near
   *     misses it says so, since the pod may simply be missing from the manifests
   */
  public String describe() {
    return location.map(l -> l + ": ").orElse("") + role + " " + id
        + " is not a pod of the cluster; "
        + (suggestions.isEmpty()
            ? "no pod id is close to it"
            : "did you mean " + String.join(", ", suggestions) + "?");
  }
}
