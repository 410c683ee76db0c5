package dev.netpol.core.model;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 address, as a pod's {@code status.podIPs} or an {@code ipBlock} holds them.
 *
 * <p>Addresses are ordered: every IPv4 address before every IPv6 address, then numerically, so
 * that {@link Cidr#range()} and address interval sets work for both families. Parsing never does
 * a DNS lookup.
 *
 * <pre>{@code
 * IpAddress a = IpAddress.parse("10.244.0.7");
 * a.isIpv4();                 // true
 * IpAddress.parse("fd00::1"); // IPv6
 * a.toString();               // "10.244.0.7"
 * }</pre>
 *
 * @param version 4 or 6
 * @param value the address as an unsigned number (32 bits for IPv4, 128 for IPv6)
 */
public record IpAddress(int version, BigInteger value) implements Comparable<IpAddress> {
  private static final BigInteger MAX_V4 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger MAX_V6 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /**
   * Validates the version and range.
   *
   * @param version 4 or 6
   * @param value the address as an unsigned number
   */
  public IpAddress {
    if (version != 4 && version != 6) {
      throw new IllegalArgumentException("IP version must be 4 or 6, found " + version);
    }
    if (value.signum() < 0 || value.compareTo(maxValue(version)) > 0) {
      throw new IllegalArgumentException("address out of range for IPv" + version + ": " + value);
    }
  }

  /**
   * Parses a literal IPv4 ({@code 10.0.0.1}) or IPv6 ({@code fd00::1}) address. Host names are
   * rejected, never resolved.
   *
   * @param text the literal address
   * @return the address
   * @throws IllegalArgumentException if it is not an IP literal, holds a character that is not
   *     ASCII (such as an Arabic-Indic or full-width digit), or has an IPv6 zone ({@code %eth0})
   */
  public static IpAddress parse(String text) {
    checkLiteral(text);
    if (!InetAddresses.isInetAddress(text)) {
      throw new IllegalArgumentException(
          "invalid IP address \"" + text + "\": expected an IPv4 or IPv6 literal");
    }
    InetAddress inet = InetAddresses.forString(text);
    BigInteger value = new BigInteger(1, inet.getAddress());
    if (text.contains(":") && inet instanceof Inet4Address) {
      // An IPv4-mapped IPv6 literal (::ffff:10.0.0.1) is an IPv6 address to Kubernetes; Java
      // hands it back as IPv4.
      return new IpAddress(6, BigInteger.valueOf(0xFFFFL).shiftLeft(32).or(value));
    }
    return new IpAddress(inet instanceof Inet4Address ? 4 : 6, value);
  }

  /**
   * Refuses what a Java parser would read but Kubernetes refuses: digits of other scripts
   * ({@code ١٠.0.0.1}, full-width {@code １０}), which Java reads as ASCII digits, and an IPv6
   * zone ({@code fe80::1%eth0}), which Java drops. Reading either would be a guess.
   */
  private static void checkLiteral(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7F) {
        throw new IllegalArgumentException(
            "invalid IP address \""
                + text
                + "\": character '"
                + c
                + "' ("
                + String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                + ") is not ASCII; Kubernetes reads only the ASCII digits 0-9, a-f, '.' and ':'");
      }
    }
    int zone = text.indexOf('%');
    if (zone >= 0) {
      throw new IllegalArgumentException(
          "invalid IP address \""
              + text
              + "\": an IPv6 zone (\""
              + text.substring(zone)
              + "\") is not allowed, as Kubernetes allows none; write "
              + text.substring(0, zone));
    }
  }

  /**
   * The highest address of a family.
   *
   * @param version 4 or 6
   * @return {@code 255.255.255.255} or {@code ffff:...:ffff} as a number
   */
  static BigInteger maxValue(int version) {
    return version == 4 ? MAX_V4 : MAX_V6;
  }

  /**
   * The number of bits of an address of this family.
   *
   * @return 32 or 128
   */
  public int bits() {
    return version == 4 ? 32 : 128;
  }

  /**
   * Whether this is an IPv4 address.
   *
   * @return true for IPv4
   */
  public boolean isIpv4() {
    return version == 4;
  }

  /**
   * The address {@code delta} after this one, e.g. to allocate pod addresses in order.
   *
   * @param delta how far to move (may be negative)
   * @return the address
   * @throws IllegalArgumentException if the result leaves the family's range
   */
  public IpAddress plus(long delta) {
    return new IpAddress(version, value.add(BigInteger.valueOf(delta)));
  }

  @Override
  public int compareTo(IpAddress o) {
    int c = Integer.compare(version, o.version);
    return c != 0 ? c : value.compareTo(o.value);
  }

  /** Returns the canonical literal, e.g. {@code 10.0.0.1} or {@code fd00::1}. */
  @Override
  public String toString() {
    if (version == 6 && value.shiftRight(32).equals(BigInteger.valueOf(0xFFFFL))) {
      // Java would print an IPv4-mapped address as plain IPv4, losing its family.
      return "::ffff:" + new IpAddress(4, value.and(MAX_V4));
    }
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[bits() / 8];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
