package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Port;
import java.util.stream.Collectors;

/**
 * The answer to a question between two endpoints a user names ({@code
 * cluster.evaluate(Endpoint.workload("default/frontend"), Endpoint.service("default/api"),
 * Port.tcp(80))}): one {@link Verdict} per (source, destination) pair the endpoints resolve to.
 *
 * <pre>{@code
 * Evaluation e = cluster.evaluate(pods("app=frontend"), pods("app=backend"), Port.tcp(80));
 * e.allAllowed();     // every frontend pod may reach every backend pod
 * e.deniedPairs();    // the verdicts that deny
 * e.explain();        // the first few explanations
 * }</pre>
 *
 * <p>How endpoints become pairs: a pod, workload, selection, namespace or Service becomes its
 * pods; an address that belongs to a pod becomes that pod; an address or CIDR outside the
 * cluster's pods becomes the {@linkplain Evaluator#addressAtoms atoms} of the block, ranges that
 * every {@code ipBlock} treats alike, each judged by its first address: so "every address of the
 * block" is answered exactly, not by sampling. A Service destination translates the asked port to
 * each pod's target port, and the pair's verdict judges the translated port ({@link
 * Verdict#port()}, with {@link Verdict#via()} naming the Service).
 *
 * @param source the source endpoint, as the user wrote it (e.g. {@code workload default/frontend})
 * @param destination the destination endpoint, as the user wrote it
 * @param port the port asked about (before any Service translation)
 * @param pairs one verdict per pair, sources in order, then destinations in order; never empty
 */
public record Evaluation(
    String source, String destination, Port port, ImmutableList<Verdict> pairs) {

  /** How many pair explanations {@link #explain()} shows in full. */
  public static final int EXPLAINED_PAIRS = 3;

  /**
   * Checks that there is at least one pair.
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param port the port asked
   * @param pairs the verdicts
   */
  public Evaluation {
    Preconditions.checkArgument(!pairs.isEmpty(), "an evaluation has at least one pair");
  }

  /**
   * Whether every pair is allowed.
   *
   * @return true if no pair is denied
   */
  public boolean allAllowed() {
    return pairs.stream().allMatch(Verdict::allowed);
  }

  /**
   * Whether every pair is denied.
   *
   * @return true if no pair is allowed
   */
  public boolean allDenied() {
    return pairs.stream().noneMatch(Verdict::allowed);
  }

  /**
   * The pairs that are allowed.
   *
   * @return their verdicts, in order
   */
  public ImmutableList<Verdict> allowedPairs() {
    return pairs.stream().filter(Verdict::allowed).collect(ImmutableList.toImmutableList());
  }

  /**
   * The pairs that are denied.
   *
   * @return their verdicts, in order
   */
  public ImmutableList<Verdict> deniedPairs() {
    return pairs.stream().filter(v -> !v.allowed()).collect(ImmutableList.toImmutableList());
  }

  /**
   * A summary line and the explanations of the first {@value #EXPLAINED_PAIRS} pairs, denied
   * pairs first when the answer is mixed, e.g.:
   *
   * <pre>{@code
   * workload default/frontend -> pods default/app=backend on TCP/80: 3 of 4 pairs allowed
   * default/frontend-0 -> default/backend-1 on TCP/80: DENIED
   *   ...
   * }</pre>
   *
   * @return multi-line text without a trailing newline
   */
  public String explain() {
    StringBuilder out = new StringBuilder(summary());
    ImmutableList<Verdict> shown =
        ImmutableList.<Verdict>builder().addAll(deniedPairs()).addAll(allowedPairs()).build();
    shown.stream().limit(EXPLAINED_PAIRS).forEach(v -> out.append('\n').append(v.explain()));
    if (shown.size() > EXPLAINED_PAIRS) {
      out.append("\n... and ").append(shown.size() - EXPLAINED_PAIRS).append(" more pairs");
    }
    return out.toString();
  }

  private String summary() {
    long allowed = pairs.stream().filter(Verdict::allowed).count();
    return source
        + " -> "
        + destination
        + " on "
        + port
        + ": "
        + allowed
        + " of "
        + pairs.size()
        + (pairs.size() == 1 ? " pair allowed" : " pairs allowed");
  }

  /** Returns the summary line of {@link #explain()}. */
  @Override
  public String toString() {
    return summary();
  }

  /**
   * The denied pairs as short lines, for an assertion message.
   *
   * @return one headline per denied pair
   */
  public String deniedSummary() {
    return deniedPairs().stream().map(Verdict::toString).collect(Collectors.joining("\n"));
  }
}
