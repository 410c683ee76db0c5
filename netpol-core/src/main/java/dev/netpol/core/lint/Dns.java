package dev.netpol.core.lint;

import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * docs/lint.md#egress-without-dns and docs/lint.md#dns-without-tcp: pods whose egress a policy
 * isolates (docs/semantics.md#isolation) need a rule that lets them ask the cluster DNS, or the
 * first name lookup fails. DNS is allowed over a protocol when some egress rule of a policy
 * selecting the pod admits port 53 of that protocol toward the CoreDNS pods (namespace {@code
 * kube-system}, label {@code k8s-app=kube-dns}: the loaded ones, or, when the manifests leave
 * them out, a pod as every cluster runs it) or toward any address at all (a DNS server outside the
 * cluster, a node-local cache). A pod whose egress a cluster-scoped Admin rule accepts to DNS
 * has it whatever its NetworkPolicies say (docs/cluster-policies.md#layers).
 */
final class Dns {
  private static final String SYSTEM = "kube-system";
  private static final int LISTED = 3;

  private final LintContext ctx;
  private final List<Pod> servers;
  private final Namespace serverNamespace;
  private final Map<NetworkPolicy, boolean[]> allowed = new IdentityHashMap<>();
  private @Nullable Evaluator evaluator;

  private Dns(LintContext ctx) {
    this.ctx = ctx;
    this.serverNamespace = ctx.namespace(SYSTEM);
    List<Pod> loaded = new ArrayList<>();
    for (Pod pod : ctx.cluster.podsIn(SYSTEM)) {
      if (!pod.hostNetwork() && pod.labels().get("k8s-app").filter("kube-dns"::equals).isPresent()) {
        loaded.add(pod);
      }
    }
    this.servers = loaded.isEmpty()
        ? List.of(Pod.builder(SYSTEM, "coredns")
            .labels(Labels.of("k8s-app", "kube-dns"))
            .containerPort(ContainerPort.named("dns", 53, Protocol.UDP))
            .containerPort(ContainerPort.named("dns-tcp", 53, Protocol.TCP))
            .build())
        : loaded;
  }

  static void check(LintContext ctx) {
    if (!ctx.anyOn(LintCode.EGRESS_WITHOUT_DNS, LintCode.DNS_WITHOUT_TCP)) {
      return;
    }
    new Dns(ctx).run();
  }

  private void run() {
    Shapes shapes = ctx.shapes();
    for (String ns : namespacesWithEgressPolicies()) {
      Map<Integer, List<NetworkPolicy>> isolating = new LinkedHashMap<>();
      for (NetworkPolicy p : ctx.cluster.policiesIn(ns)) {
        if (p.isolates(PolicyType.EGRESS)) {
          for (int s : shapes.selected(p)) {
            isolating.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
          }
        }
      }
      // Pods lacking DNS, grouped by the first policy that isolates them and by what is missing.
      Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
      isolating.forEach((shape, policies) -> {
        boolean udp = false;
        boolean tcp = false;
        for (NetworkPolicy p : policies) {
          boolean[] a = allowed(p);
          udp |= a[0];
          tcp |= a[1];
        }
        if ((!udp || !tcp) && !ctx.cluster.clusterPolicies().isEmpty()) {
          // A cluster-scoped Admin rule may accept DNS before the NetworkPolicies are asked.
          List<Pod> pods = shapes.get(shape).pods();
          udp |= pods.stream().allMatch(pod -> egressAllows(pod, Port.udp(53)));
          tcp |= pods.stream().allMatch(pod -> egressAllows(pod, Port.tcp(53)));
        }
        if (!udp || !tcp) {
          groups.computeIfAbsent(List.of(policies.get(0), udp, tcp), k -> new ArrayList<>())
              .add(shape);
        }
      });
      groups.forEach((key, group) -> report(
          (NetworkPolicy) key.get(0), (Boolean) key.get(1), (Boolean) key.get(2), group,
          isolating));
    }
  }

  private Set<String> namespacesWithEgressPolicies() {
    Set<String> out = new LinkedHashSet<>();
    for (NetworkPolicy p : ctx.cluster.policies()) {
      if (p.isolates(PolicyType.EGRESS)) {
        out.add(p.namespace());
      }
    }
    return out;
  }

  private void report(
      NetworkPolicy first,
      boolean udp,
      boolean tcp,
      List<Integer> group,
      Map<Integer, List<NetworkPolicy>> isolating) {
    Shapes shapes = ctx.shapes();
    List<String> pods = new ArrayList<>();
    int count = 0;
    Set<String> policies = new LinkedHashSet<>();
    for (int s : group) {
      for (Pod pod : shapes.get(s).pods()) {
        count++;
        if (pods.size() < LISTED) {
          pods.add(pod.id());
        }
      }
      isolating.get(s).forEach(p -> policies.add(p.name()));
    }
    String who = count + " pod" + (count == 1 ? "" : "s") + " whose egress NetworkPolicy "
        + first.id() + " isolates (" + String.join(", ", pods) + (count > LISTED ? ", ..." : "")
        + ")";
    String rules = "no egress rule of the policies that select them (" + String.join(", ", policies)
        + ")";
    String path = first.declaredPolicyTypes().isEmpty() ? "spec.egress" : "spec.policyTypes";
    String fix = "add an egress rule to the cluster DNS: to: [{namespaceSelector: {}, podSelector:"
        + " {matchLabels: {k8s-app: kube-dns}}}] with ports UDP 53 and TCP 53";
    if (!udp && !tcp) {
      ctx.policy(LintCode.EGRESS_WITHOUT_DNS, first, path,
          who + " may reach no DNS server: " + rules + " allows UDP or TCP port 53 to the"
              + " cluster DNS pods (kube-system, k8s-app=kube-dns) or to any address, so every"
              + " name lookup fails",
          fix);
    } else if (!udp) {
      ctx.policy(LintCode.EGRESS_WITHOUT_DNS, first, path,
          who + " may ask DNS over TCP only: " + rules + " allows UDP port 53 to the cluster DNS"
              + " pods or to any address, and resolvers ask over UDP first, so lookups time out",
          fix);
    } else {
      ctx.policy(LintCode.DNS_WITHOUT_TCP, first, path,
          who + " may ask DNS over UDP only: " + rules + " allows TCP port 53, which resolvers"
              + " use for answers too large for UDP (many records, DNSSEC)",
          "add TCP 53 beside UDP 53 in the rule that allows DNS");
    }
  }

  /**
   * Whether the pod's own side, through every tier (docs/cluster-policies.md#layers), lets it
   * reach a DNS server on the port: how an Admin-tier Accept of DNS is honoured.
   */
  private boolean egressAllows(Pod pod, Port port) {
    for (Pod server : servers) {
      if (evaluator().evaluate(pod, server, port).egress().allows()) {
        return true;
      }
    }
    return false;
  }

  private Evaluator evaluator() {
    if (evaluator == null) {
      evaluator = ctx.cluster.evaluator(ctx.options);
    }
    return evaluator;
  }

  /** Whether a policy's egress rules allow DNS: [UDP, TCP]. */
  private boolean[] allowed(NetworkPolicy p) {
    return allowed.computeIfAbsent(p, k -> {
      boolean[] a = new boolean[2];
      for (NetworkPolicyRule rule : p.rules(PolicyType.EGRESS)) {
        a[0] |= admits(p, rule, Port.udp(53));
        a[1] |= admits(p, rule, Port.tcp(53));
      }
      return a;
    });
  }

  private boolean admits(NetworkPolicy p, NetworkPolicyRule rule, Port port) {
    for (Pod server : servers) {
      if (rule.admitsPort(port, Optional.of(server)) && (rule.allPeers() || admitsServer(
          p, rule, server))) {
        return true;
      }
    }
    if (rule.admitsPort(port, Optional.empty())) {
      for (NetworkPolicyPeer peer : rule.peers()) {
        if (peer instanceof IpBlockPeer block && !block.addresses().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean admitsServer(NetworkPolicy p, NetworkPolicyRule rule, Pod server) {
    for (NetworkPolicyPeer peer : rule.peers()) {
      if (peer instanceof PodPeer pp && pp.admits(p.namespace(), server, serverNamespace)) {
        return true;
      }
    }
    return false;
  }
}
