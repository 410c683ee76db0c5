package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

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
 * @param family the IP version (4 or 6) {@link #egress()} and {@link #ingress()} were judged in,
 *     when an end is a dual-stack pod: a connection uses one family at both ends, so an {@code
 *     ipBlock} sees only the other end's addresses of that family. Empty otherwise (single-stack
 *     pods, or an end outside the cluster)
 * @param otherFamily when both pods have IPv4 and IPv6 addresses and neither was named by an
 *     address, the verdict in the other family: the pair is allowed if either family allows it,
 *     and this verdict shows the allowing family when there is one
 */
public record Verdict(
    Party source,
    Party destination,
    Port port,
    DirectionVerdict egress,
    DirectionVerdict ingress,
    Optional<String> via,
    OptionalInt family,
    Optional<Verdict> otherFamily) {

  /**
   * A verdict judged in no particular IP family (single-stack pods or an outside end).
   *
   * @param source the end that opens the connection
   * @param destination the end that accepts it
   * @param port the destination port judged
   * @param egress the source's side
   * @param ingress the destination's side
   * @param via how the question reached this pair, if through a Service
   */
  public Verdict(
      Party source,
      Party destination,
      Port port,
      DirectionVerdict egress,
      DirectionVerdict ingress,
      Optional<String> via) {
    this(source, destination, port, egress, ingress, via, OptionalInt.empty(), Optional.empty());
  }

  /**
   * Whether the connection is allowed: both sides allow it (docs/semantics.md#both-ends), in at
   * least one IP
   * family when the pods are dual-stack.
   *
   * @return true if allowed
   */
  public boolean allowed() {
    return (egress.allows() && ingress.allows())
        || otherFamily.map(Verdict::allowed).orElse(false);
  }

  /**
   * Whether the answer is undefined by the API: it depends on the order of two policies of one
   * tier with the same priority that both select a pod and have rules matching the connection
   * that act otherwise, an order a real cluster may choose either way
   * (docs/cluster-policies.md#ties). {@link #allowed()} is then netpol's documented order (by
   * name), which a test must not rely on.
   *
   * <pre>{@code
   * Verdict v = cluster.evaluate(web, db, Port.tcp(5432));
   * if (v.undefined()) {
   *   v.undefinedReason().orElseThrow();
   *   // the answer is undefined: ClusterNetworkPolicy a and ClusterNetworkPolicy b of the
   *   // Admin tier share priority 5 and both select ... (ingress of shop/db-0)
   * }
   * }</pre>
   *
   * @return true if some order of the tied policies allows the connection and another denies it
   */
  public boolean undefined() {
    return possibleAnswers().size() > 1;
  }

  /**
   * Why the answer is undefined, naming the tied policies, their tier and priority, and the
   * side; as {@link VerdictFormatter#undefinedReason} writes it.
   *
   * @return the reason, or empty if the answer is defined
   */
  public Optional<String> undefinedReason() {
    return undefined() ? Optional.of(VerdictFormatter.undefinedReason(this)) : Optional.empty();
  }

  /**
   * The policies whose order makes the answer undefined: for each side whose answer depends on
   * it, the deciding policy of a tied tier and its rivals (docs/cluster-policies.md#ties).
   *
   * @return the tied policies, in the order explanations name them; empty if the answer is
   *     defined
   */
  public ImmutableList<ClusterPolicy> tiedPolicies() {
    if (!undefined()) {
      return ImmutableList.of();
    }
    Set<ClusterPolicy> tied = new LinkedHashSet<>();
    collectTied(tied, this);
    return ImmutableList.copyOf(tied);
  }

  private static void collectTied(Set<ClusterPolicy> tied, Verdict verdict) {
    for (DirectionVerdict side : List.of(verdict.egress, verdict.ingress)) {
      if (side instanceof DirectionVerdict.Layered layered && layered.undefined()) {
        Stream.concat(Stream.of(layered.admin()), layered.baseline().stream())
            .filter(TierOutcome::tied)
            .flatMap(o -> o.possibleMatches().stream())
            .forEach(m -> tied.add(m.policy()));
      }
    }
    verdict.otherFamily.ifPresent(o -> collectTied(tied, o));
  }

  /** The answers the orders of tied policies can give: both sides, in either IP family. */
  private Set<Boolean> possibleAnswers() {
    Set<Boolean> answers = new HashSet<>();
    for (boolean e : possible(egress)) {
      for (boolean i : possible(ingress)) {
        if (otherFamily.isEmpty()) {
          answers.add(e && i);
        } else {
          for (boolean o : otherFamily.get().possibleAnswers()) {
            answers.add((e && i) || o);
          }
        }
      }
    }
    return answers;
  }

  private static boolean[] possible(DirectionVerdict side) {
    if (side instanceof DirectionVerdict.Layered layered && layered.undefined()) {
      return new boolean[] {true, false};
    }
    return new boolean[] {side.allows()};
  }

  /**
   * This verdict, noting how the question reached it.
   *
   * @param how e.g. {@code Service default/web TCP/80}
   * @return a copy with {@link #via()} set
   */
  public Verdict via(String how) {
    return new Verdict(
        source, destination, port, egress, ingress, Optional.of(how), family, otherFamily);
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
