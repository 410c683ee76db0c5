package dev.netpol.core;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.Map;
import java.util.stream.Collectors;

/** Port numbers per protocol, as closed ranges: what a port query asks and what a pair allows. */
final class PortSets {
  private PortSets() {}

  /** The ports a range or all-ports query asks, per protocol, in protocol order. */
  static ImmutableMap<Protocol, ImmutableRangeSet<Integer>> asked(PortQuery query) {
    if (query instanceof PortQuery.PortRange r) {
      return ImmutableMap.of(r.protocol(), ImmutableRangeSet.of(Range.closed(r.from(), r.to())));
    }
    ImmutableMap.Builder<Protocol, ImmutableRangeSet<Integer>> all = ImmutableMap.builder();
    for (Protocol p : Protocol.values()) {
      all.put(p, ImmutableRangeSet.of(Range.closed(Port.MIN, Port.MAX)));
    }
    return all.build();
  }

  /** One port as a set. */
  static ImmutableMap<Protocol, ImmutableRangeSet<Integer>> of(Port port) {
    return ImmutableMap.of(
        port.protocol(), ImmutableRangeSet.of(Range.closed(port.number(), port.number())));
  }

  /**
   * The same numbers as closed ranges ({@code [5430..5431]}, never {@code [5430..5432)}), so
   * that every set a caller sees reads the way ports are written.
   */
  static ImmutableRangeSet<Integer> closed(RangeSet<Integer> numbers) {
    ImmutableRangeSet.Builder<Integer> closed = ImmutableRangeSet.builder();
    for (Range<Integer> r : numbers.asRanges()) {
      if (lower(r) <= upper(r)) {
        closed.add(Range.closed(lower(r), upper(r)));
      }
    }
    return closed.build();
  }

  /** The lowest port of the first protocol; the set is not empty. */
  static Port lowest(Map<Protocol, ImmutableRangeSet<Integer>> set) {
    Map.Entry<Protocol, ImmutableRangeSet<Integer>> first = set.entrySet().iterator().next();
    return new Port(first.getKey(), lower(first.getValue().asRanges().iterator().next()));
  }

  /** E.g. {@code TCP/1-79, TCP/81-65535, UDP/53}. */
  static String format(Map<Protocol, ImmutableRangeSet<Integer>> set) {
    return set.entrySet().stream()
        .flatMap(e -> e.getValue().asRanges().stream().map(r -> format(e.getKey(), r)))
        .collect(Collectors.joining(", "));
  }

  private static String format(Protocol protocol, Range<Integer> r) {
    int lo = lower(r);
    int hi = upper(r);
    return protocol + "/" + (lo == hi ? String.valueOf(lo) : lo + "-" + hi);
  }

  private static int lower(Range<Integer> r) {
    return r.lowerBoundType() == BoundType.CLOSED ? r.lowerEndpoint() : r.lowerEndpoint() + 1;
  }

  private static int upper(Range<Integer> r) {
    return r.upperBoundType() == BoundType.CLOSED ? r.upperEndpoint() : r.upperEndpoint() - 1;
  }
}
