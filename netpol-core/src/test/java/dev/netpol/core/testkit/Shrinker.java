package dev.netpol.core.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Simplifies a failing input by editing its recorded choices and replaying the generator.
 *
 * <p>Passes, repeated until none helps: delete whole list elements (the largest first), zero
 * them, delete short runs of choices, then lower single choices (to 0, else by halving). A
 * candidate is kept only if it still fails in the same way and its choices are smaller in
 * shortlex order, which guarantees the loop ends.
 */
final class Shrinker<T> {
  private final Gen<T> gen;
  private final Function<T, Optional<Throwable>> failure;
  private final Class<? extends Throwable> kind;
  private final int budget;
  private int calls;
  private int steps;
  private Attempt<T> best;

  /** One replay of the generator: the value, the choices it used, its list elements. */
  record Attempt<T>(T value, int[] choices, List<Source.Span> spans, Throwable failure) {}

  Shrinker(Gen<T> gen, Function<T, Optional<Throwable>> failure, Attempt<T> start, int budget) {
    this.gen = gen;
    this.failure = failure;
    this.kind = start.failure().getClass();
    this.best = start;
    this.budget = budget;
  }

  Attempt<T> shrink() {
    boolean improved = true;
    while (improved && calls < budget) {
      improved = deleteSpans() | zeroSpans() | deleteRuns() | lowerChoices();
    }
    return best;
  }

  int steps() {
    return steps;
  }

  private boolean deleteSpans() {
    boolean any = false;
    boolean again = true;
    while (again && calls < budget) {
      again = false;
      List<Source.Span> spans = new ArrayList<>(best.spans());
      spans.sort(Comparator.comparingInt(Source.Span::length).reversed());
      for (Source.Span span : spans) {
        if (span.end() <= best.choices().length && tryChoices(delete(best.choices(), span.start(), span.end()))) {
          any = again = true;
          break;
        }
      }
    }
    return any;
  }

  private boolean zeroSpans() {
    boolean any = false;
    for (int i = 0; i < best.spans().size() && calls < budget; i++) {
      Source.Span span = best.spans().get(i);
      int[] c = best.choices();
      if (span.end() > c.length) {
        continue;
      }
      int[] zeroed = c.clone();
      Arrays.fill(zeroed, span.start(), span.end(), 0);
      if (!Arrays.equals(zeroed, c) && tryChoices(zeroed)) {
        any = true;
      }
    }
    return any;
  }

  private boolean deleteRuns() {
    boolean any = false;
    for (int size : new int[] {4, 2, 1}) {
      for (int i = 0; i + size <= best.choices().length && calls < budget; i++) {
        if (tryChoices(delete(best.choices(), i, i + size))) {
          any = true;
          i--;
        }
      }
    }
    return any;
  }

  private boolean lowerChoices() {
    boolean any = false;
    for (int i = 0; i < best.choices().length && calls < budget; i++) {
      int v = best.choices()[i];
      if (v == 0) {
        continue;
      }
      if (tryChoices(with(best.choices(), i, 0))) {
        any = true;
        continue;
      }
      // Binary search the lowest value that still fails, between 1 and v - 1.
      int lo = 1;
      int hi = v - 1;
      while (lo <= hi && calls < budget && i < best.choices().length) {
        int mid = lo + (hi - lo) / 2;
        if (tryChoices(with(best.choices(), i, mid))) {
          any = true;
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
    }
    return any;
  }

  private boolean tryChoices(int[] candidate) {
    calls++;
    Source source = Source.replay(candidate);
    T value;
    try {
      value = gen.generate(source);
    } catch (RuntimeException e) {
      return false; // an edited sequence the generator cannot use: not a smaller failure
    }
    int[] used = source.choices();
    if (!shortlexLess(used, best.choices())) {
      return false;
    }
    Optional<Throwable> f = failure.apply(value);
    if (f.isEmpty() || f.get().getClass() != kind) {
      return false;
    }
    best = new Attempt<>(value, used, List.copyOf(source.spans()), f.get());
    steps++;
    return true;
  }

  static boolean shortlexLess(int[] a, int[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compare(a, b) < 0;
  }

  private static int[] delete(int[] c, int from, int to) {
    int[] out = new int[c.length - (to - from)];
    System.arraycopy(c, 0, out, 0, from);
    System.arraycopy(c, to, out, from, c.length - to);
    return out;
  }

  private static int[] with(int[] c, int i, int v) {
    int[] out = c.clone();
    out[i] = v;
    return out;
  }
}
