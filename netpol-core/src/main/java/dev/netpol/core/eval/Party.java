package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One end of a connection: a pod of the cluster, or addresses outside the cluster's pods.
 *
 * <pre>{@code
 * Party.pod(frontend);                                  // default/frontend-0
 * Party.address(IpAddress.parse("8.8.8.8"));            // 8.8.8.8
 * Party.addresses(Cidr.parse("10.0.0.0/8").range());    // 10.0.0.0/8, judged as one
 * Party.domain("api.example.com");                      // a DNS name, as a destination
 * }</pre>
 */
public sealed interface Party permits Party.PodParty, Party.Outside, Party.Domain {

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
   * A DNS name as the destination of a pod's egress (docs/cluster-policies.md#domain-names): what
   * {@code domainNames} peers match. netpol does not know the address it resolves to, so no
   * selector and no address block smaller than every IPv4 address matches it, and no ingress side
   * judges it.
   *
   * @param name a DNS name, e.g. {@code api.example.com}
   * @return the party
   * @throws IllegalArgumentException if it is not a DNS name ({@link Domain#Domain})
   */
  static Party domain(String name) {
    return new Domain(name);
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
   * A DNS name outside the cluster, as a destination (docs/cluster-policies.md#domain-names).
   *
   * @param name the name in lower case, without a trailing dot, e.g. {@code api.example.com}
   */
  record Domain(String name) implements Party {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Checks the name is a fully qualified DNS name: dot-separated labels of letters, digits and
     * hyphens, at least two labels, no wildcard; stores it in lower case without a trailing dot.
     *
     * @param name the name
     */
    public Domain {
      String n = name.toLowerCase(Locale.ROOT);
      n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
      String[] labels = n.split("\\.", -1);
      boolean valid = labels.length >= 2 && n.length() <= 253;
      for (String label : labels) {
        valid &= LABEL.matcher(label).matches();
      }
      Preconditions.checkArgument(
          valid,
          "expected a fully qualified DNS name such as api.example.com, found \"%s\"%s",
          name,
          name.startsWith("*") ? " (a wildcard belongs in a domainNames peer, not in the name"
              + " asked about)" : "");
      name = n;
    }

    @Override
    public Optional<Pod> asPod() {
      return Optional.empty();
    }

    /** Returns the name, e.g. {@code api.example.com}. */
    @Override
    public String toString() {
      return name;
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
