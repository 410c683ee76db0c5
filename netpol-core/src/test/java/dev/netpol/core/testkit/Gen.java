package dev.netpol.core.testkit;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values of type {@code T}, drawing every decision from a {@link Source}.
 *
 * <p>Generators compose ({@link #map}, {@link #flatMap}, {@link #oneOf}, {@link #frequency},
 * {@link #listOf}) and shrinking comes with them: the shrinker edits the recorded choices and
 * replays the generator, so a mapped or flat-mapped value shrinks as well as its parts do, and a
 * shrunk value is always one the generator could have made. Put the simplest alternative first:
 * choice 0 picks it.
 *
 * <pre>{@code
 * Gen<Integer> port = Gen.oneOf(Gen.constant(80), Gen.constant(443), Gen.choose(1, 65535));
 * Gen<List<Integer>> ports = Gen.listOf(port, 0, 3);
 * ports.generate(Source.random(7));   // e.g. [443, 80]
 * }</pre>
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {

  /**
   * Makes one value.
   *
   * @param source where every random decision comes from
   * @return the value
   */
  T generate(Source source);

  /**
   * A generator of {@code f} applied to this generator's values.
   *
   * @param f the function
   * @param <R> the result type
   * @return the mapped generator
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return s -> f.apply(generate(s));
  }

  /**
   * A generator whose second step depends on the first value, e.g. a query about a pod of a
   * generated cluster.
   *
   * @param f makes the next generator from this one's value
   * @param <R> the result type
   * @return the combined generator
   */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    return s -> f.apply(generate(s)).generate(s);
  }

  /**
   * This generator's values for which {@code keep} holds, retrying (a bounded number of times)
   * and otherwise answering {@code fallback}; use sparingly, prefer generating valid values.
   *
   * @param keep the condition
   * @param fallback the value when no try passes
   * @return the filtered generator
   */
  default Gen<T> filterOr(Predicate<? super T> keep, T fallback) {
    return s -> {
      for (int i = 0; i < 10; i++) {
        T t = generate(s);
        if (keep.test(t)) {
          return t;
        }
      }
      return fallback;
    };
  }

  /**
   * Always the same value.
   *
   * @param value the value
   * @param <T> its type
   * @return the generator
   */
  static <T> Gen<T> constant(T value) {
    return s -> value;
  }

  /**
   * An integer in {@code lo..hi} inclusive, shrinking toward {@code lo}.
   *
   * @param lo the lowest value
   * @param hi the highest value
   * @return the generator
   */
  static Gen<Integer> choose(int lo, int hi) {
    return s -> s.choose(lo, hi);
  }

  /**
   * {@code true} with the given probability, shrinking toward {@code false}.
   *
   * @param probability of {@code true}
   * @return the generator
   */
  static Gen<Boolean> chance(double probability) {
    return s -> s.chance(probability);
  }

  /**
   * One of the given values, equally likely, shrinking toward the first.
   *
   * @param values the values, simplest first
   * @param <T> their type
   * @return the generator
   */
  @SafeVarargs
  static <T> Gen<T> element(T... values) {
    List<T> list = List.of(values);
    return s -> list.get(s.choose(0, list.size() - 1));
  }

  /**
   * One of the given generators, equally likely, shrinking toward the first.
   *
   * @param gens the generators, simplest first
   * @param <T> the value type
   * @return the generator
   */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> list = Arrays.asList(gens);
    return s -> list.get(s.choose(0, list.size() - 1)).generate(s);
  }

  /**
   * Weighted alternatives, shrinking toward the first: build with {@link #weight}.
   *
   * <pre>{@code
   * Gen.frequency(Gen.weight(8, tcp), Gen.weight(1, udp))
   * }</pre>
   *
   * @param alternatives weighted generators, simplest first
   * @param <T> the value type
   * @return the generator
   */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... alternatives) {
    int[] weights = Arrays.stream(alternatives).mapToInt(Weighted::weight).toArray();
    return s -> alternatives[s.weighted(weights)].gen().generate(s);
  }

  /**
   * A weighted alternative for {@link #frequency}.
   *
   * @param weight the relative weight, positive
   * @param gen the generator
   * @param <T> the value type
   * @return the alternative
   */
  static <T> Weighted<T> weight(int weight, Gen<T> gen) {
    return new Weighted<>(weight, gen);
  }

  /**
   * A weighted constant for {@link #frequency}.
   *
   * @param weight the relative weight, positive
   * @param value the value
   * @param <T> the value type
   * @return the alternative
   */
  static <T> Weighted<T> weightedValue(int weight, T value) {
    return new Weighted<>(weight, constant(value));
  }

  /**
   * Lists of {@code min} to {@code max} elements (about half of the extra room on average). Each
   * element beyond {@code min} is one deletable stretch of choices, so a failing list shrinks by
   * dropping elements.
   *
   * @param element the element generator
   * @param min the fewest elements
   * @param max the most elements
   * @param <T> the element type
   * @return the generator
   */
  static <T> Gen<ImmutableList<T>> listOf(Gen<? extends T> element, int min, int max) {
    double more = 1.0 - 2.0 / (max - min + 2.0);
    return s -> {
      List<T> out = new ArrayList<>();
      while (out.size() < max) {
        int start = s.startSpan();
        if (out.size() >= min && !s.chance(more)) {
          break;
        }
        out.add(element.generate(s));
        s.endSpan(start);
      }
      return ImmutableList.copyOf(out);
    };
  }

  /**
   * Either empty or a value of {@code gen}; shrinks toward empty.
   *
   * @param gen the generator of present values
   * @param probability of a present value
   * @param <T> the value type
   * @return the generator
   */
  static <T> Gen<Optional<T>> optional(Gen<? extends T> gen, double probability) {
    return s -> s.chance(probability) ? Optional.of(gen.generate(s)) : Optional.empty();
  }

  /**
   * Two generators combined by a function.
   *
   * @param a the first generator
   * @param b the second generator
   * @param f combines their values
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the result type
   * @return the generator
   */
  static <A, B, R> Gen<R> zip(
      Gen<? extends A> a, Gen<? extends B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return s -> f.apply(a.generate(s), b.generate(s));
  }

  /**
   * A generator with a weight, for {@link Gen#frequency}.
   *
   * @param weight the relative weight
   * @param gen the generator
   * @param <T> the value type
   */
  record Weighted<T>(int weight, Gen<T> gen) {}
}
