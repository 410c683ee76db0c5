package dev.netpol.core.lint;

import dev.netpol.core.Cluster;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks {@code policy-selects-no-pod} and {@code peer-matches-nothing}
 * (docs/lint.md#policy-selects-no-pod): selectors that match nothing in the loaded cluster. A
 * policy whose {@code podSelector} selects no pod protects nothing, and a peer that admits no
 * pod allows nothing, which a typo ({@code app: wbe}) does silently. Each finding names the
 * policy, the field and its line, and the nearest labels that exist; the loader prints the same
 * findings as its warnings:
 *
 * <pre>
 * np.yaml:7:3: spec.podSelector: podSelector app=wbe matches no pod in storefront, so
 *   NetworkPolicy storefront/allow-web protects nothing; nearest: app=web
 * </pre>
 *
 * <p>A warning, not an error: the input may leave out pods on purpose (a namespace deployed by
 * another team). Two cases are left alone: an empty selector ({@code {}}) in a namespace without
 * pods (a deny-all policy in an empty namespace is common and harmless), and a pod selector whose
 * label keys no pod of the input has, nor a key one typo away: it names pods the input leaves
 * out, such as CoreDNS ({@code k8s-app: kube-dns}) in an egress rule that allows DNS.
 */
final class Selections {
  private static final int LISTED = 5;

  private static final String POLICY_HINT =
      "write in spec.podSelector the labels the pods to protect have, or delete the policy if"
          + " they are gone";
  private static final String PEER_HINT =
      "write labels the pods (or namespaces) to admit have; if they are deployed from other"
          + " manifests, load those too";

  private final LintContext ctx;
  private final Cluster cluster;
  private final java.util.Map<List<String>, List<Labels>> labelsMemo = new java.util.HashMap<>();
  private final java.util.Map<List<Labels>, SortedSet<String>> pairsMemo =
      new java.util.IdentityHashMap<>();
  private final java.util.Map<LabelSelector, String> elsewhereMemo = new java.util.HashMap<>();
  /** The label keys of every pod, computed when first needed. */
  private SortedSet<String> podKeys;

  private Selections(LintContext ctx) {
    this.ctx = ctx;
    this.cluster = ctx.cluster;
  }

  /** Reports every policy and peer that selects nothing in the cluster. */
  static void check(LintContext ctx) {
    if (!ctx.anyOn(LintCode.POLICY_SELECTS_NO_POD, LintCode.PEER_MATCHES_NOTHING)) {
      return;
    }
    Selections check = new Selections(ctx);
    for (NetworkPolicy p : ctx.cluster.policies()) {
      check.policy(p);
    }
  }

  private void policy(NetworkPolicy policy) {
    LabelSelector selector = policy.podSelector();
    List<Pod> inNamespace = cluster.podsIn(policy.namespace());
    if (ctx.on(LintCode.POLICY_SELECTS_NO_POD)
        && !selector.isEmpty()
        && !namesPodsOutsideTheInput(selector)
        && ctx.shapes().selected(policy).length == 0) {
      String what =
          inNamespace.stream().anyMatch(pod -> selector.matches(pod.labels()))
              ? " selects only host-network pods in " + policy.namespace()
                  + ", which policies never isolate, so "
              : " matches no pod in " + policy.namespace() + ", so ";
      ctx.policy(
          LintCode.POLICY_SELECTS_NO_POD,
          policy,
          "spec.podSelector",
          "podSelector " + selector + what + "NetworkPolicy " + policy.id() + " protects nothing"
              + hint(selector, labelsIn(List.of(policy.namespace())), "pod",
                  "in " + policy.namespace()),
          POLICY_HINT);
    }
    if (!ctx.on(LintCode.PEER_MATCHES_NOTHING)) {
      return;
    }
    for (PolicyType direction : PolicyType.values()) {
      List<NetworkPolicyRule> written = policy.rules(direction);
      for (int i = 0; i < written.size(); i++) {
        List<NetworkPolicyPeer> peers = written.get(i).peers();
        for (int j = 0; j < peers.size(); j++) {
          if (peers.get(j) instanceof PodPeer) {
            String path = LintContext.peer(direction, i, j);
            peer(policy, path, (PodPeer) peers.get(j));
          }
        }
      }
    }
  }

  private void peer(NetworkPolicy policy, String path, PodPeer peer) {
    String ns = policy.namespace();
    if (ctx.shapes().admitted(ns, peer).length > 0) {
      return;
    }
    String nothing = ", so this peer of NetworkPolicy " + policy.id() + " admits nothing";
    Optional<LabelSelector> podSelector = peer.podSelector().filter(s -> !s.isEmpty());
    if (podSelector.isPresent() && namesPodsOutsideTheInput(podSelector.get())) {
      return;
    }
    List<Namespace> namespaces = cluster.namespaces();
    if (peer.namespaceSelector().isPresent()) {
      LabelSelector selector = peer.namespaceSelector().get();
      List<Namespace> matched =
          namespaces.stream()
              .filter(n -> selector.matches(n.labels()))
              .collect(Collectors.toList());
      if (matched.isEmpty()) {
        warning(
            policy,
            path + ".namespaceSelector",
            "namespaceSelector " + selector + " matches no namespace" + nothing
                + hint(selector, namespaceLabels(), "namespace", "")
                + systemPodsHint(selector));
        return;
      }
      List<Pod> scope =
          matched.stream()
              .flatMap(n -> cluster.podsIn(n.name()).stream())
              .collect(Collectors.toList());
      String names = list(matched.stream().map(Namespace::name).collect(Collectors.toList()));
      if (podSelector.isEmpty() || scope.isEmpty()) {
        warning(
            policy,
            path + ".namespaceSelector",
            "namespaceSelector " + selector + " selects namespaces " + names
                + (scope.isEmpty()
                    ? ", which have no pods"
                    : ", whose pods all use the host network, which no selector matches")
                + nothing + systemPodsHint(selector));
        return;
      }
      warning(
          policy,
          path + ".podSelector",
          "podSelector " + podSelector.get() + " matches no pod in the namespaces "
              + names + " that its namespaceSelector selects" + nothing
              + hint(podSelector.get(),
                  labelsIn(matched.stream().map(Namespace::name).collect(Collectors.toList())),
                  "pod", "there")
              + systemPodsHint(podSelector.get()));
      return;
    }
    if (podSelector.isEmpty()) {
      return; // podSelector {} in a namespace without pods: the policy selects nothing either
    }
    List<Pod> scope = cluster.podsIn(ns);
    warning(
        policy,
        path + ".podSelector",
        "podSelector " + podSelector.get() + " matches no pod in " + ns
            + " (without a namespaceSelector, only pods of the policy's namespace)" + nothing
            + hint(podSelector.get(), labelsIn(List.of(ns)), "pod", "in " + ns)
            + elsewhereMemo.computeIfAbsent(podSelector.get(), this::elsewhere));
  }

  /**
   * Where pods that a selector matches are, when it is not the policy's namespace: the sign of a
   * {@code namespaceSelector} written as a peer entry of its own ({@code - namespaceSelector})
   * instead of in the same entry, docs/semantics.md#peers.
   */
  private String elsewhere(LabelSelector podSelector) {
    // Shapes hold the labels every selector reads, so matching them is matching the pods.
    SortedSet<String> namespaces = new TreeSet<>();
    Shapes shapes = ctx.shapes();
    for (int i = 0; i < shapes.size(); i++) {
      if (podSelector.matches(shapes.get(i).labels())) {
        namespaces.add(shapes.get(i).namespace());
      }
    }
    return namespaces.isEmpty()
        ? ""
        : "; pods matching it are in namespaces " + list(namespaces) + ": to admit them, write"
            + " a namespaceSelector in this same peer entry (not as an entry of its own)";
  }

  /**
   * Whether a pod selector looks at label keys that no pod of the input has, nor a key within a
   * typo of it: then it names pods the input leaves out (CoreDNS's {@code k8s-app: kube-dns},
   * a monitoring agent), not a misspelled label, and matching nothing is expected.
   */
  private boolean namesPodsOutsideTheInput(LabelSelector selector) {
    if (podKeys == null) {
      podKeys = new TreeSet<>();
      cluster.pods().forEach(p -> podKeys.addAll(p.labels().asMap().keySet()));
    }
    return selector.keys().stream()
        .allMatch(k -> !podKeys.contains(k) && Suggestions.closest(k, podKeys).isEmpty());
  }

  /**
   * {@link Suggestions#closest} over the candidates it could return: a candidate whose length
   * differs by more than its distance limit, and that is no prefix either way, is never close,
   * so it is dropped before any distance is computed (pod-unique labels make thousands).
   */
  private static List<String> closest(String wanted, SortedSet<String> candidates) {
    int limit = Math.max(2, wanted.length() / 3);
    String w = wanted.toLowerCase(java.util.Locale.ROOT);
    List<String> near = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(java.util.Locale.ROOT);
      if (Math.abs(c.length() - wanted.length()) <= limit || lc.startsWith(w) || w.startsWith(lc)) {
        near.add(c);
      }
    }
    return Suggestions.closest(wanted, near);
  }

  private void warning(NetworkPolicy p, String relativePath, String message) {
    ctx.policy(LintCode.PEER_MATCHES_NOTHING, p, relativePath, message, PEER_HINT);
  }

  /** The labels of the pods of some namespaces, computed once per list of namespaces. */
  private List<Labels> labelsIn(List<String> namespaces) {
    return labelsMemo.computeIfAbsent(namespaces, k -> {
      List<Labels> out = new ArrayList<>();
      for (String n : namespaces) {
        cluster.podsIn(n).forEach(pod -> out.add(pod.labels()));
      }
      return out;
    });
  }

  private List<Labels> namespaceLabels() {
    return labelsMemo.computeIfAbsent(List.of(), k -> cluster.namespaces().stream()
        .map(Namespace::labels).collect(Collectors.toList()));
  }

  /**
   * The nearest labels that exist, for each requirement that no candidate meets: {@code ;
   * nearest: app=web}, or the values its key has, or that no candidate has the key at all.
   */
  private String hint(
      LabelSelector selector, List<Labels> candidates, String noun, String where) {
    String scope = where.isEmpty() ? "" : " " + where;
    if (candidates.isEmpty()) {
      return "; there is no " + noun + scope;
    }
    List<String> parts = new ArrayList<>();
    SortedSet<String> pairs = pairsMemo.computeIfAbsent(candidates, c -> {
      SortedSet<String> all = new TreeSet<>();
      c.forEach(l -> l.asMap().forEach((k, v) -> all.add(k + "=" + v)));
      return all;
    });
    for (LabelSelectorRequirement r : selector.requirements()) {
      if (candidates.stream().anyMatch(r::matches)) {
        continue;
      }
      boolean pair = r.operator() == Operator.IN && r.values().size() == 1;
      if (pair) {
        List<String> near = closest(r.key() + "=" + r.values().first(), pairs);
        if (!near.isEmpty()) {
          parts.add("nearest: " + String.join(", ", near));
          continue;
        }
      }
      SortedSet<String> values = new TreeSet<>();
      candidates.forEach(l -> l.get(r.key()).ifPresent(values::add));
      String wanted = pair ? r.key() + "=" + r.values().first() : r.toString();
      parts.add(values.isEmpty()
          ? "no " + noun + scope + " has a label " + r.key()
          : "no " + noun + scope + " has " + wanted + "; " + noun + "s" + scope + " have "
              + r.key() + " in " + list(values));
    }
    if (parts.isEmpty()) {
      parts.add("each requirement matches some " + noun + scope + ", but no " + noun
          + " matches all of " + selector);
    }
    return "; " + String.join("; ", parts);
  }

  private static String systemPodsHint(LabelSelector selector) {
    String s = selector.toString();
    return s.contains("kube-system") || s.contains("kube-dns")
        ? "; the systemPods option adds kube-system with CoreDNS (k8s-app=kube-dns)"
        : "";
  }

  private static String list(java.util.Collection<String> names) {
    String shown = names.stream().limit(LISTED).collect(Collectors.joining(", "));
    return "{" + shown + (names.size() > LISTED ? ", ..." : "") + "}";
  }
}
