package dev.netpol.core.reach;

/** Fixed-size bitsets as {@code long[]} words, 64 pod classes per word. */
final class Bits {
  private Bits() {}

  static int words(int size) {
    return (size + 63) >>> 6;
  }

  static long[] all(int size) {
    long[] b = new long[words(size)];
    for (int i = 0; i < size; i++) {
      set(b, i);
    }
    return b;
  }

  static void set(long[] b, int i) {
    b[i >>> 6] |= 1L << i;
  }

  static boolean get(long[] b, int i) {
    return (b[i >>> 6] & (1L << i)) != 0;
  }

  static void or(long[] into, long[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] |= from[i];
    }
  }

  /**
   * The set bits of {@code b}, ascending, or null when more than {@code limit} are set: a sparse
   * operand is then ORed into many rows bit by bit ({@link #orBits}), not word by word.
   */
  static int @org.jspecify.annotations.Nullable [] positions(long[] b, int limit) {
    int count = 0;
    for (long w : b) {
      count += Long.bitCount(w);
      if (count > limit) {
        return null;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int w = 0; w < b.length; w++) {
      for (long x = b[w]; x != 0; x &= x - 1) {
        out[k++] = (w << 6) + Long.numberOfTrailingZeros(x);
      }
    }
    return out;
  }

  /** Sets the bits at {@code positions} (from {@link #positions}) in {@code into}. */
  static void orBits(long[] into, int[] positions) {
    for (int i : positions) {
      into[i >>> 6] |= 1L << i;
    }
  }

  /** The positions (ascending, from {@link #positions}) whose bits are set in {@code b}. */
  static int[] filter(int[] positions, long[] b) {
    int[] out = new int[positions.length];
    int k = 0;
    for (int i : positions) {
      if (get(b, i)) {
        out[k++] = i;
      }
    }
    return k == out.length ? out : java.util.Arrays.copyOf(out, k);
  }

  static long[] and(long[] a, long[] b) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] & b[i];
    }
    return r;
  }

  static boolean isEmpty(long[] b) {
    for (long w : b) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  static int cardinality(long[] b) {
    int n = 0;
    for (long w : b) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The next set bit at or after {@code from}, or -1. */
  static int next(long[] b, int from) {
    int w = from >>> 6;
    if (w >= b.length) {
      return -1;
    }
    long word = b[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == b.length) {
        return -1;
      }
      word = b[w];
    }
  }
}
