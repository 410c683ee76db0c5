package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bit-matrix transpose that turns the engine's rows into columns, against bit by bit. */
class TransposeTest {
  @Test
  void everyBitLandsAtItsMirrorPositionForSizesAroundWordBoundaries() {
    Random random = new Random(42);
    for (int n : new int[] {1, 5, 63, 64, 65, 130, 200}) {
      int words = (n + 63) >>> 6;
      long[][] rows = new long[n][words];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (random.nextInt(3) == 0) {
            rows[i][j >>> 6] |= 1L << j;
          }
        }
      }
      long[][] columns = Transpose.of(rows, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          boolean cell = (rows[i][j >>> 6] & (1L << j)) != 0;
          assertThat((columns[j][i >>> 6] & (1L << i)) != 0).as("n=%s (%s,%s)", n, i, j)
              .isEqualTo(cell);
        }
      }
    }
  }
}
