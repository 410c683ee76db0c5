package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;

/** Cells that are the classes of one compilation: what every per-compilation answer shares. */
abstract class IndexCells implements Cells {
  final Index index;

  IndexCells(Index index) {
    this.index = index;
  }

  @Override
  public final int count() {
    return index.size;
  }

  @Override
  public final int cellOf(Pod pod) {
    return index.classOf(pod);
  }

  @Override
  public final int cellOf(String podId) {
    return index.classOfPod.get(podId);
  }

  @Override
  public final int podCount(int cell) {
    return index.classPods.get(cell).size();
  }
}
