package dev.netpol.bench;

import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The cluster-scoped policies of {@link ClusterGenerator.Variant#TIERED}: the guardrails a
 * platform team writes as ClusterNetworkPolicies. Admin tier: tenant isolation with a Pass for
 * the tenant's own traffic, DNS for everyone, monitoring scrapes, kube-system protection,
 * {@code networks} rules over the pod range and the cloud metadata address, Pass for dev
 * namespaces; Baseline tier: per-tenant default deny, monitoring allowed. Namespace and pod
 * subjects, about one policy in twenty sharing a priority with an earlier one (a tie).
 */
final class TierGenerator {
  private static final String[] TIERS = {"web", "api", "db", "cache", "worker"};
  private static final String[] ENVS = {"prod", "staging", "dev"};

  private final ClusterGenerator.Scale scale;
  private final List<Namespace> namespaces;
  private final Random random;
  private final List<Integer> priorities = new ArrayList<>();
  private int counter;

  TierGenerator(ClusterGenerator.Scale scale, List<Namespace> namespaces, Random random) {
    this.scale = scale;
    this.namespaces = namespaces;
    this.random = random;
  }

  List<ClusterPolicy> generate() {
    List<ClusterPolicy> out = new ArrayList<>();
    for (int i = 0; i < scale.adminPolicies; i++) {
      out.add(admin());
    }
    for (int i = 0; i < scale.baselinePolicies; i++) {
      out.add(baseline());
    }
    return out;
  }

  private ClusterPolicy.Builder policy(Tier tier, String what) {
    int priority;
    if (!priorities.isEmpty() && random.nextInt(20) == 0) {
      priority = priorities.get(random.nextInt(priorities.size()));
    } else {
      priority = random.nextInt(1001);
      priorities.add(priority);
    }
    return ClusterPolicy.builder("ClusterNetworkPolicy", what + "-" + counter++)
        .tier(tier)
        .priority(priority);
  }

  private ClusterPolicy admin() {
    int kind = random.nextInt(100);
    if (kind < 25) {
      String tenant = tenant();
      return policy(Tier.ADMIN, "tenant-isolation")
          .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("tenant", tenant)))
          .ingress(rule(ClusterRuleAction.PASS, "Pass", "same-tenant")
              .peer(new ClusterPeer.Namespaces(LabelSelector.matchLabels("tenant", tenant)))
              .build())
          .ingress(rule(ClusterRuleAction.DENY, "Deny", "other-tenants")
              .peer(new ClusterPeer.Namespaces(LabelSelector.builder()
                  .matchExpression(LabelSelectorRequirement.exists("tenant"))
                  .build()))
              .build())
          .build();
    }
    if (kind < 40) {
      return policy(Tier.ADMIN, "dns")
          .subject(ClusterSubject.namespaces(random.nextBoolean()
              ? LabelSelector.everything()
              : LabelSelector.matchLabels("env", ENVS[random.nextInt(ENVS.length)])))
          .egress(rule(ClusterRuleAction.ACCEPT, "Accept", "dns")
              .peer(new ClusterPeer.Pods(
                  LabelSelector.matchLabels(Namespace.NAME_LABEL, "kube-system"),
                  LabelSelector.matchLabels("k8s-app", "kube-dns")))
              .port(ClusterPort.number(Protocol.UDP, 53))
              .port(ClusterPort.number(Protocol.TCP, 53))
              .build())
          .build();
    }
    if (kind < 55) {
      return policy(Tier.ADMIN, "monitoring")
          .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("team", team())))
          .ingress(rule(ClusterRuleAction.ACCEPT, "Accept", "scrape")
              .peer(new ClusterPeer.Namespaces(
                  LabelSelector.matchLabels(Namespace.NAME_LABEL, "monitoring")))
              .port(random.nextBoolean()
                  ? ClusterPort.named("metrics")
                  : ClusterPort.number(Protocol.TCP, 9090))
              .build())
          .build();
    }
    if (kind < 70) {
      return policy(Tier.ADMIN, "protect-kube-system")
          .subject(ClusterSubject.namespaces(
              LabelSelector.matchLabels(Namespace.NAME_LABEL, "kube-system")))
          .ingress(rule(ClusterRuleAction.ACCEPT, "Accept", "dns")
              .peer(new ClusterPeer.Namespaces(LabelSelector.everything()))
              .port(ClusterPort.number(Protocol.UDP, 53))
              .port(ClusterPort.number(Protocol.TCP, 53))
              .build())
          .ingress(rule(ClusterRuleAction.DENY, "Deny", "everything-else")
              .peer(new ClusterPeer.Namespaces(LabelSelector.builder()
                  .matchExpression(LabelSelectorRequirement.notIn("team", "platform"))
                  .build()))
              .build())
          .build();
    }
    if (kind < 85) {
      ClusterPolicy.Builder b = policy(Tier.ADMIN, "egress-networks")
          .subject(ClusterSubject.pods(
              LabelSelector.matchLabels("env", ENVS[random.nextInt(ENVS.length)]),
              LabelSelector.matchLabels("tier", TIERS[random.nextInt(TIERS.length)])));
      b.egress(rule(ClusterRuleAction.DENY, "Deny", "metadata")
          .peer(ClusterPeer.Networks.of(Cidr.parse("169.254.169.254/32")))
          .build());
      if (random.nextBoolean()) {
        // Over the pod range: networks peers match pod addresses too.
        b.egress(rule(ClusterRuleAction.ACCEPT, "Accept", "pod-range-https")
            .peer(ClusterPeer.Networks.of(Cidr.parse("10." + random.nextInt(2) + ".0.0/16")))
            .port(ClusterPort.number(Protocol.TCP, 443))
            .build());
      } else {
        b.egress(rule(ClusterRuleAction.DENY, "Deny", "internet")
            .peer(ClusterPeer.Networks.of(Cidr.parse("0.0.0.0/1"), Cidr.parse("128.0.0.0/1")))
            .port(ClusterPort.range(Protocol.TCP, 1, 1023))
            .build());
      }
      return b.build();
    }
    return policy(Tier.ADMIN, "dev-pass")
        .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("env", "dev")))
        .ingress(rule(ClusterRuleAction.PASS, "Pass", "dev")
            .peer(new ClusterPeer.Namespaces(LabelSelector.matchLabels("env", "dev")))
            .build())
        .egress(rule(ClusterRuleAction.PASS, "Pass", "web")
            .peer(new ClusterPeer.Pods(LabelSelector.everything(),
                LabelSelector.matchLabels("tier", "web")))
            .build())
        .build();
  }

  private ClusterPolicy baseline() {
    if (random.nextInt(4) == 0) {
      return policy(Tier.BASELINE, "baseline-monitoring")
          .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("team", team())))
          .ingress(rule(ClusterRuleAction.ACCEPT, "Accept", "scrape")
              .peer(new ClusterPeer.Namespaces(
                  LabelSelector.matchLabels(Namespace.NAME_LABEL, "monitoring")))
              .build())
          .build();
    }
    String tenant = tenant();
    return policy(Tier.BASELINE, "baseline-tenant")
        .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("tenant", tenant)))
        .ingress(rule(ClusterRuleAction.DENY, "Deny", "default-deny")
            .peer(new ClusterPeer.Namespaces(LabelSelector.everything()))
            .build())
        .build();
  }

  private static ClusterRule.Builder rule(ClusterRuleAction action, String written, String name) {
    return ClusterRule.builder(action, written).name(name);
  }

  private String tenant() {
    int tenants = Math.max(3, scale.namespaces / 20);
    return "tenant-" + random.nextInt(tenants);
  }

  private String team() {
    int teams = Math.max(5, scale.namespaces / 10);
    return "team-" + random.nextInt(teams);
  }
}
