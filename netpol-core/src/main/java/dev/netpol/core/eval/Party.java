package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One end of a connection: a pod of the cluster, or addresses outside the cluster's pods.
 *
 * <pre>{@code
 * Party.pod(frontend);                                  // default/frontend-0
 * Party.address(IpAddress.parse("8.8.8.8"));            // 8.8.8.8
 * Party.addresses(Cidr.parse("10.0.0.0/8").range());    // 10.0.0.0/8, judged as one
 * }</pre>
 */
public sealed interface Party permits Party.PodParty, Party.Outside {

  /**
   * A pod as one end.
   *
   * @param pod the pod
   * @return the party
   */
  static Party pod(Pod pod) {
    return new PodParty(pod);
  }

  /**
   * A pod reached at one of its addresses: the connection then happens in that address's IP
   * family, and an {@code ipBlock} judging this end sees only that address. For a single-stack
   * pod this is the same party as {@link #pod(Pod)}.
   *
   * <pre>{@code
   * Party.pod(backend, IpAddress.parse("fd00::2"));   // backend, over IPv6
   * }</pre>
   *
   * @param pod the pod
   * @param at one of the pod's addresses
   * @return the party
   * @throws IllegalArgumentException if {@code at} is not an address of {@code pod}
   */
  static Party pod(Pod pod, IpAddress at) {
    Preconditions.checkArgument(
        pod.ips().contains(at), "expected an address of pod %s, found %s", pod.id(), at);
    boolean dualStack = pod.ips().stream().anyMatch(a -> a.version() != at.version());
    return dualStack ? new PodParty(pod, OptionalInt.of(at.version())) : new PodParty(pod);
  }

  /**
   * One address outside the cluster's pods.
   *
   * @param address the address
   * @return the party
   */
  static Party address(IpAddress address) {
    return new Outside(Range.singleton(address));
  }

  /**
   * A range of addresses outside the cluster's pods that every policy treats alike (an "atom"),
   * judged as one.
   *
   * @param addresses a closed range of one IP family
   * @return the party
   */
  static Party addresses(Range<IpAddress> addresses) {
    return new Outside(addresses);
  }

  /**
   * The pod, if this end is one.
   *
   * @return the pod, or empty for addresses
   */
  Optional<Pod> asPod();

  /**
   * A pod of the cluster.
   *
   * @param pod the pod
   * @param family the IP version (4 or 6) the connection uses when the pod was named by one of
   *     its addresses; empty when named as a pod (then every family both ends have is judged)
   */
  record PodParty(Pod pod, OptionalInt family) implements Party {

    /**
     * A pod named as a pod, in no particular IP family.
     *
     * @param pod the pod
     */
    public PodParty(Pod pod) {
      this(pod, OptionalInt.empty());
    }

    @Override
    public Optional<Pod> asPod() {
      return Optional.of(pod);
    }

    /** Returns the pod's {@code namespace/name}. */
    @Override
    public String toString() {
      return pod.id();
    }
  }

  /**
   * Addresses outside the cluster's pods, all treated alike by every policy, so that the first
   * one stands for all.
   *
   * @param addresses a closed range of addresses of one IP family
   */
  record Outside(Range<IpAddress> addresses) implements Party {

    /**
     * Checks the range is closed and within one family.
     *
     * @param addresses the range
     */
    public Outside {
      Preconditions.checkArgument(
          addresses.hasLowerBound()
              && addresses.hasUpperBound()
              && addresses.lowerBoundType() == BoundType.CLOSED
              && addresses.upperBoundType() == BoundType.CLOSED
              && addresses.lowerEndpoint().version() == addresses.upperEndpoint().version(),
          "expected a closed range of addresses of one family, found %s",
          addresses);
    }

    /**
     * The address that stands for the range: its first.
     *
     * @return the first address
     */
    public IpAddress representative() {
      return addresses.lowerEndpoint();
    }

    @Override
    public Optional<Pod> asPod() {
      return Optional.empty();
    }

    /**
     * Returns one address ({@code 8.8.8.8}), a CIDR when the range is exactly one ({@code
     * 10.0.0.0/8}), or {@code first-last}.
     */
    @Override
    public String toString() {
      return AddressRanges.format(addresses);
    }
  }
}
