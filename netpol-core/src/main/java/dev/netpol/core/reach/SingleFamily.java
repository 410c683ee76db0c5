package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;

/**
 * A cluster whose one compilation is exact: its pods share one IP family, or no policy has an
 * {@code ipBlock} that could tell the families apart. Its cells are that compilation's classes,
 * and combining hands back the one compilation's answers untouched: no cost on the hot path.
 *
 * @param index the cluster's compilation
 */
record SingleFamily(Index index) implements Families {
  @Override
  public ImmutableList<Index> compilations() {
    return ImmutableList.of(index);
  }

  @Override
  public Cells combine(Cells[] perCompilation) {
    return perCompilation[0];
  }
}
