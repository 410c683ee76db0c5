package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import dev.netpol.core.internal.AddressRanges;
import java.math.BigInteger;

/**
 * A block of addresses in CIDR notation, as an {@code ipBlock.cidr} or {@code except} entry
 * holds it: {@code 10.0.0.0/8}, {@code 0.0.0.0/0}, {@code fd00::/64}.
 *
 * <p>The API server accepts a CIDR with host bits set ({@code 10.0.1.1/8}) and means its network
 * ({@code 10.0.0.0/8}): {@link #parse} does the same, and {@link #isCanonical} tells whether the
 * text was already in that form, so the loader can warn. An address without a prefix is rejected,
 * as Kubernetes rejects it.
 *
 * <pre>{@code
 * Cidr c = Cidr.parse("10.0.0.0/8");
 * c.contains(IpAddress.parse("10.1.2.3"));   // true
 * c.contains(Cidr.parse("10.1.0.0/16"));     // true
 * Cidr.parse("0.0.0.0/0").range();           // every IPv4 address
 * }</pre>
 *
 * @param network the first address of the block (host bits zero)
 * @param prefixLength the number of leading bits fixed, 0 to 32 (IPv4) or 128 (IPv6)
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

  /**
   * Validates that the prefix fits the family and that the host bits are zero.
   *
   * @param network the first address of the block
   * @param prefixLength the prefix length
   */
  public Cidr {
    if (prefixLength < 0 || prefixLength > network.bits()) {
      throw new IllegalArgumentException(
          "prefix length must be between 0 and " + network.bits() + ", found " + prefixLength);
    }
    if (!mask(network.value(), network.bits(), prefixLength).equals(network.value())) {
      throw new IllegalArgumentException(
          "network address " + network + " has host bits set for prefix /" + prefixLength);
    }
  }

  /**
   * Parses CIDR notation, masking host bits as the API server does.
   *
   * @param text e.g. {@code "192.168.0.0/16"}
   * @return the block
   * @throws IllegalArgumentException if there is no {@code /}, the address is not a literal (see
   *     {@link IpAddress#parse}), or the prefix is not ASCII digits ({@code /٨} is refused) or out
   *     of range
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "invalid CIDR \"" + text + "\": expected ADDRESS/PREFIX, e.g. 10.0.0.0/8");
    }
    IpAddress address;
    String addressText = text.substring(0, slash);
    try {
      address = IpAddress.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid CIDR \"" + text + "\": \"" + addressText + "\" is not an IP address"
              + reason(e.getMessage()),
          e);
    }
    String digits = text.substring(slash + 1);
    // ASCII only: Character.isDigit and Integer.parseInt also take other scripts' digits
    // (/٨, full-width /８), which the API server refuses.
    if (digits.isEmpty()
        || digits.length() > 3
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      boolean foreign = digits.chars().anyMatch(c -> c > 0x7F);
      throw new IllegalArgumentException(
          "invalid CIDR \""
              + text
              + "\": prefix \""
              + digits
              + "\" is not a number"
              + (foreign ? " of ASCII digits 0-9 (other scripts' digits are refused)" : ""));
    }
    int prefix = Integer.parseInt(digits);
    if (prefix > address.bits()) {
      throw new IllegalArgumentException(
          "invalid CIDR \""
              + text
              + "\": prefix must be at most "
              + address.bits()
              + ", found "
              + prefix);
    }
    BigInteger masked = mask(address.value(), address.bits(), prefix);
    return new Cidr(new IpAddress(address.version(), masked), prefix);
  }

  /** The part of an address error worth repeating: why, for the zone and non-ASCII cases. */
  private static String reason(String message) {
    int colon = message.indexOf("\": ");
    boolean specific = message.contains("zone") || message.contains("not ASCII");
    return specific && colon >= 0 ? ":" + message.substring(colon + 2) : "";
  }

  /**
   * Whether the text is in canonical form (no host bits set), e.g. false for {@code
   * 10.0.1.1/8}.
   *
   * @param text CIDR notation that {@link #parse} accepts
   * @return true if parsing did not need to mask anything
   */
  public static boolean isCanonical(String text) {
    Cidr c = parse(text);
    return c.network().equals(IpAddress.parse(text.substring(0, text.indexOf('/'))));
  }

  /**
   * The block holding exactly one address ({@code /32} or {@code /128}).
   *
   * @param address the address
   * @return the single-address block
   */
  public static Cidr of(IpAddress address) {
    return new Cidr(address, address.bits());
  }

  /**
   * The fewest blocks that hold exactly a set of addresses, to read an answer the way an {@code
   * ipBlock} is written. Every address set netpol prints (answers, explanations, diffs) goes
   * through this.
   *
   * <pre>{@code
   * Cidr.cover(matrix.egressToOutside(pod, Port.tcp(443)));
   * // [0.0.0.0/1, 128.0.0.0/2, ..., 198.51.100.0/26, 198.51.100.128/25, ..., ::/0]
   * Cidr.cover(ImmutableRangeSet.of());   // []
   * }</pre>
   *
   * @param addresses an address set, e.g. from {@code ReachabilityMatrix.egressToOutside}
   * @return the blocks in address order, IPv4 before IPv6; empty for no address
   */
  public static ImmutableList<Cidr> cover(RangeSet<IpAddress> addresses) {
    return AddressRanges.cidrs(addresses);
  }

  /**
   * Prints an address set as comma-separated CIDR blocks, {@code none} when empty: the text
   * netpol itself shows.
   *
   * <pre>{@code
   * Cidr.format(TreeRangeSet.create(List.of(Cidr.parse("198.51.100.0/26").range())));
   * // "198.51.100.0/26"
   * }</pre>
   *
   * @param addresses an address set
   * @return e.g. {@code "198.51.100.0/26, 198.51.100.128/25"}, {@code "0.0.0.0/0, ::/0"} or
   *     {@code "none"}
   */
  public static String format(RangeSet<IpAddress> addresses) {
    return AddressRanges.format(addresses);
  }

  /**
   * The last address of the block.
   *
   * @return e.g. {@code 10.255.255.255} for {@code 10.0.0.0/8}
   */
  public IpAddress last() {
    int hostBits = network.bits() - prefixLength;
    BigInteger hostMask = BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE);
    return new IpAddress(network.version(), network.value().or(hostMask));
  }

  /**
   * Whether the address is in this block (never, for the other IP family).
   *
   * @param address an address
   * @return true if inside
   */
  public boolean contains(IpAddress address) {
    if (address.version() != network.version()) {
      return false;
    }
    if (network.version() == 4) {
      // Both fit a long: the same comparisons without making the last address.
      long a = address.value().longValue();
      long first = network.value().longValue();
      long last = first | ((1L << (32 - prefixLength)) - 1);
      return a >= first && a <= last;
    }
    return address.compareTo(network) >= 0 && address.compareTo(last()) <= 0;
  }

  /**
   * Whether the other block lies entirely inside this one.
   *
   * @param other another block
   * @return true if every address of {@code other} is in this block
   */
  public boolean contains(Cidr other) {
    return contains(other.network) && contains(other.last());
  }

  /**
   * The block as a closed address interval, for interval-set arithmetic.
   *
   * @return {@code [network, last]}
   */
  public Range<IpAddress> range() {
    return Range.closed(network, last());
  }

  @Override
  public int compareTo(Cidr o) {
    int c = network.compareTo(o.network);
    return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
  }

  private static BigInteger mask(BigInteger value, int bits, int prefix) {
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return value.and(all.xor(hostMask));
  }

  /** Returns CIDR notation, e.g. {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
