package dev.netpol.core.policy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer of addresses: those in {@code cidr} and in none of {@code except}.
 *
 * <pre>{@code
 * IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8"));  // the internet, not 10/8
 * }</pre>
 *
 * <p>Whether an {@code ipBlock} also matches <em>pod</em> addresses is left to the plugin; netpol's
 * default follows the conformance tests (it does), see the evaluation options.
 *
 * @param cidr the block
 * @param except blocks carved out of it, each strictly inside {@code cidr}
 */
public record IpBlockPeer(Cidr cidr, ImmutableList<Cidr> except) implements NetworkPolicyPeer {

  /**
   * Checks that every {@code except} lies strictly inside {@code cidr}, as the API server does.
   *
   * @param cidr the block
   * @param except the exceptions
   * @throws InvalidModelException with path {@code except[i]}
   */
  public IpBlockPeer {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < except.size(); i++) {
      Cidr e = except.get(i);
      if (!cidr.contains(e) || e.prefixLength() <= cidr.prefixLength()) {
        violations.add(
            new Violation(
                "except[" + i + "]",
                "must be a strict subset of cidr " + cidr + ", found " + e));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("ipBlock", violations);
    }
  }

  /**
   * A block with exceptions.
   *
   * @param cidr the block
   * @param except the exceptions
   * @return the peer
   */
  public static IpBlockPeer of(Cidr cidr, Cidr... except) {
    return new IpBlockPeer(cidr, ImmutableList.copyOf(except));
  }

  /**
   * Whether an address is in the block and in no exception.
   *
   * @param address an address
   * @return true if this peer admits it
   */
  public boolean contains(IpAddress address) {
    return cidr.contains(address) && except.stream().noneMatch(e -> e.contains(address));
  }

  /**
   * The admitted addresses as an interval set: {@code cidr} minus every {@code except}.
   *
   * @return the addresses
   */
  public ImmutableRangeSet<IpAddress> addresses() {
    TreeRangeSet<IpAddress> set = TreeRangeSet.create();
    set.add(cidr.range());
    except.forEach(e -> set.remove(e.range()));
    // Closed ranges minus closed ranges leave open ends; normalise to closed address ranges.
    return ImmutableRangeSet.copyOf(AddressRanges.closed(set));
  }

  /** Returns e.g. {@code ipBlock 0.0.0.0/0 except [10.0.0.0/8]}. */
  @Override
  public String toString() {
    return "ipBlock " + cidr + (except.isEmpty() ? "" : " except " + except);
  }
}
