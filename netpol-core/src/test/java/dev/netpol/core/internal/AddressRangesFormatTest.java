package dev.netpol.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import org.junit.jupiter.api.Test;

class AddressRangesFormatTest {

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  @Test
  void printsARangeThatIsOneBlockAsThatCidr() {
    assertThat(AddressRanges.format(ImmutableRangeSet.of(Cidr.parse("198.51.100.0/26").range())))
        .isEqualTo("198.51.100.0/26");
  }

  @Test
  void printsACidrMinusItsExceptAsTheFewestBlocks() {
    TreeRangeSet<IpAddress> set = TreeRangeSet.create();
    set.add(Cidr.parse("198.51.100.0/24").range());
    set.remove(Cidr.parse("198.51.100.64/26").range());
    assertThat(AddressRanges.format(set)).isEqualTo("198.51.100.0/26, 198.51.100.128/25");
  }

  @Test
  void printsEveryAddressAsBothDefaultRoutesAndNoAddressAsNone() {
    TreeRangeSet<IpAddress> all = TreeRangeSet.create();
    all.add(Cidr.parse("0.0.0.0/0").range());
    all.add(Cidr.parse("::/0").range());
    assertThat(AddressRanges.format(all)).isEqualTo("0.0.0.0/0, ::/0");
    assertThat(AddressRanges.format(ImmutableRangeSet.of())).isEqualTo("none");
  }

  @Test
  void splitsARangeThatRunsFromIpv4IntoIpv6AtTheFamilyBoundary() {
    Range<IpAddress> across = Range.closed(ip("255.255.255.0"), ip("::1"));
    assertThat(Cidr.cover(ImmutableRangeSet.of(across)))
        .containsExactly(Cidr.parse("255.255.255.0/24"), Cidr.parse("::/127"));
  }

  @Test
  void printsOpenEndedRangesByTheAddressesTheyHold() {
    Range<IpAddress> open = Range.closedOpen(ip("10.0.0.0"), ip("10.0.0.3"));
    assertThat(AddressRanges.format(ImmutableRangeSet.of(open)))
        .isEqualTo("10.0.0.0/31, 10.0.0.2/32");
  }

  @Test
  void printsAnAtomAsItsAddressItsCidrOrItsEnds() {
    assertThat(AddressRanges.format(Range.singleton(ip("8.8.8.8")))).isEqualTo("8.8.8.8");
    assertThat(AddressRanges.format(Range.closed(ip("fd00::"), ip("fd00::ff"))))
        .isEqualTo("fd00::/120");
    assertThat(AddressRanges.format(Range.closed(ip("0.0.0.0"), ip("9.255.255.255"))))
        .isEqualTo("0.0.0.0-9.255.255.255");
  }
}
