package dev.netpol.core.eval;

import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one text rendering of a {@link Verdict}: stable (tests assert it exactly), two-space
 * indented, one line per fact. Assertion messages and reports reuse it.
 *
 * <pre>{@code
 * default/frontend-0 -> default/backend-1 on TCP/8080: DENIED
 *   egress of default/frontend-0: not isolated (no NetworkPolicy in default selects it for egress)
 *   ingress of default/backend-1: denied, isolated by 1 policy
 *     NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]
 *       from: matched (peer 0 {podSelector: app=frontend})
 *       ports: TCP/8080 is not in [TCP/80]
 * }</pre>
 *
 * <p>Between dual-stack pods the headline names the IP family judged ({@code ... on TCP/80 over
 * IPv6: ALLOWED}) and a line says what each family gave ({@code judged over IPv4 and IPv6:
 * allowed over IPv6, denied over IPv4}); when both deny, both families' sides follow, each after
 * an {@code over IPv4:} or {@code over IPv6:} line (once, if their reasons are the same).
 * Single-stack verdicts read exactly as above.
 */
public final class VerdictFormatter {
  private VerdictFormatter() {}

  /**
   * The first line: who, to whom, on what, and the answer.
   *
   * @param verdict the verdict
   * @return e.g. {@code default/a -> default/b on TCP/80: ALLOWED}
   */
  public static String headline(Verdict verdict) {
    return verdict.source()
        + " -> "
        + verdict.destination()
        + " on "
        + verdict.port()
        + verdict.via().map(v -> " (via " + v + ")").orElse("")
        + over(verdict)
        + ": "
        + (verdict.allowed() ? "ALLOWED" : "DENIED");
  }

  /**
   * The full explanation: the headline, then the source's egress and the destination's ingress.
   *
   * @param verdict the verdict
   * @return multi-line text without a trailing newline
   */
  public static String format(Verdict verdict) {
    StringBuilder out = new StringBuilder(headline(verdict));
    if (verdict.undefined()) {
      out.append("\n  ").append(undefinedReason(verdict));
    }
    if (verdict.otherFamily().isEmpty()) {
      sides(out, verdict);
      return out.toString();
    }
    Verdict other = verdict.otherFamily().get();
    out.append("\n  judged over IPv4 and IPv6: ");
    if (!verdict.allowed()) {
      out.append("denied in both");
      Verdict v4 = family(verdict) == 4 ? verdict : other;
      Verdict v6 = v4 == verdict ? other : verdict;
      StringBuilder sides4 = new StringBuilder();
      sides(sides4, v4);
      StringBuilder sides6 = new StringBuilder();
      sides(sides6, v6);
      if (sides4.toString().equals(sides6.toString())) {
        out.append(", for the same reasons").append(sides4);
      } else {
        out.append("\n  over IPv4:").append(sides4).append("\n  over IPv6:").append(sides6);
      }
      return out.toString();
    }
    if (other.allowed()) {
      out.append("allowed in both, explained over IPv").append(family(verdict));
    } else {
      out.append("allowed over IPv")
          .append(family(verdict))
          .append(", denied over IPv")
          .append(family(other));
    }
    sides(out, verdict);
    return out.toString();
  }

  private static void sides(StringBuilder out, Verdict verdict) {
    side(out, verdict.egress(), verdict.source(), verdict.destination(), verdict);
    side(out, verdict.ingress(), verdict.destination(), verdict.source(), verdict);
  }

  private static int family(Verdict verdict) {
    return verdict.family().orElse(0);
  }

  /** Which IP family was judged, for dual-stack pods; nothing for single-stack ones. */
  private static String over(Verdict verdict) {
    if (verdict.otherFamily().isPresent() && !verdict.allowed()) {
      return " over IPv4 and IPv6";
    }
    return verdict.family().isPresent() ? " over IPv" + verdict.family().getAsInt() : "";
  }

  private static void side(
      StringBuilder out, DirectionVerdict side, Party self, Party other, Verdict verdict) {
    String direction = word(side.direction());
    out.append("\n  ").append(direction).append(" of ").append(self).append(": ");
    if (side instanceof DirectionVerdict.Layered layered) {
      layered(out, layered, self, other, verdict);
    } else if (side instanceof DirectionVerdict.NotApplicable) {
      out.append("not applicable (outside the cluster)");
    } else if (side instanceof DirectionVerdict.SelfTrafficAllowed) {
      out.append("allowed (a pod's traffic to itself, option selfTrafficAlwaysAllowed)");
    } else if (side instanceof DirectionVerdict.NotIsolated) {
      DirectionVerdict.NotIsolated n = (DirectionVerdict.NotIsolated) side;
      if (n.hostNetwork()) {
        out.append("not isolated (host-network pod: no NetworkPolicy selects it)");
      } else {
        String ns = ((Party.PodParty) self).pod().namespace();
        out.append("not isolated (no NetworkPolicy in ")
            .append(ns)
            .append(" selects it for ")
            .append(direction)
            .append(")");
      }
      notes(out, n.ignoringPolicies(), side.direction());
    } else if (side instanceof DirectionVerdict.Allowed) {
      List<RuleRef> refs = ((DirectionVerdict.Allowed) side).admittedBy();
      out.append("allowed by ").append(refs.get(0));
      if (refs.size() > 1) {
        out.append(" (also ")
            .append(
                refs.subList(1, refs.size()).stream()
                    .map(r -> r.policy().id() + " " + r.ruleName())
                    .collect(Collectors.joining(", ")))
            .append(")");
      }
      clauses(out, refs.get(0).check(), other, verdict, "    ");
    } else {
      DirectionVerdict.Denied d = (DirectionVerdict.Denied) side;
      int n = d.policies().size();
      out.append("denied, isolated by ").append(n).append(n == 1 ? " policy" : " policies");
      for (PolicyDenial denial : d.policies()) {
        denial(out, denial, other, verdict);
      }
      notes(out, d.ignoringPolicies(), side.direction());
    }
  }

  /**
   * A side judged in layers (docs/cluster-policies.md#layers): a deciding Admin rule on the side's
   * line; otherwise the verdict, then one line per layer consulted, in order.
   */
  private static void layered(
      StringBuilder out, DirectionVerdict.Layered side, Party self, Party other, Verdict verdict) {
    if (side.admin().decides()) {
      decided(out, side.admin(), other, side.undefined());
      domainNamesNote(out, side.admin(), side.direction(), other);
      hairpinNote(out, side);
      return;
    }
    out.append(side.allows() ? "allowed" : "denied");
    out.append("\n    ").append(tierLine(side.admin(), other, side.undefined()));
    hairpinNote(out, side);
    domainNamesNote(out, side.admin(), side.direction(), other);
    side.networkPolicy()
        .ifPresent(
            np -> {
              StringBuilder inner = new StringBuilder();
              side(inner, np, self, other, verdict);
              String head = "\n  " + word(np.direction()) + " of " + self + ": ";
              String body = inner.substring(head.length()).replace("\n", "\n  ");
              out.append("\n    NetworkPolicy: ").append(body);
            });
    side.baseline()
        .ifPresent(
            b -> {
              out.append("\n    ").append(tierLine(b, other, side.undefined()));
              if (!b.decides()) {
                domainNamesNote(out, b, side.direction(), other);
              }
            });
    boolean undecided =
        side.networkPolicy().filter(np -> np instanceof DirectionVerdict.NotIsolated).isPresent()
            && side.baseline().filter(TierOutcome::decides).isEmpty();
    if (undecided) {
      out.append("\n    default: allowed (no layer decided)");
    }
  }

  /**
   * ClusterNetworkPolicies skipped because the connection is a pod's to its own pod address
   * (docs/cluster-policies.md#hairpin).
   */
  private static void hairpinNote(StringBuilder out, DirectionVerdict.Layered side) {
    if (side.hairpinExempt().isEmpty()) {
      return;
    }
    out.append("\n    hairpin: ")
        .append(side.hairpinExempt().stream().map(Object::toString)
            .collect(Collectors.joining(", ")))
        .append(side.hairpinExempt().size() == 1 ? " selects the pod but was" : " select the pod"
            + " but were")
        .append(" skipped: a ClusterNetworkPolicy does not judge a pod's connection to its own pod"
            + " address");
  }

  /** {@code DENIED by <policy> rule <name> (<action>): from matched <peer>}, and any tie. */
  private static void decided(
      StringBuilder out, TierOutcome outcome, Party other, boolean undefined) {
    ClusterMatch m = outcome.match().orElseThrow();
    out.append(outcome.accepts() ? "ALLOWED" : "DENIED").append(" by ").append(m);
    matched(out, m, other);
    tie(out, outcome, undefined);
  }

  private static void matched(StringBuilder out, ClusterMatch m, Party other) {
    String peerWord = m.direction() == PolicyType.INGRESS ? "from" : "to";
    out.append(": ")
        .append(peerWord)
        .append(" matched ")
        .append(m.rule().peers().get(m.peer()));
    if (m.rule().peers().get(m.peer()) instanceof dev.netpol.core.policy.ClusterPeer.Unknown) {
      out.append(" (a peer netpol does not know fails closed: it matches for Deny and Pass)");
    }
  }

  private static void tie(StringBuilder out, TierOutcome outcome, boolean undefined) {
    if (!outcome.tied()) {
      return;
    }
    ClusterMatch m = outcome.match().orElseThrow();
    if (undefined) {
      out.append("\n    warning: the answer is undefined: ");
    } else {
      out.append("\n    note: the order is undefined, but not the answer: ");
    }
    out.append(m.policy().name())
        .append(" has the same tier and priority as ")
        .append(
            outcome.rivals().stream()
                .map(r -> r.policy().kind() + " " + r.policy().name() + " (rule " + r.ruleName()
                    + " " + r.rule() + " matches too)")
                .collect(Collectors.joining(", ")))
        .append(", which also select")
        .append(outcome.rivals().size() == 1 ? "s" : "")
        .append(" the pod; netpol consults equal priorities by name");
  }

  /**
   * Why a verdict's answer is undefined (docs/cluster-policies.md#ties): for each side whose
   * answer depends on an order of equal priorities, the tied policies, their tier and priority,
   * e.g. {@code the answer is undefined because ClusterNetworkPolicy a-accept and
   * ClusterNetworkPolicy deny-db of the Admin tier share priority 5 and both select shop/db-0
   * with a rule matching this connection (ingress of shop/db-0); the API leaves their order
   * undefined, so a cluster may apply either}.
   *
   * @param verdict a verdict whose {@link Verdict#undefined()} is true
   * @return one sentence
   */
  public static String undefinedReason(Verdict verdict) {
    List<String> ties = new ArrayList<>();
    collectTies(ties, verdict);
    return "the answer is undefined because "
        + String.join("; and ", ties)
        + "; the API leaves their order undefined, so a cluster may apply either";
  }

  private static void collectTies(List<String> ties, Verdict verdict) {
    sideTies(ties, verdict.egress(), verdict.source());
    sideTies(ties, verdict.ingress(), verdict.destination());
    verdict.otherFamily().ifPresent(o -> collectTies(ties, o));
  }

  private static void sideTies(List<String> ties, DirectionVerdict side, Party self) {
    if (!(side instanceof DirectionVerdict.Layered layered) || !layered.undefined()) {
      return;
    }
    List<TierOutcome> outcomes = new ArrayList<>();
    outcomes.add(layered.admin());
    layered.baseline().ifPresent(outcomes::add);
    for (TierOutcome outcome : outcomes) {
      if (!outcome.tied()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      outcome.possibleMatches().forEach(m -> names.add(m.policy().kind() + " "
          + m.policy().name()));
      String joined = names.size() == 2
          ? names.get(0) + " and " + names.get(1)
          : String.join(", ", names.subList(0, names.size() - 1)) + " and "
              + names.get(names.size() - 1);
      String line = joined + " of the " + outcome.tier() + " tier share priority "
          + outcome.match().orElseThrow().policy().priority() + " and "
          + (names.size() == 2 ? "both" : "all") + " select " + self
          + " with a rule matching this connection (" + word(side.direction()) + " of " + self
          + ")";
      if (!ties.contains(line)) {
        ties.add(line);
      }
    }
  }

  /**
   * Rules with {@code domainNames} peers that a tier consulted, toward a pod or an address:
   * those peers match DNS names only (docs/cluster-policies.md#domain-names), so the explanation
   * says why they did not match and how to ask about a name.
   */
  private static void domainNamesNote(
      StringBuilder out, TierOutcome outcome, PolicyType dir, Party other) {
    if (other instanceof Party.Domain) {
      return;
    }
    List<String> rules = new ArrayList<>();
    String example = null;
    for (dev.netpol.core.policy.ClusterPolicy p : outcome.consulted()) {
      List<dev.netpol.core.policy.ClusterRule> list = p.rules(dir);
      for (int i = 0; i < list.size(); i++) {
        for (dev.netpol.core.policy.ClusterPeer peer : list.get(i).peers()) {
          if (peer instanceof dev.netpol.core.policy.ClusterPeer.DomainNames names) {
            String rule = p.kind() + " " + p.name() + " rule " + RuleRef.ruleName(dir, i);
            if (!rules.contains(rule)) {
              rules.add(rule);
            }
            if (example == null) {
              example = names.names().get(0).replace("*.", "api.");
            }
          }
        }
      }
    }
    if (!rules.isEmpty()) {
      out.append("\n    note: domainNames peers (")
          .append(String.join(", ", rules))
          .append(") never match a pod or an address: domainNames match DNS names only, and"
              + " netpol does not resolve names; to judge a connection to a name, ask with"
              + " Endpoint.domain(\"")
          .append(example)
          .append("\")");
    }
  }

  /** One tier's line when it did not decide, or its decision when Baseline decided. */
  private static String tierLine(TierOutcome outcome, Party other, boolean undefined) {
    StringBuilder line = new StringBuilder(outcome.tier().toString()).append(" tier: ");
    if (outcome.decides()) {
      decided(line, outcome, other, undefined);
    } else if (outcome.match().isPresent()) {
      ClusterMatch m = outcome.match().get();
      line.append("passed by ").append(m);
      matched(line, m, other);
      tie(line, outcome, undefined);
    } else if (outcome.consulted().isEmpty()) {
      line.append("no policy selects it");
    } else {
      line.append("no rule matched in ")
          .append(
              outcome.consulted().stream()
                  .map(p -> p.kind() + " " + p.name())
                  .collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static void denial(StringBuilder out, PolicyDenial denial, Party other, Verdict verdict) {
    String direction = word(denial.direction());
    out.append("\n    ").append(denial.policy()).append(": ");
    if (denial.closestRule().isEmpty()) {
      out.append("has no ")
          .append(direction)
          .append(" rules: denies all ")
          .append(direction);
      return;
    }
    RuleCheck rule = denial.closestRule().get();
    out.append("closest rule ").append(rule.name());
    clauses(out, rule, other, verdict, "      ");
  }

  /** The policyTypes trap, said where it bites. */
  private static void notes(StringBuilder out, List<NetworkPolicy> ignoring, PolicyType direction) {
    for (NetworkPolicy p : ignoring) {
      out.append("\n    note: ")
          .append(p)
          .append(" lists ")
          .append(word(direction))
          .append(" rules that are ignored: policyTypes is ")
          .append(p.declaredPolicyTypes());
    }
  }

  private static String word(PolicyType direction) {
    return direction == PolicyType.INGRESS ? "ingress" : "egress";
  }

  /** The peer and port clauses of one rule, each line starting with {@code indent}. */
  private static void clauses(
      StringBuilder out, RuleCheck rule, Party other, Verdict verdict, String indent) {
    String peerWord = rule.direction() == PolicyType.INGRESS ? "from" : "to";
    out.append("\n").append(indent).append(peerWord).append(": ");
    if (rule.peers().isEmpty()) {
      out.append("any peer (the rule has no ").append(peerWord).append(")");
    } else if (rule.peersMatch()) {
      ClauseCheck first = rule.peers().stream().filter(ClauseCheck::matched).findFirst().orElseThrow();
      out.append("matched (peer ").append(first.index()).append(" ").append(first.clause()).append(")");
    } else {
      out.append("no peer matches ").append(other);
      for (ClauseCheck peer : rule.peers()) {
        out.append("\n").append(indent).append("  peer ")
            .append(peer.index())
            .append(" ")
            .append(peer.clause())
            .append(": ")
            .append(peer.reason().orElse("does not match"));
      }
    }
    out.append("\n").append(indent).append("ports: ");
    if (rule.ports().isEmpty()) {
      out.append("any port (the rule has no ports)");
    } else if (rule.portsMatch()) {
      ClauseCheck first = rule.ports().stream().filter(ClauseCheck::matched).findFirst().orElseThrow();
      out.append("matched (").append(first.clause()).append(")");
    } else {
      out.append(verdict.port())
          .append(" is not in [")
          .append(rule.ports().stream().map(ClauseCheck::clause).collect(Collectors.joining(", ")))
          .append("]");
      for (ClauseCheck port : rule.ports()) {
        port.reason().ifPresent(r -> out.append("\n").append(indent).append("  ").append(r));
      }
    }
  }
}
