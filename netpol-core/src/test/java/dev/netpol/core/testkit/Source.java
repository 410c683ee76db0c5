package dev.netpol.core.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The randomness a {@link Gen} draws from: a sequence of small non-negative integers
 * ("choices"), each recorded as it is made.
 *
 * <p>While generating, choices come from a seeded {@link SplittableRandom}; while shrinking, they
 * are replayed from an edited sequence, and a sequence that runs out answers {@code 0}. Every
 * generator maps choice {@code 0} to its simplest outcome (the low bound, the first alternative,
 * "no more elements"), so deleting or lowering choices simplifies the value, and any sequence
 * replays into a <em>valid</em> value. This is the idea of Hypothesis' internal shrinking, kept
 * small.
 *
 * <pre>{@code
 * Source s = Source.random(42);
 * int n = s.choose(1, 6);      // a die
 * s.choices();                 // [n - 1]
 * }</pre>
 */
public final class Source {
  private final @Nullable SplittableRandom random;
  private final int[] replay;
  private final List<Integer> choices = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();

  /** A stretch of choices that made one element of a list: deleting it drops the element. */
  record Span(int start, int end) {
    int length() {
      return end - start;
    }
  }

  private Source(@Nullable SplittableRandom random, int[] replay) {
    this.random = random;
    this.replay = replay;
  }

  /**
   * A source of fresh random choices.
   *
   * @param seed the seed; the same seed gives the same choices
   * @return the source
   */
  public static Source random(long seed) {
    return new Source(new SplittableRandom(seed), new int[0]);
  }

  /**
   * A source replaying recorded choices, answering {@code 0} once they run out.
   *
   * @param choices the choices to replay
   * @return the source
   */
  public static Source replay(int[] choices) {
    return new Source(null, choices.clone());
  }

  /**
   * An integer from {@code lo} to {@code hi} inclusive, uniformly; shrinks toward {@code lo}.
   *
   * @param lo the lowest value
   * @param hi the highest value, at least {@code lo}
   * @return the value
   */
  public int choose(int lo, int hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range " + lo + ".." + hi);
    }
    int span = hi - lo;
    return lo + record(span, r -> span == Integer.MAX_VALUE ? r.nextInt() & Integer.MAX_VALUE
        : r.nextInt(span + 1));
  }

  /**
   * An index into {@code weights}, drawn with those relative weights; shrinks toward 0.
   *
   * @param weights positive weights
   * @return the index
   */
  public int weighted(int... weights) {
    int total = 0;
    for (int w : weights) {
      if (w <= 0) {
        throw new IllegalArgumentException("weights must be positive");
      }
      total += w;
    }
    int sum = total;
    return record(weights.length - 1, r -> {
      int x = r.nextInt(sum);
      int i = 0;
      while (x >= weights[i]) {
        x -= weights[i];
        i++;
      }
      return i;
    });
  }

  /**
   * A coin that comes up {@code true} with the given probability; shrinks toward {@code false}.
   *
   * @param probability of {@code true}, from 0 to 1
   * @return the outcome
   */
  public boolean chance(double probability) {
    return record(1, r -> r.nextDouble() < probability ? 1 : 0) == 1;
  }

  /**
   * Marks where a list element starts, so the shrinker can delete it as a whole.
   *
   * @return a token for {@link #endSpan(int)}
   */
  int startSpan() {
    return choices.size();
  }

  void endSpan(int start) {
    if (choices.size() > start) {
      spans.add(new Span(start, choices.size()));
    }
  }

  /**
   * The choices made so far.
   *
   * @return them, in order
   */
  public int[] choices() {
    return choices.stream().mapToInt(Integer::intValue).toArray();
  }

  List<Span> spans() {
    return spans;
  }

  private interface Draw {
    int from(SplittableRandom random);
  }

  private int record(int max, Draw draw) {
    int i = choices.size();
    int value;
    if (random != null) {
      value = draw.from(random);
    } else {
      value = i < replay.length ? Math.min(replay[i], max) : 0;
    }
    choices.add(value);
    return value;
  }
}
