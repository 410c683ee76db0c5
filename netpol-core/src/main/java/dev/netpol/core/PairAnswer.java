package dev.netpol.core;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import java.util.Optional;

/**
 * The answer for one (source, destination) pair of a {@link ConnectionAnswer}: which of the ports
 * asked the pair may use and which it may not, with a verdict that explains each side.
 *
 * <pre>{@code
 * PairAnswer pair = cluster.answer(frontend, db, PortQuery.range(Protocol.TCP, 1, 65535))
 *     .pairs().get(0);
 * pair.allowedPorts();    // {TCP=[[5432..5432]]}
 * pair.deniedPorts();     // {TCP=[[1..5431], [5433..65535]]}
 * pair.explain(true);     // why some asked port is denied, with an example verdict
 * }</pre>
 *
 * <p>For a single port (or a named port, resolved on this pair's destination pod) exactly one of
 * the two sets holds that port, and {@link #explain(boolean)} is the verdict's explanation. A
 * Service destination's pair judges the translated target port.
 *
 * @param source the end opening connections
 * @param destination the end accepting them
 * @param allowedPorts the ports asked that are allowed, per protocol, as closed ranges
 *     ({@code [5430..5431]}); only non-empty sets
 * @param deniedPorts the ports asked that are denied, per protocol, as closed ranges; only
 *     non-empty sets
 * @param allowedExample the verdict at the lowest allowed port, if any port asked is allowed
 * @param deniedExample the verdict at the lowest denied port, if any port asked is denied
 * @param onePort whether one port was asked of this pair (a single or a named port)
 * @param undefinedExample the verdict at the lowest port asked whose answer the API leaves
 *     undefined, because it depends on the order of equal-priority cluster-scoped policies
 *     (docs/cluster-policies.md#ties); empty when every answer is defined
 */
public record PairAnswer(
    Party source,
    Party destination,
    ImmutableMap<Protocol, ImmutableRangeSet<Integer>> allowedPorts,
    ImmutableMap<Protocol, ImmutableRangeSet<Integer>> deniedPorts,
    Optional<Verdict> allowedExample,
    Optional<Verdict> deniedExample,
    boolean onePort,
    Optional<Verdict> undefinedExample) {

  /**
   * Checks that each example is present exactly when its set is not empty.
   *
   * @param source the end opening connections
   * @param destination the end accepting them
   * @param allowedPorts the allowed ports asked
   * @param deniedPorts the denied ports asked
   * @param allowedExample the verdict at the lowest allowed port
   * @param deniedExample the verdict at the lowest denied port
   * @param onePort whether one port was asked
   * @param undefinedExample the verdict at the lowest port whose answer is undefined
   */
  public PairAnswer {
    Preconditions.checkArgument(
        allowedPorts.isEmpty() != allowedExample.isPresent()
            && deniedPorts.isEmpty() != deniedExample.isPresent(),
        "an example verdict goes with each non-empty port set");
    Preconditions.checkArgument(
        undefinedExample.map(Verdict::undefined).orElse(true),
        "the undefined example's answer must be undefined");
  }

  /**
   * A pair answer whose every answer is defined.
   *
   * @param source the end opening connections
   * @param destination the end accepting them
   * @param allowedPorts the allowed ports asked
   * @param deniedPorts the denied ports asked
   * @param allowedExample the verdict at the lowest allowed port
   * @param deniedExample the verdict at the lowest denied port
   * @param onePort whether one port was asked
   */
  public PairAnswer(
      Party source,
      Party destination,
      ImmutableMap<Protocol, ImmutableRangeSet<Integer>> allowedPorts,
      ImmutableMap<Protocol, ImmutableRangeSet<Integer>> deniedPorts,
      Optional<Verdict> allowedExample,
      Optional<Verdict> deniedExample,
      boolean onePort) {
    this(source, destination, allowedPorts, deniedPorts, allowedExample, deniedExample, onePort,
        Optional.empty());
  }

  /**
   * The answer for one port: the verdict decides which set holds it.
   *
   * @param verdict the verdict, on the port judged
   * @return the pair answer
   */
  static PairAnswer of(Verdict verdict) {
    ImmutableMap<Protocol, ImmutableRangeSet<Integer>> port = PortSets.of(verdict.port());
    boolean allowed = verdict.allowed();
    return new PairAnswer(
        verdict.source(),
        verdict.destination(),
        allowed ? port : ImmutableMap.of(),
        allowed ? ImmutableMap.of() : port,
        allowed ? Optional.of(verdict) : Optional.empty(),
        allowed ? Optional.empty() : Optional.of(verdict),
        true,
        verdict.undefined() ? Optional.of(verdict) : Optional.empty());
  }

  /**
   * Whether some port asked gets an answer the API leaves undefined: it depends on the order of
   * two cluster-scoped policies of one tier and priority (docs/cluster-policies.md#ties). Such a
   * pair breaks every expectation: a real cluster may answer either way.
   *
   * @return true if {@link #undefinedExample()} is present
   */
  public boolean undefined() {
    return undefinedExample.isPresent();
  }

  /**
   * The cluster-scoped policies whose undefined order makes this pair's answer undefined, at the
   * port of {@link #undefinedExample()}.
   *
   * @return the tied policies; empty if every answer is defined
   */
  public ImmutableList<ClusterPolicy> tiedPolicies() {
    return undefinedExample.map(Verdict::tiedPolicies).orElse(ImmutableList.of());
  }

  /**
   * Whether every port asked is allowed.
   *
   * @return true if no port asked is denied
   */
  public boolean allowed() {
    return deniedPorts.isEmpty();
  }

  /**
   * Whether every port asked is denied.
   *
   * @return true if no port asked is allowed
   */
  public boolean denied() {
    return allowedPorts.isEmpty();
  }

  /**
   * Whether the pair breaks an expectation.
   *
   * @param expectAllowed true to expect every port asked allowed, false to expect all denied
   * @return true if some port asked gets the other answer
   */
  public boolean breaks(boolean expectAllowed) {
    return undefined() || (expectAllowed ? !allowed() : !denied());
  }

  /**
   * Why the pair breaks an expectation. For one port, the verdict's explanation; for a set of
   * ports, a line naming the offending ports, then the explanation at the lowest of them (a pair
   * whose answer is {@linkplain #undefined() undefined} is explained at that port first):
   *
   * <pre>{@code
   * default/frontend-0 -> default/db-0: denied on TCP/1-5431, TCP/5433-65535; for example:
   * default/frontend-0 -> default/db-0 on TCP/1: DENIED
   *   ...
   * }</pre>
   *
   * @param expectAllowed the expectation the pair breaks
   * @return multi-line text, without a trailing newline
   * @throws IllegalStateException if the pair does not break the expectation
   */
  public String explain(boolean expectAllowed) {
    Preconditions.checkState(breaks(expectAllowed), "%s does not break the expectation", this);
    if (undefined()) {
      Verdict undefinedAt = undefinedExample.orElseThrow();
      return onePort
          ? undefinedAt.explain()
          : source + " -> " + destination + ": undefined on " + undefinedAt.port()
              + "; for example:\n" + undefinedAt.explain();
    }
    Verdict example = (expectAllowed ? deniedExample : allowedExample).orElseThrow();
    if (onePort) {
      return example.explain();
    }
    return source
        + " -> "
        + destination
        + ": "
        + (expectAllowed ? "denied" : "allowed")
        + " on "
        + PortSets.format(expectAllowed ? deniedPorts : allowedPorts)
        + "; for example:\n"
        + example.explain();
  }

  /** Returns e.g. {@code default/frontend-0 -> default/db-0: allowed TCP/5432}. */
  @Override
  public String toString() {
    return source
        + " -> "
        + destination
        + ": allowed "
        + (allowedPorts.isEmpty() ? "nothing" : PortSets.format(allowedPorts))
        + ", denied "
        + (deniedPorts.isEmpty() ? "nothing" : PortSets.format(deniedPorts));
  }
}
