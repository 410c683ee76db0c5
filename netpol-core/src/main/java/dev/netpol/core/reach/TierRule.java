package dev.netpol.core.reach;

import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a cluster-scoped policy compiled against the pod classes
 * (docs/cluster-policies.md#layers): the classes its policy applies to (the subjects), the classes
 * its peers match, the addresses outside the pods they match, and its port filter. Rules are kept
 * in the order their tier consults them, so the first rule to touch a cell decides it.
 */
final class TierRule {
  final ClusterPolicy policy;
  final ClusterRule rule;
  final ClusterRuleAction action;
  /** The classes the policy selects (for egress: sources; for ingress: destinations). */
  final long[] subjects;
  /** The subjects that another policy of the same tier and priority also applies to. */
  final long[] tiedSubjects;
  /** The classes some peer matches (for egress: destinations; for ingress: sources). */
  final long[] peers;
  /** The addresses outside the pods some peer matches. */
  final ImmutableRangeSet<IpAddress> outside;

  private final boolean hasNamedPorts;

  TierRule(
      ClusterPolicy policy,
      ClusterRule rule,
      long[] subjects,
      long[] tiedSubjects,
      long[] peers,
      ImmutableRangeSet<IpAddress> outside) {
    this.policy = policy;
    this.rule = rule;
    this.action = rule.action();
    this.subjects = subjects;
    this.tiedSubjects = tiedSubjects;
    this.peers = peers;
    this.outside = outside;
    this.hasNamedPorts = rule.ports().stream().anyMatch(p -> p instanceof ClusterPort.Named);
  }

  /** Whether the filter admits the port whatever the destination: no filter, or a number/range. */
  boolean numericPortsAdmit(Port port) {
    if (rule.ports().isEmpty()) {
      return true;
    }
    for (ClusterPort p : rule.ports()) {
      if (p instanceof ClusterPort.PortRange r && r.admits(port, java.util.Optional.empty())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the filter admits the port toward a destination class (names resolved on it). */
  boolean portsAdmit(Port port, int destinationClass, TierPlan plan) {
    if (numericPortsAdmit(port)) {
      return true;
    }
    if (!hasNamedPorts) {
      return false;
    }
    for (ClusterPort p : rule.ports()) {
      if (p instanceof ClusterPort.Named named) {
        long[] classes = plan.classesNaming(named.name(), port);
        if (classes != null && Bits.get(classes, destinationClass)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the filter can admit the port toward some destination. */
  boolean admitsSomewhere(Port port, TierPlan plan) {
    return admittedDestinations(port, plan, plan.all) != null;
  }

  /**
   * The destination classes toward which the filter admits the port: {@code all}, none (null), or
   * those that name a container port of that number and protocol as a named entry says.
   */
  long @Nullable [] admittedDestinations(Port port, TierPlan plan, long[] all) {
    if (numericPortsAdmit(port)) {
      return all;
    }
    if (!hasNamedPorts) {
      return null;
    }
    long[] out = null;
    for (ClusterPort p : rule.ports()) {
      if (p instanceof ClusterPort.Named named) {
        long[] classes = plan.classesNaming(named.name(), port);
        if (classes != null) {
          if (out == null) {
            out = classes.clone();
          } else {
            Bits.or(out, classes);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return policy + " " + rule;
  }
}
