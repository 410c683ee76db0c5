package dev.netpol.core.eval;

import dev.netpol.core.Port;
import java.util.Optional;

/**
 * The answer to "may {@code source} connect to {@code destination} on {@code port}?", with the
 * reasons for each side as data.
 *
 * <pre>{@code
 * Verdict v = cluster.evaluate(frontend, backend, Port.tcp(80));
 * v.allowed();    // true
 * v.ingress();    // Allowed by NetworkPolicy default/allow-frontend-to-backend, rule ingress[0]
 * v.explain();    // the multi-line text of VerdictFormatter
 * }</pre>
 *
 * @param source the end that opens the connection
 * @param destination the end that accepts it
 * @param port the destination port judged (after any Service translation)
 * @param egress the source's side: egress of the source pod, or not applicable for an address
 * @param ingress the destination's side: ingress of the destination pod, or not applicable
 * @param via how the question reached this pair, e.g. {@code Service default/web TCP/80}, if it
 *     was asked through a Service
 */
public record Verdict(
    Party source,
    Party destination,
    Port port,
    DirectionVerdict egress,
    DirectionVerdict ingress,
    Optional<String> via) {

  /**
   * Whether the connection is allowed: both sides allow it (SEMANTICS.md R4).
   *
   * @return true if allowed
   */
  public boolean allowed() {
    return egress.allows() && ingress.allows();
  }

  /**
   * This verdict, noting how the question reached it.
   *
   * @param how e.g. {@code Service default/web TCP/80}
   * @return a copy with {@link #via()} set
   */
  public Verdict via(String how) {
    return new Verdict(source, destination, port, egress, ingress, Optional.of(how));
  }

  /**
   * The stable, human-readable explanation, as {@link VerdictFormatter#format} writes it.
   *
   * @return multi-line text, without a trailing newline
   */
  public String explain() {
    return VerdictFormatter.format(this);
  }

  /** Returns the first line of {@link #explain()}, e.g. {@code a -> b on TCP/80: ALLOWED}. */
  @Override
  public String toString() {
    return VerdictFormatter.headline(this);
  }
}
