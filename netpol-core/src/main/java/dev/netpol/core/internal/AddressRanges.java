package dev.netpol.core.internal;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import dev.netpol.core.model.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts address interval sets into one canonical form: closed ranges, neighbours joined.
 *
 * <p>Interval arithmetic on {@link RangeSet}s (a {@code cidr} minus its {@code except}s, a block
 * minus pod addresses) leaves open ends, and keeps {@code [a..b]} and {@code [b+1..c]} apart
 * because Guava does not know addresses are discrete. Closing and joining them gives one form
 * that compares with {@code equals}: {@code [10.0.0.0..10.0.0.255)} becomes {@code
 * [10.0.0.0..10.0.0.254]}, and {@code [10.0.0.0..10.0.0.9]} with {@code [10.0.0.10..10.0.0.20]}
 * becomes {@code [10.0.0.0..10.0.0.20]}. The last IPv4 address and {@code ::} are never joined:
 * they are of two families.
 */
public final class AddressRanges {
  private AddressRanges() {}

  /**
   * The same addresses as closed ranges, adjacent ranges of one family joined.
   *
   * @param set addresses, possibly with open ends
   * @return the canonical form; ranges left empty by closing are dropped
   */
  public static ImmutableRangeSet<IpAddress> closed(RangeSet<IpAddress> set) {
    List<Range<IpAddress>> out = new ArrayList<>();
    for (Range<IpAddress> r : set.asRanges()) {
      IpAddress lo =
          r.lowerBoundType() == BoundType.CLOSED ? r.lowerEndpoint() : r.lowerEndpoint().plus(1);
      IpAddress hi =
          r.upperBoundType() == BoundType.CLOSED ? r.upperEndpoint() : r.upperEndpoint().plus(-1);
      if (lo.compareTo(hi) > 0) {
        continue;
      }
      if (!out.isEmpty() && follows(out.get(out.size() - 1).upperEndpoint(), lo)) {
        Range<IpAddress> previous = out.remove(out.size() - 1);
        out.add(Range.closed(previous.lowerEndpoint(), hi));
      } else {
        out.add(Range.closed(lo, hi));
      }
    }
    return ImmutableRangeSet.copyOf(out);
  }

  private static boolean follows(IpAddress end, IpAddress next) {
    return end.version() == next.version() && end.value().add(BigInteger.ONE).equals(next.value());
  }
}
