package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Port;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a question between two endpoints a user names ({@code
 * cluster.evaluate(Endpoint.workload("default/frontend"), Endpoint.service("default/api"),
 * Port.tcp(80))}): whether each (source, destination) pair the endpoints resolve to may
 * connect, with the {@link Verdict} that explains it.
 *
 * <pre>{@code
 * Evaluation e = cluster.evaluate(pods("app=frontend"), pods("app=backend"), Port.tcp(80));
 * e.allowed();        // every frontend pod may reach every backend pod
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
 * <p><b>Large questions.</b> Up to {@value #MATERIALISED_PAIRS} pairs, every verdict is kept.
 * Above that (two namespaces of a thousand pods each make a million pairs), the counts ({@link
 * #pairCount()}, {@link #allowedCount()}) and the yes/no answers come from the reachability
 * engine, which agrees with the evaluator on every pair, and only a sample keeps its
 * explanation: the first {@value #SAMPLED_PAIRS} denied and the first {@value #SAMPLED_PAIRS}
 * allowed pairs, in pair order ({@link #sample()}). {@link #pairs()}, {@link #allowedPairs()} and
 * {@link #deniedPairs()} then explain every pair they return on each call: memory and time grow
 * with the number of pairs, as you asked.
 */
public final class Evaluation {

  /** How many pair explanations {@link #explain()} shows in full. */
  public static final int EXPLAINED_PAIRS = 3;

  /** Up to this many pairs, an evaluation keeps every verdict. */
  public static final int MATERIALISED_PAIRS = 10_000;

  /** Above {@link #MATERIALISED_PAIRS}, how many denied and how many allowed verdicts are kept. */
  public static final int SAMPLED_PAIRS = 100;

  private final String source;
  private final String destination;
  private final Port port;
  private final long pairCount;
  private final long allowedCount;
  private final ImmutableList<Verdict> sampleDenied;
  private final ImmutableList<Verdict> sampleAllowed;

  /** Every verdict when kept; null for a large evaluation, which recomputes them on demand. */
  private final @Nullable ImmutableList<Verdict> pairs;

  private final Supplier<ImmutableList<Verdict>> everyPair;

  /**
   * An evaluation that keeps every pair's verdict.
   *
   * @param source the source endpoint, as the user wrote it (e.g. {@code workload
   *     default/frontend})
   * @param destination the destination endpoint, as the user wrote it
   * @param port the port asked about (before any Service translation)
   * @param pairs one verdict per pair, sources in order, then destinations in order; never empty
   * @throws IllegalArgumentException if {@code pairs} is empty
   */
  public Evaluation(String source, String destination, Port port, ImmutableList<Verdict> pairs) {
    Preconditions.checkArgument(!pairs.isEmpty(), "an evaluation has at least one pair");
    this.source = source;
    this.destination = destination;
    this.port = port;
    this.pairs = pairs;
    this.pairCount = pairs.size();
    this.allowedCount = pairs.stream().filter(Verdict::allowed).count();
    this.sampleDenied = filter(pairs, false);
    this.sampleAllowed = filter(pairs, true);
    this.everyPair = () -> pairs;
  }

  private Evaluation(
      String source,
      String destination,
      Port port,
      long pairCount,
      long allowedCount,
      ImmutableList<Verdict> sampleDenied,
      ImmutableList<Verdict> sampleAllowed,
      Supplier<ImmutableList<Verdict>> everyPair) {
    this.source = source;
    this.destination = destination;
    this.port = port;
    this.pairs = null;
    this.pairCount = pairCount;
    this.allowedCount = allowedCount;
    this.sampleDenied = sampleDenied;
    this.sampleAllowed = sampleAllowed;
    this.everyPair = everyPair;
  }

  /**
   * An evaluation of many pairs that keeps only a sample of verdicts: what {@code
   * Cluster.evaluate} returns above {@value #MATERIALISED_PAIRS} pairs.
   *
   * @param source the source endpoint, as the user wrote it
   * @param destination the destination endpoint, as the user wrote it
   * @param port the port asked about
   * @param pairCount how many pairs the endpoints resolve to, at least one
   * @param allowedCount how many of them are allowed
   * @param sampleDenied the first denied verdicts, at most {@value #SAMPLED_PAIRS}
   * @param sampleAllowed the first allowed verdicts, at most {@value #SAMPLED_PAIRS}
   * @param everyPair computes every verdict, in pair order, when asked for them all
   * @return the evaluation
   * @throws IllegalArgumentException if the counts and samples do not fit together
   */
  public static Evaluation sampled(
      String source,
      String destination,
      Port port,
      long pairCount,
      long allowedCount,
      ImmutableList<Verdict> sampleDenied,
      ImmutableList<Verdict> sampleAllowed,
      Supplier<ImmutableList<Verdict>> everyPair) {
    Preconditions.checkArgument(pairCount > 0, "an evaluation has at least one pair");
    Preconditions.checkArgument(
        allowedCount >= 0 && allowedCount <= pairCount,
        "allowed count %s must be between 0 and the pair count %s",
        allowedCount,
        pairCount);
    Preconditions.checkArgument(
        sampleDenied.size() <= SAMPLED_PAIRS && sampleAllowed.size() <= SAMPLED_PAIRS,
        "at most %s sampled verdicts of each outcome",
        SAMPLED_PAIRS);
    Preconditions.checkArgument(
        sampleDenied.stream().noneMatch(Verdict::allowed)
            && sampleAllowed.stream().allMatch(Verdict::allowed),
        "sampled verdicts must match their outcome");
    Preconditions.checkArgument(
        sampleDenied.size() == Math.min(SAMPLED_PAIRS, pairCount - allowedCount)
            && sampleAllowed.size() == Math.min(SAMPLED_PAIRS, allowedCount),
        "the samples must hold the first %s verdicts of each outcome",
        SAMPLED_PAIRS);
    return new Evaluation(
        source,
        destination,
        port,
        pairCount,
        allowedCount,
        sampleDenied,
        sampleAllowed,
        everyPair);
  }

  private static ImmutableList<Verdict> filter(ImmutableList<Verdict> pairs, boolean allowed) {
    return pairs.stream()
        .filter(v -> v.allowed() == allowed)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The source endpoint, as the user wrote it.
   *
   * @return e.g. {@code workload default/frontend}
   */
  public String source() {
    return source;
  }

  /**
   * The destination endpoint, as the user wrote it.
   *
   * @return e.g. {@code pods default/app=backend}
   */
  public String destination() {
    return destination;
  }

  /**
   * The port asked about, before any Service translation.
   *
   * @return the port
   */
  public Port port() {
    return port;
  }

  /**
   * How many (source, destination) pairs the endpoints resolve to.
   *
   * @return at least one
   */
  public long pairCount() {
    return pairCount;
  }

  /**
   * How many pairs are allowed.
   *
   * @return from 0 to {@link #pairCount()}
   */
  public long allowedCount() {
    return allowedCount;
  }

  /**
   * How many pairs are denied.
   *
   * @return {@code pairCount() - allowedCount()}
   */
  public long deniedCount() {
    return pairCount - allowedCount;
  }

  /**
   * Whether this evaluation keeps every verdict (at most {@value #MATERIALISED_PAIRS} pairs), or
   * only a {@link #sample()}.
   *
   * @return true if every verdict is kept
   */
  public boolean isComplete() {
    return pairs != null;
  }

  /**
   * One verdict per pair, sources in order, then destinations in order. For a large evaluation
   * ({@link #isComplete()} false) every verdict is computed again on each call.
   *
   * @return every pair's verdict; never empty
   */
  public ImmutableList<Verdict> pairs() {
    return pairs != null ? pairs : everyPair.get();
  }

  /**
   * The verdicts kept with their explanations, without computing more: denied pairs first, then
   * allowed ones, each in pair order. Every verdict for a complete evaluation; otherwise at most
   * {@value #SAMPLED_PAIRS} of each outcome.
   *
   * @return the verdicts kept
   */
  public ImmutableList<Verdict> sample() {
    return ImmutableList.<Verdict>builder().addAll(sampleDenied).addAll(sampleAllowed).build();
  }

  /**
   * Whether every pair is allowed: the same question as {@link Verdict#allowed()}, asked of
   * every pair (an evaluation of one pair answers as its verdict).
   *
   * @return true if no pair is denied
   */
  public boolean allowed() {
    return allowedCount == pairCount;
  }

  /**
   * Whether every pair is allowed.
   *
   * @return true if no pair is denied
   * @deprecated use {@link #allowed()}, the name {@link Verdict#allowed()} and every other
   *     answer use; this method will be removed before 1.0.
   */
  @Deprecated(forRemoval = true, since = "0.1.0")
  public boolean allAllowed() {
    return allowed();
  }

  /**
   * Whether every pair is denied.
   *
   * @return true if no pair is allowed
   */
  public boolean allDenied() {
    return allowedCount == 0;
  }

  /**
   * The pairs that are allowed. For a large evaluation every verdict is computed again.
   *
   * @return their verdicts, in order
   */
  public ImmutableList<Verdict> allowedPairs() {
    if (pairs != null || allowedCount == sampleAllowed.size()) {
      return sampleAllowed;
    }
    return filter(everyPair.get(), true);
  }

  /**
   * The pairs that are denied. For a large evaluation every verdict is computed again.
   *
   * @return their verdicts, in order
   */
  public ImmutableList<Verdict> deniedPairs() {
    if (pairs != null || deniedCount() == sampleDenied.size()) {
      return sampleDenied;
    }
    return filter(everyPair.get(), false);
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
    sample().stream()
        .limit(EXPLAINED_PAIRS)
        .forEach(v -> out.append('\n').append(v.explain()));
    if (pairCount > EXPLAINED_PAIRS) {
      out.append("\n... and ").append(pairCount - EXPLAINED_PAIRS).append(" more pairs");
    }
    return out.toString();
  }

  private String summary() {
    return source
        + " -> "
        + destination
        + " on "
        + port
        + ": "
        + allowedCount
        + " of "
        + pairCount
        + (pairCount == 1 ? " pair allowed" : " pairs allowed");
  }

  /** Returns the summary line of {@link #explain()}. */
  @Override
  public String toString() {
    return summary();
  }

  /**
   * The denied pairs as short lines, for an assertion message; for a large evaluation the
   * sampled ones, then how many more.
   *
   * @return one headline per denied pair
   */
  public String deniedSummary() {
    String lines =
        sampleDenied.stream().map(Verdict::toString).collect(Collectors.joining("\n"));
    long more = deniedCount() - sampleDenied.size();
    return more == 0 ? lines : lines + "\n... and " + more + " more denied pairs";
  }

  /**
   * Equal when the same question got the same answers with the same explanations kept.
   *
   * @param o another object
   * @return true if equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Evaluation)) {
      return false;
    }
    Evaluation e = (Evaluation) o;
    return pairCount == e.pairCount
        && allowedCount == e.allowedCount
        && source.equals(e.source)
        && destination.equals(e.destination)
        && port.equals(e.port)
        && Objects.equals(pairs, e.pairs)
        && sampleDenied.equals(e.sampleDenied)
        && sampleAllowed.equals(e.sampleAllowed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, destination, port, pairCount, allowedCount, sampleDenied);
  }
}
