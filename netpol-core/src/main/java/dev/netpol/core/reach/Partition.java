package dev.netpol.core.reach;

import java.util.Arrays;

/**
 * Partition refinement over pod classes: starts from given groups and splits them by membership
 * in bitsets, so classes end in one group iff they are in exactly the same bitsets.
 */
final class Partition {
  private final int[] groupOf;
  private int groups;
  private int round;
  private int[] stamp;
  private int[] target;

  Partition(int[] initial, int initialGroups) {
    this.groupOf = initial;
    this.groups = initialGroups;
    this.stamp = new int[Math.max(16, initialGroups * 2)];
    this.target = new int[stamp.length];
  }

  void split(long[] members) {
    split(Bits.positions(members, Integer.MAX_VALUE));
  }

  /** As {@link #split(long[])}, with the members as positions ({@link Bits#positions}). */
  void split(int[] members) {
    round++;
    for (int s : members) {
      int g = groupOf[s];
      if (stamp[g] != round) {
        stamp[g] = round;
        if (groups == stamp.length) {
          stamp = Arrays.copyOf(stamp, groups * 2);
          target = Arrays.copyOf(target, groups * 2);
        }
        target[g] = groups++;
      }
      groupOf[s] = target[g];
    }
  }

  /** Renumbers groups densely 0..n-1 in order of first class; returns the number of groups. */
  int compact(int[] representativeOut) {
    int[] remap = new int[groups];
    Arrays.fill(remap, -1);
    int n = 0;
    for (int s = 0; s < groupOf.length; s++) {
      int g = groupOf[s];
      if (remap[g] < 0) {
        remap[g] = n;
        representativeOut[n] = s;
        n++;
      }
      groupOf[s] = remap[g];
    }
    return n;
  }

  int[] groupOf() {
    return groupOf;
  }
}
