package dev.netpol.core.policy;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.IpAddress;

/** Turns address interval sets with open ends (left by subtraction) into closed ranges. */
final class AddressRanges {
  private AddressRanges() {}

  static RangeSet<IpAddress> closed(RangeSet<IpAddress> set) {
    TreeRangeSet<IpAddress> out = TreeRangeSet.create();
    for (Range<IpAddress> r : set.asRanges()) {
      IpAddress lo =
          r.lowerBoundType() == BoundType.CLOSED ? r.lowerEndpoint() : r.lowerEndpoint().plus(1);
      IpAddress hi =
          r.upperBoundType() == BoundType.CLOSED ? r.upperEndpoint() : r.upperEndpoint().plus(-1);
      if (lo.compareTo(hi) <= 0) {
        out.add(Range.closed(lo, hi));
      }
    }
    return out;
  }
}
