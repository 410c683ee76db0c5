package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Layers} against the layers of docs/cluster-policies.md#layers, cell by cell. */
class LayersTest {
  /** One side as the doc reads: Admin Accept or Deny, else NetworkPolicy, else Baseline. */
  private static boolean byTheDoc(
      boolean accept, boolean deny, boolean isolated, boolean networkPolicy, boolean baseDeny) {
    if (accept || deny) {
      return accept;
    }
    if (isolated) {
      return networkPolicy;
    }
    return !baseDeny;
  }

  @Test
  void everySideCombinationAnswersAsTheLayersDo() {
    // Every valid combination of one cell, each in its own bit: the Admin tier takes a cell
    // with Accept or Deny, not both; a pod no NetworkPolicy isolates is allowed by them.
    long accept = 0;
    long deny = 0;
    long isolated = 0;
    long networkPolicy = 0;
    long baseDeny = 0;
    boolean[] expected = new boolean[64];
    int bit = 0;
    for (int admin = 0; admin < 3; admin++) {
      for (int iso = 0; iso < 2; iso++) {
        for (int np = 0; np < 2; np++) {
          for (int bd = 0; bd < 2; bd++) {
            if (iso == 0 && np == 0) {
              continue;
            }
            long m = 1L << bit;
            accept |= admin == 1 ? m : 0;
            deny |= admin == 2 ? m : 0;
            isolated |= iso == 1 ? m : 0;
            networkPolicy |= np == 1 ? m : 0;
            baseDeny |= bd == 1 ? m : 0;
            expected[bit] = byTheDoc(admin == 1, admin == 2, iso == 1, np == 1, bd == 1);
            bit++;
          }
        }
      }
    }
    long side = Layers.side(accept, deny, isolated, networkPolicy, baseDeny);
    for (int b = 0; b < bit; b++) {
      assertThat((side >>> b & 1) == 1).as("cell %d", b).isEqualTo(expected[b]);
    }
  }

  @Test
  void aCellIsAdmittedOnlyWhenBothSidesAllowIt() {
    // Egress: cell 0 Accepted, cell 1 allowed by default. Ingress: cell 0 allowed, cell 1 Denied.
    long admitted = Layers.admitted(0b01, 0, 0, -1L, 0, 0, 0b10, 0, -1L, 0);
    assertThat(admitted & 0b11).isEqualTo(0b01);
  }
}
