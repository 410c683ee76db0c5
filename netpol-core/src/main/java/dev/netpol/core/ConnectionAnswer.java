package dev.netpol.core;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/**
 * The answer to "may the pods (or addresses) of one endpoint connect to those of another on these
 * ports?" ({@link Cluster#answer(Endpoint, Endpoint, PortQuery)}): one {@link PairAnswer} per
 * (source, destination) pair the endpoints resolve to.
 *
 * <pre>{@code
 * ConnectionAnswer a = cluster.answer(workload("default/frontend"), cidr("0.0.0.0/0"),
 *     PortQuery.allPorts());
 * a.allDenied();                 // no frontend pod may reach any outside address on any port
 * a.breaking(false);             // the pairs that are allowed some port
 * a.breaking(false).get(0).explain(false);
 * }</pre>
 *
 * <p>Endpoints become pairs as for {@link Cluster#evaluate(Endpoint, Endpoint,
 * dev.netpol.core.model.Port)}: pods; an address of a pod as that pod; a CIDR as the address
 * atoms outside the cluster's pods (ranges every {@code ipBlock} treats alike), so every address
 * is answered exactly.
 *
 * @param source the source endpoint
 * @param destination the destination endpoint
 * @param ports the ports asked
 * @param pairs one answer per pair, sources in order, then destinations in order; never empty
 */
public record ConnectionAnswer(
    Endpoint source, Endpoint destination, PortQuery ports, ImmutableList<PairAnswer> pairs) {

  /**
   * Checks that there is at least one pair.
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param ports the ports asked
   * @param pairs the pair answers
   */
  public ConnectionAnswer {
    Preconditions.checkArgument(!pairs.isEmpty(), "an answer has at least one pair");
  }

  /**
   * Whether every pair may connect on every port asked.
   *
   * @return true if no pair is denied any port asked
   */
  public boolean allAllowed() {
    return pairs.stream().allMatch(PairAnswer::allowed);
  }

  /**
   * Whether no pair may connect on any port asked.
   *
   * @return true if no pair is allowed any port asked
   */
  public boolean allDenied() {
    return pairs.stream().allMatch(PairAnswer::denied);
  }

  /**
   * The pairs that may connect on at least one port asked, each with the ports it may use: "who
   * can reach the database, on which ports" in one call.
   *
   * <pre>{@code
   * cluster.answer(Endpoint.allPods(), workload("data/orders-db"), PortQuery.allPorts())
   *     .allowedPairs();
   * // [shop/api-0 -> data/orders-db-0: allowed TCP/5432, denied TCP/1-5431, ...]
   * }</pre>
   *
   * @return the pairs with some allowed port, in order; empty if none may connect
   */
  public ImmutableList<PairAnswer> allowedPairs() {
    return pairs.stream().filter(p -> !p.allowedPorts().isEmpty())
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The pairs that break an expectation, each with {@link PairAnswer#explain(boolean)}.
   *
   * @param expectAllowed true to expect every pair allowed every port, false to expect none
   * @return the offending pairs, in order
   */
  public ImmutableList<PairAnswer> breaking(boolean expectAllowed) {
    return pairs.stream()
        .filter(p -> p.breaks(expectAllowed))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * Whether some pair's answer is undefined by the API on some port asked: it depends on the
   * order of two cluster-scoped policies of one tier with the same priority that both select a
   * pod and have rules matching the connection (docs/cluster-policies.md#ties). An assertion on
   * such an answer must fail whatever it expects.
   *
   * <pre>{@code
   * ConnectionAnswer a = cluster.answer(pods("app=web"), workload("shop/db"), PortQuery.of(PG));
   * if (a.undefined()) {
   *   a.undefinedPairs().get(0).undefinedExample().orElseThrow().undefinedReason();
   * }
   * }</pre>
   *
   * @return true if {@link #undefinedPairs()} is not empty
   */
  public boolean undefined() {
    return pairs.stream().anyMatch(PairAnswer::undefined);
  }

  /**
   * The pairs whose answer is undefined on some port asked, each naming the tied policies in its
   * {@link PairAnswer#undefinedExample()}.
   *
   * @return those pairs, in order; empty if every answer is defined
   */
  public ImmutableList<PairAnswer> undefinedPairs() {
    return pairs.stream().filter(PairAnswer::undefined).collect(ImmutableList.toImmutableList());
  }

  /**
   * Whether every pair is two pods (no end is an address outside the cluster's pods).
   *
   * @return true for pod pairs only
   */
  public boolean podPairs() {
    return pairs.stream()
        .allMatch(p -> p.source().asPod().isPresent() && p.destination().asPod().isPresent());
  }
}
