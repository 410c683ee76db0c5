package dev.netpol.core.reach;

/**
 * Transposes a square bit matrix stored as rows of 64-bit words (bit {@code j % 64} of word
 * {@code j / 64} of row {@code i} is cell {@code (i, j)}), 64 by 64 bits at a time: the columns of
 * the engine's rows (who may connect in) at a cost of words, not of bits.
 */
final class Transpose {
  private Transpose() {}

  /** The columns of {@code n} rows: bit {@code i} of {@code out[j]} is bit {@code j} of row i. */
  static long[][] of(long[][] rows, int n) {
    int words = (n + 63) >>> 6;
    long[][] out = new long[n][words];
    long[] block = new long[64];
    for (int bi = 0; bi < words; bi++) {
      for (int bj = 0; bj < words; bj++) {
        boolean any = false;
        for (int k = 0; k < 64; k++) {
          int i = (bi << 6) + k;
          long v = i < n ? rows[i][bj] : 0L;
          block[k] = v;
          any |= v != 0;
        }
        if (!any) {
          continue;
        }
        transpose64(block);
        for (int k = 0; k < 64; k++) {
          int j = (bj << 6) + k;
          if (j < n) {
            out[j][bi] = block[k];
          }
        }
      }
    }
    return out;
  }

  /** Transposes a 64x64 bit block in place by swapping ever smaller off-diagonal halves. */
  static void transpose64(long[] m) {
    long mask = 0x00000000FFFFFFFFL;
    for (int j = 32; j != 0; j >>>= 1, mask ^= mask << j) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((m[k] >>> j) ^ m[k | j]) & mask;
        m[k] ^= t << j;
        m[k | j] ^= t;
      }
    }
  }
}
