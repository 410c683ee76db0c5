package dev.netpol.core.testkit;

import dev.netpol.core.Cluster;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs a property over many generated values and, when one fails, shrinks it and reports it with
 * the seed that replays it.
 *
 * <pre>{@code
 * @Test
 * void notInIsTrueForLabelsLackingTheKey() {
 *   Property.forAll(NetpolGen.labels()).check(labels ->
 *       assertThat(LabelSelectorRequirement.notIn("legacy", "a").matches(labels)).isTrue());
 * }
 * }</pre>
 *
 * <p>The number of tries is {@value #DEFAULT_TRIES} unless the law says otherwise ({@link
 * #tries(int)}) or the build passes {@code -Dnetpol.tries=N} (which wins). Each run picks a random
 * base seed unless {@code -Dnetpol.seed=S} is given; try {@code i} uses a seed derived from it, so
 * a failure is replayed by passing the printed base seed. Unset Maven properties arrive as an
 * empty string or the literal {@code ${netpol.seed}}: both mean "not set".
 *
 * @param <T> the type of generated values
 */
public final class Property<T> {
  /** Tries per property when nothing else is said. */
  public static final int DEFAULT_TRIES = 1000;

  /** The system property holding the base seed. */
  public static final String SEED_PROPERTY = "netpol.seed";

  /** The system property holding the number of tries. */
  public static final String TRIES_PROPERTY = "netpol.tries";

  private static final int SHRINK_BUDGET = 5000;

  private final Gen<T> gen;
  private int tries = DEFAULT_TRIES;
  private @Nullable Long seed;
  private Function<? super T, String> show = Property::describe;

  private Property(Gen<T> gen) {
    this.gen = gen;
  }

  /**
   * A property over the values of {@code gen}; finish with {@link #check} or {@link #holds}.
   *
   * @param gen the generator
   * @param <T> the value type
   * @return the property, to configure and check
   */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(gen);
  }

  /**
   * The number of tries when {@code -Dnetpol.tries} is not given.
   *
   * @param tries at least 1
   * @return this property
   */
  public Property<T> tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, found " + tries);
    }
    this.tries = tries;
    return this;
  }

  /**
   * A fixed base seed, used instead of {@code -Dnetpol.seed} or a random one (for tests of the
   * kit itself, and to pin a regression).
   *
   * @param seed the base seed
   * @return this property
   */
  public Property<T> seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * How a counterexample is printed; by default a {@link Cluster} or {@link Scenario} as
   * Kubernetes YAML and anything else with {@code toString}.
   *
   * @param show the printer
   * @return this property
   */
  public Property<T> show(Function<? super T, String> show) {
    this.show = show;
    return this;
  }

  /**
   * Checks that {@code law} holds (returns normally) for every try. The law states itself with
   * assertions, whose message becomes part of the failure report.
   *
   * @param law the law, throwing {@link AssertionError} (or any runtime exception) when broken
   * @throws PropertyFailure with the seed, shrink steps, counterexample and the law's message
   */
  public void check(Consumer<? super T> law) {
    Function<T, Optional<Throwable>> failure = value -> {
      try {
        law.accept(value);
        return Optional.empty();
      } catch (AssertionError | RuntimeException e) {
        return Optional.of(e);
      }
    };
    long base = seed != null ? seed : seedFromSystem().orElseGet(() -> new SplittableRandom().nextLong());
    int n = triesFromSystem().orElse(tries);
    for (int i = 0; i < n; i++) {
      Source source = Source.random(trySeed(base, i));
      T value = gen.generate(source);
      Optional<Throwable> f = failure.apply(value);
      if (f.isPresent()) {
        Shrinker<T> shrinker = new Shrinker<>(
            gen, failure,
            new Shrinker.Attempt<>(value, source.choices(), source.spans(), f.get()),
            SHRINK_BUDGET);
        Shrinker.Attempt<T> shrunk = shrinker.shrink();
        throw new PropertyFailure(report(base, i, shrinker.steps(), shrunk), shrunk.failure(),
            shrunk.value(), base, shrinker.steps());
      }
    }
  }

  /**
   * Checks that {@code law} is true for every try.
   *
   * @param description what the law states, printed on failure
   * @param law the law
   * @throws AssertionError as {@link #check}
   */
  public void holds(String description, Predicate<? super T> law) {
    check(value -> {
      if (!law.test(value)) {
        throw new AssertionError("law broken: " + description);
      }
    });
  }

  private String report(long base, int tryIndex, int steps, Shrinker.Attempt<T> shrunk) {
    String message = String.valueOf(shrunk.failure().getMessage()).strip();
    return "Property failed on try " + (tryIndex + 1) + " of base seed " + base + "\n"
        + "replay with -D" + SEED_PROPERTY + "=" + base + "\n"
        + "shrunk in " + steps + " steps to this counterexample:\n"
        + show.apply(shrunk.value()).stripTrailing() + "\n"
        + "the property said (" + shrunk.failure().getClass().getSimpleName() + "): " + message;
  }

  /**
   * Prints a value for a failure report: clusters and scenarios as YAML manifests, pairs
   * ({@link Map.Entry}, as {@link Gen#zip} makes them) part by part.
   *
   * @param value the counterexample
   * @return its text
   */
  public static String describe(@Nullable Object value) {
    if (value instanceof Cluster) {
      return ClusterYaml.write((Cluster) value);
    }
    if (value instanceof Scenario) {
      Scenario s = (Scenario) value;
      return ClusterYaml.write(s.cluster()) + "# query: " + s.query() + "\n";
    }
    if (value instanceof Map.Entry) {
      Map.Entry<?, ?> e = (Map.Entry<?, ?>) value;
      return describe(e.getKey()) + "\nwith: " + describe(e.getValue());
    }
    return String.valueOf(value);
  }

  static long trySeed(long base, int tryIndex) {
    return new SplittableRandom(base + 0x9E3779B97F4A7C15L * tryIndex).nextLong();
  }

  static OptionalLong seedFromSystem() {
    return parseSeed(System.getProperty(SEED_PROPERTY));
  }

  static OptionalInt triesFromSystem() {
    return parseTries(System.getProperty(TRIES_PROPERTY));
  }

  static OptionalLong parseSeed(@Nullable String text) {
    if (unset(text)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a whole number (a seed printed by a failure), found \""
              + text + "\"", e);
    }
  }

  static OptionalInt parseTries(@Nullable String text) {
    if (unset(text)) {
      return OptionalInt.empty();
    }
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + TRIES_PROPERTY + " must be a positive whole number, found \"" + text + "\"", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          "-D" + TRIES_PROPERTY + " must be at least 1, found " + n);
    }
    return OptionalInt.of(n);
  }

  private static boolean unset(@Nullable String text) {
    return text == null || text.isBlank() || text.strip().startsWith("${");
  }
}
