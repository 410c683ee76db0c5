package dev.netpol.core.internal;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
 *
 * <p>It is also the one place that prints address sets: {@link #format} writes them as CIDR
 * blocks, the way a Kubernetes user writes an {@code ipBlock}, never as Guava's {@code
 * [a..b]} ranges.
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

  /**
   * The fewest CIDR blocks that hold exactly the given addresses, in address order: {@code
   * [198.51.100.0..198.51.100.95]} becomes {@code 198.51.100.0/26, 198.51.100.64/27}.
   *
   * @param set addresses, possibly with open ends
   * @return the blocks, IPv4 before IPv6; empty for an empty set
   */
  public static ImmutableList<Cidr> cidrs(RangeSet<IpAddress> set) {
    ImmutableList.Builder<Cidr> out = ImmutableList.builder();
    for (Range<IpAddress> r : closed(set).asRanges()) {
      IpAddress lo = r.lowerEndpoint();
      IpAddress hi = r.upperEndpoint();
      if (lo.version() != hi.version()) {
        // One Guava range may run from IPv4 into IPv6: split it at the family boundary.
        addBlocks(lo, new IpAddress(4, maxValue(4)), out);
        addBlocks(new IpAddress(6, BigInteger.ZERO), hi, out);
      } else {
        addBlocks(lo, hi, out);
      }
    }
    return out.build();
  }

  /**
   * Prints addresses as users write them: {@code 198.51.100.0/26, 198.51.100.128/25}, {@code
   * 0.0.0.0/0, ::/0} for every address, {@code none} for no address. Every text netpol shows
   * (answers, explanations, diffs, messages) prints address sets through here.
   *
   * @param set addresses
   * @return comma-separated CIDR blocks, or {@code none}
   */
  public static String format(RangeSet<IpAddress> set) {
    ImmutableList<Cidr> blocks = cidrs(set);
    return blocks.isEmpty()
        ? "none"
        : blocks.stream().map(Cidr::toString).collect(Collectors.joining(", "));
  }

  /**
   * Prints one range of addresses that netpol judges as one (an address atom of an endpoint):
   * a single address as itself ({@code 8.8.8.8}), a range that is exactly one block as that
   * CIDR ({@code 10.0.0.0/8}), any other range as {@code first-last} ({@code
   * 0.0.0.0-9.255.255.255}), which is one line where its blocks would be many.
   *
   * @param range a range of addresses of one family
   * @return the text
   */
  public static String format(Range<IpAddress> range) {
    ImmutableList<Cidr> blocks = cidrs(ImmutableRangeSet.of(range));
    if (blocks.size() == 1) {
      Cidr only = blocks.get(0);
      return only.prefixLength() == only.network().bits()
          ? only.network().toString()
          : only.toString();
    }
    return blocks.isEmpty()
        ? "none"
        : blocks.get(0).network() + "-" + blocks.get(blocks.size() - 1).last();
  }

  private static void addBlocks(IpAddress lo, IpAddress hi, ImmutableList.Builder<Cidr> out) {
    int bits = lo.bits();
    BigInteger next = lo.value();
    BigInteger end = hi.value();
    while (next.compareTo(end) <= 0) {
      int aligned = next.signum() == 0 ? bits : next.getLowestSetBit();
      int fits = end.subtract(next).add(BigInteger.ONE).bitLength() - 1;
      int hostBits = Math.min(aligned, fits);
      out.add(new Cidr(new IpAddress(lo.version(), next), bits - hostBits));
      next = next.add(BigInteger.ONE.shiftLeft(hostBits));
    }
  }

  private static BigInteger maxValue(int version) {
    return BigInteger.ONE.shiftLeft(version == 4 ? 32 : 128).subtract(BigInteger.ONE);
  }
}
