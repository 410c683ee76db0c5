package dev.netpol.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Addresses and CIDRs are read as Kubernetes reads them: ASCII only, no IPv6 zone. */
class AsciiAddressTest {

  @Test
  void arabicIndicAndFullWidthDigitsAreNotReadAsAsciiDigits() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/\u0668"))
        .hasMessageContaining("prefix \"\u0668\" is not a number of ASCII digits 0-9");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/\uff18"))
        .hasMessageContaining("is not a number of ASCII digits 0-9");
    assertThatThrownBy(() -> IpAddress.parse("\u0661\u0660.0.0.1"))
        .hasMessageContaining("character '\u0661' (U+0661) is not ASCII");
  }

  @Test
  void ipv6ZoneIsRefusedRatherThanDropped() {
    assertThatThrownBy(() -> IpAddress.parse("fe80::1%eth0"))
        .hasMessage(
            "invalid IP address \"fe80::1%eth0\": an IPv6 zone (\"%eth0\") is not allowed, as"
                + " Kubernetes allows none; write fe80::1");
    assertThatThrownBy(() -> Cidr.parse("fe80::1%eth0/64"))
        .hasMessageContaining("\"fe80::1%eth0\" is not an IP address: an IPv6 zone");
  }
}
