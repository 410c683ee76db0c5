package dev.netpol.core.lint;

import java.util.Optional;

/**
 * Every check of the linter, with its stable code (a readable slug, e.g. {@code
 * peer-matches-nothing}) and its severity. The codes never change meaning once published; each
 * has a section of docs/lint.md with a minimal example and its fix, whose anchor is the code.
 *
 * <pre>{@code
 * LintCode.parse("redundant-rule");             // Optional[REDUNDANT_RULE]
 * LintCode.EGRESS_WITHOUT_DNS.severity();       // ERROR
 * }</pre>
 */
public enum LintCode {
  /** A policy whose {@code podSelector} selects no pod: it protects nothing. */
  POLICY_SELECTS_NO_POD("policy-selects-no-pod", Severity.WARNING),
  /** A {@code podSelector} / {@code namespaceSelector} peer that matches no pod or namespace. */
  PEER_MATCHES_NOTHING("peer-matches-nothing", Severity.WARNING),
  /**
   * A rule, peer or port entry that can never admit anything: a named port no destination pod
   * declares for that protocol, an {@code except} list that covers the whole {@code cidr}.
   */
  RULE_ADMITS_NOTHING("rule-admits-nothing", Severity.WARNING),
  /** A rule whose every connection another rule, for the same pods, already admits. */
  REDUNDANT_RULE("redundant-rule", Severity.WARNING),
  /** A policy whose removal would change no verdict and no pod's isolation. */
  REDUNDANT_POLICY("redundant-policy", Severity.WARNING),
  /** Rules of a direction that the written {@code policyTypes} leaves out: they are ignored. */
  RULES_IGNORED_BY_POLICY_TYPES("rules-ignored-by-policy-types", Severity.WARNING),
  /** Egress-isolated pods that may reach no DNS server on port 53, UDP nor TCP. */
  EGRESS_WITHOUT_DNS("egress-without-dns", Severity.ERROR),
  /** Egress-isolated pods allowed DNS over UDP but not TCP (large answers need TCP). */
  DNS_WITHOUT_TCP("dns-without-tcp", Severity.HINT),
  /** An {@code ipBlock} that covers declared pod addresses, where a selector was likely meant. */
  IPBLOCK_COVERS_PODS("ipblock-covers-pods", Severity.WARNING),
  /** An ingress {@code ipBlock} of {@code 0.0.0.0/0} or {@code ::/0} without {@code except}. */
  INGRESS_FROM_ANYWHERE("ingress-from-anywhere", Severity.WARNING),
  /**
   * A {@code namespaceSelector}-only entry beside a {@code podSelector}-only entry in one rule:
   * an OR where the AND of one entry was probably meant.
   */
  SPLIT_PEER_ENTRIES("split-peer-entries", Severity.HINT),
  /** Pods no policy isolates in a namespace whose other pods are isolated: a probable gap. */
  ISOLATION_GAP("isolation-gap", Severity.WARNING),
  /** Two cluster-scoped policies of one tier and priority that select a common pod. */
  CLUSTER_PRIORITY_TIE("cluster-priority-tie", Severity.WARNING),
  /** A cluster-scoped rule that an earlier rule of the same policy always decides before it. */
  CLUSTER_RULE_SHADOWED("cluster-rule-shadowed", Severity.WARNING),
  /** A {@code Pass} rule with nothing below it to decide: it allows, as an Allow would. */
  PASS_INTO_NOTHING("pass-into-nothing", Severity.WARNING);

  private final String code;
  private final Severity severity;

  LintCode(String code, Severity severity) {
    this.code = code;
    this.severity = severity;
  }

  /**
   * The stable code, as findings, {@code hasNoFindingsExcept} and docs/lint.md write it.
   *
   * @return e.g. {@code redundant-rule}
   */
  public String code() {
    return code;
  }

  /**
   * The severity of this check's findings.
   *
   * @return the severity
   */
  public Severity severity() {
    return severity;
  }

  /**
   * The check with a code.
   *
   * @param code e.g. {@code redundant-rule}
   * @return the check, or empty if no check has that code
   */
  public static Optional<LintCode> parse(String code) {
    for (LintCode c : values()) {
      if (c.code.equals(code)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Returns the code, e.g. {@code redundant-rule}. */
  @Override
  public String toString() {
    return code;
  }
}
