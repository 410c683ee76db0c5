package dev.netpol.core.testkit;

/**
 * A broken property: the report (seed, shrink steps, counterexample, the law's own message) is
 * the message, and the parts stay available to tests of the kit.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient Object counterexample;
  private final long seed;
  private final int shrinkSteps;

  PropertyFailure(String report, Throwable cause, Object counterexample, long seed, int shrinkSteps) {
    super(report, cause);
    this.counterexample = counterexample;
    this.seed = seed;
    this.shrinkSteps = shrinkSteps;
  }

  /**
   * The shrunk value the property failed on.
   *
   * @return the counterexample
   */
  public Object counterexample() {
    return counterexample;
  }

  /**
   * The base seed that replays the run ({@code -Dnetpol.seed=...}).
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * How many simplifications the shrinker kept.
   *
   * @return the number of shrink steps
   */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}
