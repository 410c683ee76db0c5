package dev.netpol.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void masksHostBitsAsTheApiServerDoes() {
    assertThat(Cidr.parse("10.0.1.1/8")).hasToString("10.0.0.0/8");
    assertThat(Cidr.isCanonical("10.0.1.1/8")).isFalse();
    assertThat(Cidr.isCanonical("10.0.0.0/8")).isTrue();
  }

  @Test
  void containsAddressesOfItsOwnFamilyOnly() {
    Cidr all4 = Cidr.parse("0.0.0.0/0");
    assertThat(all4.contains(IpAddress.parse("8.8.8.8"))).isTrue();
    assertThat(all4.contains(IpAddress.parse("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(IpAddress.parse("fd00::1"))).isTrue();
  }

  @Test
  void knowsItsLastAddress() {
    assertThat(Cidr.parse("10.0.0.0/8").last()).isEqualTo(IpAddress.parse("10.255.255.255"));
    assertThat(Cidr.parse("fd00::/120").last()).hasToString("fd00::ff");
  }

  @Test
  void rejectsMalformedCidrs() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1"))
        .hasMessageContaining("expected ADDRESS/PREFIX");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix must be at most 32, found 33");
    assertThatThrownBy(() -> Cidr.parse("example.com/8"))
        .hasMessageContaining("is not an IP address");
  }

  @Test
  void ipBlockExceptMustBeAStrictSubset() {
    assertThatThrownBy(
            () ->
                dev.netpol.core.policy.IpBlockPeer.of(
                    Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/8")))
        .hasMessageContaining("except[0]: must be a strict subset of cidr 10.0.0.0/8");
    assertThatThrownBy(
            () ->
                dev.netpol.core.policy.IpBlockPeer.of(
                    Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16")))
        .hasMessageContaining("except[0]");
  }

  @Test
  void ipBlockAddressesSubtractExceptions() {
    var peer =
        dev.netpol.core.policy.IpBlockPeer.of(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16"));
    assertThat(peer.addresses().asRanges()).hasSize(2);
    assertThat(peer.addresses().contains(IpAddress.parse("10.0.255.255"))).isTrue();
    assertThat(peer.addresses().contains(IpAddress.parse("10.1.0.0"))).isFalse();
    assertThat(peer.addresses().contains(IpAddress.parse("10.2.0.0"))).isTrue();
    assertThat(peer.contains(IpAddress.parse("10.1.2.3"))).isFalse();
  }

  @Test
  void readsIpv4MappedIpv6AsIpv6AsKubernetesDoes() {
    IpAddress mapped = IpAddress.parse("::ffff:10.0.0.1");
    assertThat(mapped.isIpv4()).isFalse();
    assertThat(mapped).hasToString("::ffff:10.0.0.1");
    assertThat(Cidr.parse("::ffff:0:0/96").contains(mapped)).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(mapped)).isFalse();
  }
}
