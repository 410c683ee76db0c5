package dev.netpol.core.eval;

import com.google.common.base.Preconditions;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.DiscreteDomain;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reference semantics of Kubernetes NetworkPolicy, one question at a time, written to be read
 * next to docs/semantics.md rule by rule. It is the oracle every faster answer is checked against.
 *
 * <pre>{@code
 * Evaluator evaluator = cluster.evaluator();              // EvaluationOptions.defaults()
 * Verdict v = evaluator.evaluate(frontend, backend, Port.tcp(80));
 * v.allowed();
 * evaluator.allowedPorts(frontend, db, Protocol.TCP).isEmpty();   // every TCP port denied?
 * }</pre>
 *
 * <p>Addresses: an address that belongs to a pod of the cluster is judged as that pod. The
 * address sets ({@link #allowedDestinations}, {@link #allowedSources}, {@link #addressAtoms})
 * answer for addresses <em>outside</em> the cluster's pods and leave pod addresses out: to ask
 * about pods, name them.
 *
 * <p>Dual-stack pods: a connection uses one IP family at both ends (IPv4 from an IPv4 address to
 * an IPv4 address, or IPv6 likewise), so an {@code ipBlock} judging a pod end sees only that end's
 * addresses of the connection's family. Between two pods, the families judged are those in which
 * both have an address, and the pair is allowed iff some such family has egress and ingress both
 * allowing it ({@link Verdict#family()}, {@link Verdict#otherFamily()}): a client with {@code
 * 10.0.0.1} and {@code fd00::1} whose egress allows only {@code 10.0.0.0/8} cannot reach a server
 * with {@code 10.0.0.2} and {@code fd00::2} whose ingress allows only {@code fd00::/8}. A pod
 * named by one of its addresses ({@link #evaluate(Pod, IpAddress, Port)}, {@link Party#pod(Pod,
 * IpAddress)}) is reached in that address's family. Two pods sharing no family (one has no
 * address, or one is IPv4-only and the other IPv6-only) are judged with no {@code ipBlock}
 * matching either pod. In a single-stack cluster this changes nothing.
 */
public final class Evaluator {
  private static final ImmutableRangeSet<Integer> ALL_PORTS =
      ImmutableRangeSet.of(Range.closed(Port.MIN, Port.MAX));

  private final Cluster cluster;
  private final EvaluationOptions options;
  private final Clauses clauses;
  private final Tiers tiers;

  /**
   * An evaluator for a cluster snapshot: the same as {@code cluster.evaluator(options)}, which is
   * the documented way to get one ({@link Cluster#evaluator(EvaluationOptions)}).
   *
   * @param cluster the cluster
   * @param options the plugin-defined behaviours (docs/semantics.md#plugin-options)
   */
  public Evaluator(Cluster cluster, EvaluationOptions options) {
    this.cluster = cluster;
    this.options = options;
    this.clauses = new Clauses(cluster, options);
    this.tiers = new Tiers(cluster);
  }

  /**
   * The options this evaluator applies.
   *
   * @return the options
   */
  public EvaluationOptions options() {
    return options;
  }

  // ---------------------------------------------------------------- single connections 

  /**
   * May one pod connect to another (docs/semantics.md#both-ends: the source's egress and the
   * destination's ingress must
   * both allow it)?
   *
   * @param source the pod opening the connection
   * @param destination the pod accepting it
   * @param port the destination port
   * @return the verdict with its reasons
   */
  public Verdict evaluate(Pod source, Pod destination, Port port) {
    return evaluate(Party.pod(source), Party.pod(destination), port);
  }

  /**
   * May a pod connect to an address? If the address belongs to a pod of the cluster, this is the
   * pod-to-pod question; otherwise only the source's egress counts (docs/semantics.md#both-ends).
   *
   * @param source the pod opening the connection
   * @param destination the address
   * @param port the destination port
   * @return the verdict
   */
  public Verdict evaluate(Pod source, IpAddress destination, Port port) {
    return evaluate(Party.pod(source), asParty(destination), port);
  }

  /**
   * May an address connect to a pod? If the address belongs to a pod of the cluster, this is the
   * pod-to-pod question; otherwise only the destination's ingress counts
   * (docs/semantics.md#both-ends).
   *
   * @param source the address opening the connection
   * @param destination the pod accepting it
   * @param port the destination port
   * @return the verdict
   */
  public Verdict evaluate(IpAddress source, Pod destination, Port port) {
    return evaluate(asParty(source), Party.pod(destination), port);
  }

  /**
   * The general form: either end a pod or addresses outside the cluster's pods (an {@link
   * Party.Outside} range is judged by its first address, which is exact for the ranges of {@link
   * #addressAtoms}); the destination may also be a DNS name ({@link Party.Domain}), which only the
   * source's egress judges (docs/cluster-policies.md#domain-names).
   *
   * @param source the end opening the connection
   * @param destination the end accepting it
   * @param port the destination port
   * @return the verdict
   * @throws IllegalArgumentException if neither end is a pod: no NetworkPolicy could judge that;
   *     or if the source is a DNS name
   */
  public Verdict evaluate(Party source, Party destination, Port port) {
    requireAPod(source, destination);
    requireNoDomainSource(source);
    if (isSelfTraffic(source, destination)) {
      return new Verdict(
          source,
          destination,
          port,
          new DirectionVerdict.SelfTrafficAllowed(PolicyType.EGRESS),
          new DirectionVerdict.SelfTrafficAllowed(PolicyType.INGRESS),
          Optional.empty());
    }
    List<Integer> families = families(source, destination);
    boolean shown = isDualStack(source) || isDualStack(destination);
    Verdict first = judge(source, destination, port, families.get(0), shown);
    if (families.size() == 1) {
      return first;
    }
    Verdict second = judge(source, destination, port, families.get(1), shown);
    Verdict primary = first.allowed() || !second.allowed() ? first : second;
    Verdict other = primary == first ? second : first;
    return new Verdict(
        source,
        destination,
        port,
        primary.egress(),
        primary.ingress(),
        Optional.empty(),
        primary.family(),
        Optional.of(other));
  }

  /** Both sides in one IP family ({@code family}: 4, 6 or {@link Clauses#NO_FAMILY}). */
  private Verdict judge(Party source, Party destination, Port port, int family, boolean shown) {
    Optional<Pod> destinationPod = destination.asPod();
    DirectionVerdict egress =
        source.asPod()
            .map(pod -> side(pod, PolicyType.EGRESS, destination, destinationPod, port, family))
            .orElse(new DirectionVerdict.NotApplicable(PolicyType.EGRESS));
    DirectionVerdict ingress =
        destinationPod
            .map(pod -> side(pod, PolicyType.INGRESS, source, destinationPod, port, family))
            .orElse(new DirectionVerdict.NotApplicable(PolicyType.INGRESS));
    OptionalInt judged =
        shown && family != Clauses.NO_FAMILY ? OptionalInt.of(family) : OptionalInt.empty();
    return new Verdict(
        source, destination, port, egress, ingress, Optional.empty(), judged, Optional.empty());
  }

  /**
   * The IP versions a connection between the ends can use, ascending: for two pods those in which
   * both have an address ({@link Clauses#NO_FAMILY} if none); with an end outside the cluster the
   * pod's own addresses are never looked at, so one judgement.
   */
  private static List<Integer> families(Party source, Party destination) {
    if (source instanceof Party.PodParty && destination instanceof Party.PodParty) {
      List<Integer> common = new ArrayList<>();
      for (int version : new int[] {4, 6}) {
        if (hasFamily((Party.PodParty) source, version)
            && hasFamily((Party.PodParty) destination, version)) {
          common.add(version);
        }
      }
      return common.isEmpty() ? List.of(Clauses.NO_FAMILY) : common;
    }
    return List.of(Clauses.NO_FAMILY);
  }

  private static boolean hasFamily(Party.PodParty party, int version) {
    if (party.family().isPresent()) {
      return party.family().getAsInt() == version;
    }
    return party.pod().ips().stream().anyMatch(a -> a.version() == version);
  }

  private static boolean isDualStack(Party party) {
    if (!(party instanceof Party.PodParty)) {
      return false;
    }
    List<IpAddress> ips = ((Party.PodParty) party).pod().ips();
    return ips.stream().anyMatch(IpAddress::isIpv4) && ips.stream().anyMatch(a -> !a.isIpv4());
  }

  private Party asParty(IpAddress address) {
    return cluster.podAt(address).map(p -> Party.pod(p, address)).orElse(Party.address(address));
  }

  /** A pod to itself is judged like any pair unless the option says otherwise. */
  /** Only a connection with a pod at one end or both is something a NetworkPolicy judges. */
  private static void requireAPod(Party source, Party destination) {
    Preconditions.checkArgument(
        source.asPod().isPresent() || destination.asPod().isPresent(),
        "cannot judge %s -> %s: neither end is a pod of the cluster",
        source,
        destination);
  }

  /** A DNS name is a destination only: {@code domainNames} peers are egress-only. */
  private static void requireNoDomainSource(Party source) {
    Preconditions.checkArgument(
        !(source instanceof Party.Domain),
        "cannot judge a connection from %s: a DNS name is a destination only (domainNames peers"
            + " are egress-only); ask from the address with Party.address(...)",
        source);
  }

  private boolean isSelfTraffic(Party source, Party destination) {
    return options.selfTrafficAlwaysAllowed()
        && source.asPod().isPresent()
        && source.asPod().equals(destination.asPod());
  }

  /**
   * One side: {@code pod}'s egress (other = destination) or ingress (other = source). Port clauses
   * resolve named ports on the destination pod whichever side is judged (docs/semantics.md#ports).
   */
  private DirectionVerdict side(
      Pod pod,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Port port,
      int family) {
    DirectionVerdict networkPolicy =
        networkPolicySide(pod, direction, other, destination, port, family);
    boolean hairpin = isHairpin(pod, other);
    ImmutableList<ClusterPolicy> exempt =
        hairpin ? tiers.hairpinExempt(pod, direction) : ImmutableList.of();
    if (!tiers.apply(pod, direction, hairpin) && exempt.isEmpty()) {
      return networkPolicy;
    }
    // docs/cluster-policies.md#layers: Admin, then NetworkPolicy, then Baseline, then allow.
    TierOutcome admin =
        tiers.walk(Tier.ADMIN, pod, direction, other, destination, port, family, hairpin);
    Supplier<TierOutcome> baselineWalk =
        Suppliers.memoize(
            () ->
                tiers.walk(
                    Tier.BASELINE, pod, direction, other, destination, port, family, hairpin));
    boolean undefined = orderDependent(admin, networkPolicy, baselineWalk);
    if (admin.decides()) {
      return new DirectionVerdict.Layered(
          direction, admin, Optional.empty(), Optional.empty(), admin.accepts(), undefined,
          exempt);
    }
    if (isolates(networkPolicy)) {
      return new DirectionVerdict.Layered(
          direction,
          admin,
          Optional.of(networkPolicy),
          Optional.empty(),
          networkPolicy.allows(),
          undefined,
          exempt);
    }
    TierOutcome baseline = baselineWalk.get();
    return new DirectionVerdict.Layered(
        direction,
        admin,
        Optional.of(networkPolicy),
        Optional.of(baseline),
        !baseline.decides() || baseline.accepts(),
        undefined,
        exempt);
  }

  /**
   * Whether the side's answer depends on the order of equal-priority policies
   * (docs/cluster-policies.md#ties): the answers reachable from every rule each tier may have
   * applied include both allowed and denied.
   */
  private static boolean orderDependent(
      TierOutcome admin, DirectionVerdict networkPolicy, Supplier<TierOutcome> baseline) {
    if (!admin.tied() && (admin.decides() || isolates(networkPolicy) || !baseline.get().tied())) {
      return false;
    }
    Set<Boolean> answers = new HashSet<>();
    for (Optional<ClusterMatch> a : options(admin)) {
      ClusterRuleAction action = a.map(m -> m.rule().action()).orElse(ClusterRuleAction.PASS);
      if (action != ClusterRuleAction.PASS) {
        answers.add(action == ClusterRuleAction.ACCEPT);
      } else if (isolates(networkPolicy)) {
        answers.add(networkPolicy.allows());
      } else {
        for (Optional<ClusterMatch> b : options(baseline.get())) {
          answers.add(b.map(m -> m.rule().action() != ClusterRuleAction.DENY).orElse(true));
        }
      }
    }
    return answers.size() > 1;
  }

  /** Each rule a tier may have applied, or nothing when no rule matched. */
  private static List<Optional<ClusterMatch>> options(TierOutcome outcome) {
    if (outcome.match().isEmpty()) {
      return List.of(Optional.empty());
    }
    return outcome.possibleMatches().stream().map(Optional::of).collect(Collectors.toList());
  }

  private static boolean isolates(DirectionVerdict networkPolicy) {
    return networkPolicy instanceof DirectionVerdict.Allowed
        || networkPolicy instanceof DirectionVerdict.Denied;
  }

  /** A pod's connection to its own pod address (docs/cluster-policies.md#hairpin). */
  private static boolean isHairpin(Pod pod, Party other) {
    return other.asPod().filter(pod::equals).isPresent();
  }

  /** The NetworkPolicy layer of one side, as docs/semantics.md describes it. */
  private DirectionVerdict networkPolicySide(
      Pod pod,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Port port,
      int family) {
    ImmutableList<NetworkPolicy> isolating = isolatingPolicies(pod, direction);
    ImmutableList<NetworkPolicy> ignoring = ignoringPolicies(pod, direction);
    if (isolating.isEmpty()) {
      // No policy selects a host-network pod: say so rather than "no policy isolates it".
      return new DirectionVerdict.NotIsolated(direction, pod.hostNetwork(), ignoring);
    }
    ImmutableList.Builder<RuleRef> admitting = ImmutableList.builder();
    ImmutableList.Builder<PolicyDenial> denials = ImmutableList.builder();
    for (NetworkPolicy policy : isolating) {
      List<RuleCheck> checks = checkRules(policy, direction, other, destination, port, family);
      boolean admitted = false;
      for (RuleCheck check : checks) {
        if (check.admits()) {
          admitting.add(new RuleRef(policy, check));
          admitted = true;
        }
      }
      if (!admitted) {
        denials.add(new PolicyDenial(policy, direction, closest(checks)));
      }
    }
    ImmutableList<RuleRef> admittedBy = admitting.build();
    if (!admittedBy.isEmpty()) {
      // Union: one admitting rule of any selecting policy suffices.
      return new DirectionVerdict.Allowed(direction, admittedBy);
    }
    return new DirectionVerdict.Denied(direction, denials.build(), ignoring);
  }

  /**
   * The policies of the pod's own namespace that select it and whose effective
   * policyTypes include the direction, by name.
   */
  private ImmutableList<NetworkPolicy> isolatingPolicies(Pod pod, PolicyType direction) {
    return selecting(pod).stream()
        .filter(p -> p.isolates(direction))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The policyTypes trap: policies selecting the pod with rules written for a direction they
   * ignore.
   */
  private ImmutableList<NetworkPolicy> ignoringPolicies(Pod pod, PolicyType direction) {
    return selecting(pod).stream()
        .filter(p -> p.ignoresWrittenRules(direction))
        .collect(ImmutableList.toImmutableList());
  }

  private List<NetworkPolicy> selecting(Pod pod) {
    List<NetworkPolicy> result = new ArrayList<>();
    for (NetworkPolicy p : cluster.policiesIn(pod.namespace())) {
      if (p.selects(pod)) {
        result.add(p);
      }
    }
    result.sort(Comparator.comparing(NetworkPolicy::name));
    return result;
  }

  /** Each effective rule's peer entries against the other end, port entries against port. */
  private List<RuleCheck> checkRules(
      NetworkPolicy policy,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Port port,
      int family) {
    List<NetworkPolicyRule> rules = policy.rules(direction);
    List<RuleCheck> checks = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      NetworkPolicyRule rule = rules.get(i);
      ImmutableList.Builder<ClauseCheck> peers = ImmutableList.builder();
      for (int j = 0; j < rule.peers().size(); j++) {
        peers.add(clauses.peer(j, rule.peers().get(j), policy.namespace(), other, family));
      }
      ImmutableList.Builder<ClauseCheck> ports = ImmutableList.builder();
      for (int j = 0; j < rule.ports().size(); j++) {
        ports.add(Clauses.port(j, rule.ports().get(j), port, destination));
      }
      checks.add(new RuleCheck(direction, i, peers.build(), ports.build()));
    }
    return checks;
  }

  /** The rule with the most satisfied clauses; the first on a tie. */
  private static Optional<RuleCheck> closest(List<RuleCheck> checks) {
    RuleCheck best = null;
    for (RuleCheck c : checks) {
      if (best == null || c.satisfiedClauses() > best.satisfiedClauses()) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  // ---------------------------------------------------------------- exact sets (section 4)

  /**
   * Exactly the port numbers of one protocol on which {@code source} may connect to {@code
   * destination}: the union of the port sets of the rules whose peers match, on each side, the
   * egress side intersected with the ingress side. No port is sampled.
   *
   * <pre>{@code
   * evaluator.allowedPorts(frontend, db, Protocol.TCP).isEmpty();   // every TCP port denied
   * }</pre>
   *
   * @param source the pod opening connections
   * @param destination the pod accepting them
   * @param protocol the protocol
   * @return the allowed port numbers, within 1..65535
   */
  public ImmutableRangeSet<Integer> allowedPorts(Pod source, Pod destination, Protocol protocol) {
    return allowedPorts(Party.pod(source), Party.pod(destination), protocol);
  }

  /**
   * As {@link #allowedPorts(Pod, Pod, Protocol)}, where one end may be addresses outside the
   * cluster's pods: then only the pod's side counts (docs/semantics.md#both-ends), and a named
   * port never matches toward
   * an outside destination (docs/semantics.md#ports). An {@link Party.Outside} range is judged by
   * its first address,
   * which is exact for the ranges of {@link #addressAtoms}.
   *
   * <pre>{@code
   * evaluator.allowedPorts(Party.pod(frontend), Party.address(ip), Protocol.UDP);
   * // e.g. [[53..53]]
   * }</pre>
   *
   * @param source the end opening connections
   * @param destination the end accepting them
   * @param protocol the protocol
   * @return the allowed port numbers, within 1..65535
   * @throws IllegalArgumentException if neither end is a pod
   */
  public ImmutableRangeSet<Integer> allowedPorts(
      Party source, Party destination, Protocol protocol) {
    requireAPod(source, destination);
    requireNoDomainSource(source);
    if (isSelfTraffic(source, destination)) {
      return ALL_PORTS;
    }
    Optional<Pod> dest = destination.asPod();
    TreeRangeSet<Integer> union = TreeRangeSet.create();
    for (int family : families(source, destination)) {
      RangeSet<Integer> egress =
          source.asPod()
              .map(pod -> sidePorts(pod, PolicyType.EGRESS, destination, dest, protocol, family))
              .orElse(ALL_PORTS);
      RangeSet<Integer> ingress =
          dest.map(pod -> sidePorts(pod, PolicyType.INGRESS, source, dest, protocol, family))
              .orElse(ALL_PORTS);
      TreeRangeSet<Integer> both = TreeRangeSet.create(egress);
      both.removeAll(ingress.complement());
      union.addAll(both);
    }
    return ImmutableRangeSet.copyOf(union);
  }

  private RangeSet<Integer> sidePorts(
      Pod pod,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Protocol protocol,
      int family) {
    RangeSet<Integer> networkPolicy =
        networkPolicyPorts(pod, direction, other, destination, protocol, family);
    boolean hairpin = isHairpin(pod, other);
    if (!tiers.apply(pod, direction, hairpin)) {
      return networkPolicy;
    }
    Function<ClusterRule, RangeSet<Integer>> covered =
        rule -> tiers.ports(rule, other, destination, protocol, family);
    boolean isolated = !isolatingPolicies(pod, direction).isEmpty();
    return closedPorts(
        layered(pod, direction, hairpin, ALL_PORTS, networkPolicy, isolated, covered));
  }

  /** Port numbers as closed ranges ({@code [10000..65535]}, not {@code (9999..65535]}). */
  private static RangeSet<Integer> closedPorts(RangeSet<Integer> ports) {
    TreeRangeSet<Integer> closed = TreeRangeSet.create();
    for (Range<Integer> r : ports.asRanges()) {
      Range<Integer> c = r.canonical(DiscreteDomain.integers());
      if (!c.isEmpty()) {
        closed.add(Range.closed(c.lowerEndpoint(), c.upperEndpoint() - 1));
      }
    }
    return closed;
  }

  /**
   * The layers over a set (docs/cluster-policies.md#layers): what the Admin tier accepts, then of
   * what it passes or leaves, what NetworkPolicy allows if it isolates the pod, else what the
   * Baseline tier accepts, passes or leaves (the default allows those).
   */
  private <C extends Comparable<?>> RangeSet<C> layered(
      Pod pod,
      PolicyType direction,
      boolean hairpin,
      RangeSet<C> universe,
      RangeSet<C> networkPolicy,
      boolean isolated,
      Function<ClusterRule, RangeSet<C>> covered) {
    Tiers.Split<C> admin =
        tiers.walkSet(Tier.ADMIN, pod, direction, hairpin, universe, covered);
    TreeRangeSet<C> allowed = TreeRangeSet.create(admin.accepted());
    if (isolated) {
      TreeRangeSet<C> onward = TreeRangeSet.create(admin.onward());
      onward.removeAll(networkPolicy.complement());
      allowed.addAll(onward);
      return allowed;
    }
    Tiers.Split<C> baseline =
        tiers.walkSet(Tier.BASELINE, pod, direction, hairpin, admin.onward(), covered);
    allowed.addAll(baseline.accepted());
    allowed.addAll(baseline.onward());
    return allowed;
  }

  private RangeSet<Integer> networkPolicyPorts(
      Pod pod,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Protocol protocol,
      int family) {
    ImmutableList<NetworkPolicy> isolating = isolatingPolicies(pod, direction);
    if (isolating.isEmpty()) {
      return ALL_PORTS;
    }
    TreeRangeSet<Integer> allowed = TreeRangeSet.create();
    for (NetworkPolicy policy : isolating) {
      for (NetworkPolicyRule rule : policy.rules(direction)) {
        if (peersMatch(rule, policy, other, family)) {
          allowed.addAll(rule.portNumbers(protocol, destination));
        }
      }
    }
    return allowed;
  }

  private boolean peersMatch(
      NetworkPolicyRule rule, NetworkPolicy policy, Party other, int family) {
    if (rule.allPeers()) {
      return true;
    }
    for (int j = 0; j < rule.peers().size(); j++) {
      if (clauses.admits(rule.peers().get(j), policy.namespace(), other, family)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Exactly which addresses of a block outside the cluster's pods {@code source} may connect to
   * on a port: only the source's egress counts (docs/semantics.md#both-ends). Addresses of the
   * cluster's (non
   * host-network) pods are left out of the answer: ask about those pods by name.
   *
   * <pre>{@code
   * ImmutableRangeSet<IpAddress> out =
   *     evaluator.allowedDestinations(frontend, Port.tcp(443), Cidr.parse("0.0.0.0/0"));
   * out.contains(IpAddress.parse("8.8.8.8"));   // true
   * Cidr.format(out);   // e.g. "0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, ..."
   * }</pre>
   *
   * @param source the pod opening connections
   * @param port the destination port
   * @param within the block asked about
   * @return the allowed addresses, as closed ranges
   */
  public ImmutableRangeSet<IpAddress> allowedDestinations(Pod source, Port port, Cidr within) {
    return allowedOutside(source, PolicyType.EGRESS, port, Optional.empty(), within);
  }

  /**
   * Exactly which addresses of a block outside the cluster's pods may connect to {@code
   * destination} on a port: only the destination's ingress counts (docs/semantics.md#both-ends).
   * Addresses of the
   * cluster's (non host-network) pods are left out of the answer.
   *
   * @param destination the pod accepting connections
   * @param port the destination port
   * @param within the block asked about
   * @return the allowed source addresses, as closed ranges
   */
  public ImmutableRangeSet<IpAddress> allowedSources(Pod destination, Port port, Cidr within) {
    return allowedOutside(destination, PolicyType.INGRESS, port, Optional.of(destination), within);
  }

  private ImmutableRangeSet<IpAddress> allowedOutside(
      Pod pod, PolicyType direction, Port port, Optional<Pod> destination, Cidr within) {
    RangeSet<IpAddress> outside = outsideAddresses(within);
    RangeSet<IpAddress> networkPolicy = networkPolicyOutside(pod, direction, port, destination);
    TreeRangeSet<IpAddress> result = TreeRangeSet.create(networkPolicy);
    if (tiers.apply(pod, direction, false)) {
      Function<ClusterRule, RangeSet<IpAddress>> covered =
          rule -> tiers.addresses(rule, port, destination, within.range());
      boolean isolated = !isolatingPolicies(pod, direction).isEmpty();
      result =
          TreeRangeSet.create(
              layered(pod, direction, false, outside, networkPolicy, isolated, covered));
    }
    result.removeAll(outside.complement());
    return AddressRanges.closed(result);
  }

  /** What NetworkPolicy allows of all addresses: everything if no policy isolates the pod. */
  private RangeSet<IpAddress> networkPolicyOutside(
      Pod pod, PolicyType direction, Port port, Optional<Pod> destination) {
    ImmutableList<NetworkPolicy> isolating = isolatingPolicies(pod, direction);
    if (isolating.isEmpty()) {
      TreeRangeSet<IpAddress> all = TreeRangeSet.create();
      all.add(Cidr.parse("0.0.0.0/0").range());
      all.add(Cidr.parse("::/0").range());
      return all;
    }
    TreeRangeSet<IpAddress> allowed = TreeRangeSet.create();
    for (NetworkPolicy policy : isolating) {
      for (NetworkPolicyRule rule : policy.rules(direction)) {
        if (rule.admitsPort(port, destination)) {
          allowed.addAll(rule.outsideAddresses());
        }
      }
    }
    return allowed;
  }

  /** The block without the addresses of the cluster's (non host-network) pods. */
  private RangeSet<IpAddress> outsideAddresses(Cidr within) {
    TreeRangeSet<IpAddress> set = TreeRangeSet.create();
    set.add(within.range());
    for (Pod pod : cluster.pods()) {
      for (IpAddress ip : pod.ips()) {
        if (cluster.podAt(ip).isPresent()) {
          set.remove(Range.singleton(ip));
        }
      }
    }
    return set;
  }

  /**
   * The block's addresses outside the cluster's pods, cut into the largest ranges that every
   * {@code ipBlock} of every policy treats alike ("atoms"): any address of an atom gets the same
   * verdict as any other, so judging {@link Party#addresses} of each atom answers for every
   * address of the block exactly.
   *
   * @param within the block
   * @return the atoms, in address order
   */
  public ImmutableList<Range<IpAddress>> addressAtoms(Cidr within) {
    TreeSet<IpAddress> cuts = new TreeSet<>();
    for (NetworkPolicy policy : cluster.policies()) {
      for (PolicyType direction : PolicyType.values()) {
        for (NetworkPolicyRule rule : policy.rules(direction)) {
          for (NetworkPolicyPeer peer : rule.peers()) {
            if (peer instanceof IpBlockPeer) {
              IpBlockPeer block = (IpBlockPeer) peer;
              addCuts(cuts, block.cidr());
              block.except().forEach(e -> addCuts(cuts, e));
            }
          }
        }
      }
    }
    for (Range<IpAddress> block : tiers.addressBlocks()) {
      addCuts(cuts, block.lowerEndpoint(), block.upperEndpoint());
    }
    ImmutableList.Builder<Range<IpAddress>> atoms = ImmutableList.builder();
    for (Range<IpAddress> range : AddressRanges.closed(outsideAddresses(within)).asRanges()) {
      IpAddress start = range.lowerEndpoint();
      for (IpAddress cut : cuts.subSet(start, false, range.upperEndpoint(), true)) {
        atoms.add(Range.closed(start, cut.plus(-1)));
        start = cut;
      }
      atoms.add(Range.closed(start, range.upperEndpoint()));
    }
    return atoms.build();
  }

  /** An atom starts at each block's first address and right after its last. */
  private static void addCuts(TreeSet<IpAddress> cuts, Cidr block) {
    addCuts(cuts, block.network(), block.last());
  }

  private static void addCuts(TreeSet<IpAddress> cuts, IpAddress first, IpAddress last) {
    cuts.add(first);
    BigInteger max = BigInteger.ONE.shiftLeft(last.bits()).subtract(BigInteger.ONE);
    if (!last.value().equals(max)) {
      cuts.add(last.plus(1));
    }
  }
}
