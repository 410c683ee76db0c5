package dev.netpol.core.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts how often the interesting cases of a law occurred during a run, so that a law which only
 * ever saw trivial inputs fails instead of passing vacuously.
 *
 * <pre>{@code
 * Coverage coverage = new Coverage();
 * Property.forAll(NetpolGen.scenarios()).check(s -> {
 *   coverage.tried();
 *   if (coverage.when("isolated destination", isolated(s))) {
 *     ...
 *   }
 * });
 * coverage.requireAtLeast("isolated destination", 0.10);   // typically 10% of the tries or more
 * }</pre>
 *
 * <p>The fraction a law names is the rate it <em>typically</em> sees; the check fails only when the
 * case occurred in less than a quarter of that. Laws run with a new random seed each build, and a
 * rare case (say 30 occurrences in 1000 tries) varies by a few dozen percent from seed to seed: a
 * threshold near the typical rate fails builds at random, while a generator that stopped producing
 * the case altogether still fails at once.
 *
 * <p>Requirements are checked only when the run had at least {@value #MIN_TRIES} tries: a run
 * shortened with {@code -Dnetpol.tries=N} (to replay a seed, say) is too small to judge coverage.
 */
public final class Coverage {
  /** Below this many tries, {@link #requireAtLeast} checks nothing. */
  public static final int MIN_TRIES = 200;

  private int tries;
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  /** Counts one try; call it once at the start of every try. */
  public void tried() {
    tries++;
  }

  /**
   * Counts a case.
   *
   * @param what the case, e.g. {@code denied verdict}
   */
  public void saw(String what) {
    counts.merge(what, 1, Integer::sum);
  }

  /**
   * Counts a case when the condition holds, for use in an {@code if}.
   *
   * @param what the case
   * @param condition whether it occurred
   * @return {@code condition}
   */
  public boolean when(String what, boolean condition) {
    if (condition) {
      saw(what);
    }
    return condition;
  }

  /**
   * How often a case occurred.
   *
   * @param what the case
   * @return its count, 0 if never
   */
  public int count(String what) {
    return counts.getOrDefault(what, 0);
  }

  /** A case is too rare when it occurs less than this share of its typical fraction. */
  static final double SLACK = 0.25;

  /**
   * Fails unless the case occurred in at least a quarter of its typical fraction of the tries (and
   * at least once).
   *
   * @param what the case
   * @param typicalFraction of the tries in which the case typically occurs, e.g. {@code 0.05}
   * @throws AssertionError naming every count, if the case was too rare
   */
  public void requireAtLeast(String what, double typicalFraction) {
    if (tries < MIN_TRIES) {
      return;
    }
    long needed = Math.max(1, (long) Math.ceil(typicalFraction * SLACK * tries));
    if (count(what) < needed) {
      throw new AssertionError("the law was nearly vacuous: \"" + what + "\" occurred "
          + count(what) + " times in " + tries + " tries, expected at least " + needed
          + "; all counts: " + counts);
    }
  }

  /** Returns the counts and the number of tries. */
  @Override
  public String toString() {
    return tries + " tries, " + counts;
  }
}
