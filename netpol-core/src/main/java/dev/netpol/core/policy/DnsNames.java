package dev.netpol.core.policy;

import com.google.common.collect.RangeSet;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;

/**
 * How an address block judges a DNS name destination (docs/cluster-policies.md#domain-names):
 * netpol does not know the address a name resolves to, and takes it to be an IPv4 address, so
 * only a block that holds every IPv4 address surely holds it.
 */
final class DnsNames {
  private static final Cidr EVERY_IPV4 = Cidr.parse("0.0.0.0/0");

  private DnsNames() {}

  /** Whether a block holds every IPv4 address, and so any address a name may resolve to. */
  static boolean holdsAnyName(RangeSet<IpAddress> block) {
    return block.encloses(EVERY_IPV4.range());
  }
}
