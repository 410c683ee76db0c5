package dev.netpol.core.policy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
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
   * Whether an address is in the block and in no exception: how an {@code ipBlock} judges an
   * address outside the cluster's pods.
   *
   * @param address an address
   * @return true if this peer admits it
   */
  public boolean contains(IpAddress address) {
    return cidr.contains(address) && except.stream().noneMatch(e -> e.contains(address));
  }

  /**
   * Whether this peer admits a pod at the other end of a connection in one IP family
   * (docs/semantics.md#peers): the options must let an {@code ipBlock} see the pod ({@link
   * EvaluationOptions#ipBlockSeesPod(Pod)}), and one of its addresses of that family must be
   * {@linkplain #contains(IpAddress) in the block}.
   *
   * <pre>{@code
   * IpBlockPeer block = IpBlockPeer.of(Cidr.parse("10.0.0.0/8"));
   * block.admits(podAt10_0_0_5, 4, EvaluationOptions.defaults());   // true
   * block.admits(podAt10_0_0_5, 6, EvaluationOptions.defaults());   // false: no IPv6 address
   * }</pre>
   *
   * <p>A connection uses one family at both ends, so a dual-stack pod is judged by its address in
   * the connection's family only; a pod without an address, or a family no address has (pass
   * {@code 0} for two pods that share no family), is never admitted.
   *
   * @param pod the pod at the other end
   * @param ipVersion the connection's IP family, 4 or 6
   * @param options the plugin behaviours
   * @return true if the block admits the pod
   */
  public boolean admits(Pod pod, int ipVersion, EvaluationOptions options) {
    return options.ipBlockSeesPod(pod)
        && pod.ips().stream().anyMatch(a -> a.version() == ipVersion && contains(a));
  }

  /**
   * The admitted addresses as an interval set: {@code cidr} minus every {@code except}, in closed
   * ranges.
   *
   * @return the addresses
   */
  public ImmutableRangeSet<IpAddress> addresses() {
    TreeRangeSet<IpAddress> set = TreeRangeSet.create();
    set.add(cidr.range());
    except.forEach(e -> set.remove(e.range()));
    return AddressRanges.closed(set);
  }

  /** {@return whether the address is {@linkplain #contains(IpAddress) in the block}} */
  @Override
  public boolean admitsOutside(IpAddress address) {
    return contains(address);
  }

  /** {@return the {@linkplain #addresses() addresses of the block}} */
  @Override
  public ImmutableRangeSet<IpAddress> outsideAddresses() {
    return addresses();
  }

  /** {@return whether the block holds every IPv4 address, and so any name's address} */
  @Override
  public boolean admitsName(String name) {
    return DnsNames.holdsAnyName(addresses());
  }

  /** Returns e.g. {@code ipBlock 0.0.0.0/0 except [10.0.0.0/8]}. */
  @Override
  public String toString() {
    return "ipBlock " + cidr + (except.isEmpty() ? "" : " except " + except);
  }
}
