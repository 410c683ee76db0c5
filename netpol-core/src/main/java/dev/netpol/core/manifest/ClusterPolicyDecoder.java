package dev.netpol.core.manifest;

import static dev.netpol.core.manifest.Fields.index;
import static dev.netpol.core.manifest.Fields.join;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes the cluster-scoped policies of the network-policy-api project strictly, as their CRDs
 * of the experimental channel and CEL rules validate them (docs/cluster-policies.md#loading):
 * {@code ClusterNetworkPolicy} ({@code v1alpha2}), {@code AdminNetworkPolicy} and {@code
 * BaselineAdminNetworkPolicy} ({@code v1alpha1}). Unknown fields are errors, as with kubectl's
 * strict validation (pruning them would silently change meaning), and every violation is
 * reported with its field path.
 */
final class ClusterPolicyDecoder {
  static final String CNP = "ClusterNetworkPolicy";
  static final String ANP = "AdminNetworkPolicy";
  static final String BANP = "BaselineAdminNetworkPolicy";

  private final Fields f;
  private final PolicyDecoder selectors;

  ClusterPolicyDecoder(Fields fields, PolicyDecoder selectors) {
    this.f = fields;
    this.selectors = selectors;
  }

  /** Whether this decoder reads the kind at this apiVersion. */
  static boolean reads(String kind, String apiVersion) {
    return (kind.equals(CNP) && apiVersion.equals(ClusterPolicy.V1ALPHA2))
        || ((kind.equals(ANP) || kind.equals(BANP)) && apiVersion.equals(ClusterPolicy.V1ALPHA1));
  }

  /** What a policy of this kind may write, by API version. */
  private record Shape(String kind, boolean v2) {
    int maxRules() {
      return v2 ? 25 : 100;
    }

    int maxPeers() {
      return v2 ? 25 : 100;
    }

    int maxPorts() {
      return v2 ? 25 : 100;
    }

    String portsField() {
      return v2 ? "protocols" : "ports";
    }

    List<String> actions() {
      if (v2) {
        return List.of("Accept", "Deny", "Pass");
      }
      return kind.equals(BANP) ? List.of("Allow", "Deny") : List.of("Allow", "Deny", "Pass");
    }
  }

  /** Decodes the policy; empty if it had a problem (already recorded). */
  Optional<ClusterPolicy> decode(
      String kind, String apiVersion, String name, MapNode root, String base) {
    int before = f.problemCount();
    Shape shape = new Shape(kind, kind.equals(CNP));
    f.knownFields(root, base, ApiFields.CLUSTER_POLICY);
    namespaceIgnored(kind, root, base);
    if (kind.equals(BANP) && !name.equals("default")) {
      f.problem(
          root.get("metadata").flatMap(m -> ((MapNode) m).get("name")).orElse(root),
          join(base, "metadata.name"),
          "a BaselineAdminNetworkPolicy must be named \"default\" (there is one per cluster),"
              + " found \"" + name + "\"");
    }
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    if (spec.isEmpty()) {
      if (root.get("spec").isEmpty()) {
        f.problem(root, specPath, "required: a " + kind + " needs a spec with a subject");
      }
      return Optional.empty();
    }
    MapNode s = spec.get();
    f.knownFields(
        s,
        specPath,
        shape.v2()
            ? ApiFields.CNP_SPEC
            : kind.equals(ANP) ? ApiFields.ANP_SPEC : ApiFields.BANP_SPEC);
    ClusterPolicy.Builder b = ClusterPolicy.builder(kind, name).apiVersion(apiVersion);
    if (shape.v2()) {
      tier(s, specPath).ifPresent(b::tier);
    }
    if (!kind.equals(BANP)) {
      priority(s, specPath).ifPresent(b::priority);
    }
    subject(s, specPath, shape).ifPresent(b::subject);
    rules(s, specPath, "ingress", shape).forEach(b::ingress);
    rules(s, specPath, "egress", shape).forEach(b::egress);
    if (f.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.of(b.build());
  }

  /** The API server clears {@code metadata.namespace} of a cluster-scoped object. */
  private void namespaceIgnored(String kind, MapNode root, String base) {
    root.get("metadata")
        .filter(MapNode.class::isInstance)
        .flatMap(m -> ((MapNode) m).get("namespace"))
        .ifPresent(
            n ->
                f.diagnostics.warning(
                    n.location,
                    join(base, "metadata.namespace"),
                    "ignored: a " + kind + " is cluster-scoped, so the API server stores it"
                        + " without a namespace; it applies to the pods its subject selects in"
                        + " every namespace"));
  }

  private Optional<Tier> tier(MapNode spec, String specPath) {
    String path = join(specPath, "tier");
    if (spec.get("tier").isEmpty()) {
      f.problem(spec, path, "required: tier is Admin (before NetworkPolicies) or Baseline (after)");
      return Optional.empty();
    }
    Optional<String> t = f.string(spec.get("tier"), path);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    switch (t.get()) {
      case "Admin" -> {
        return Optional.of(Tier.ADMIN);
      }
      case "Baseline" -> {
        return Optional.of(Tier.BASELINE);
      }
      default -> {
        f.problem(
            spec.get("tier").orElseThrow(),
            path,
            "expected Admin or Baseline, found \"" + t.get() + "\" (values are case-sensitive)");
        return Optional.empty();
      }
    }
  }

  private Optional<Integer> priority(MapNode spec, String specPath) {
    String path = join(specPath, "priority");
    if (spec.get("priority").isEmpty()) {
      f.problem(spec, path, "required: a priority from 0 (consulted first) to 1000");
      return Optional.empty();
    }
    Optional<Integer> p = f.integer(spec.get("priority"), path);
    if (p.isPresent() && (p.get() < 0 || p.get() > 1000)) {
      f.problem(
          spec.get("priority").orElseThrow(),
          path,
          "expected a priority from 0 to 1000, found " + p.get());
      return Optional.empty();
    }
    return p;
  }

  /** Exactly one of the fields of a map (subject, peer, port entry) is set; else a problem. */
  private Optional<String> exactlyOne(MapNode m, String path, ApiFields.FieldSet known) {
    List<String> set = new ArrayList<>();
    for (String k : m.entries.keySet()) {
      if (known.contains(k) && m.get(k).isPresent()) {
        set.add(k);
      }
    }
    if (set.size() == 1) {
      return Optional.of(set.get(0));
    }
    f.problem(
        m,
        path,
        "exactly one of " + String.join(", ", known.all()) + " must be set, found "
            + (set.isEmpty() ? "none" : String.join(" and ", set)));
    return Optional.empty();
  }

  private Optional<ClusterSubject> subject(MapNode spec, String specPath, Shape shape) {
    String path = join(specPath, "subject");
    if (spec.get("subject").isEmpty()) {
      f.problem(spec, path, "required: the subject says which pods the policy applies to");
      return Optional.empty();
    }
    Optional<MapNode> m = f.map(spec.get("subject"), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(m.get(), path, ApiFields.CLUSTER_SUBJECT);
    Optional<String> field = exactlyOne(m.get(), path, ApiFields.CLUSTER_SUBJECT);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    String fieldPath = join(path, field.get());
    if (field.get().equals("namespaces")) {
      return required(m.get(), "namespaces", fieldPath).map(ClusterSubject::namespaces);
    }
    return pods(m.get().get("pods"), fieldPath, shape)
        .map(p -> ClusterSubject.pods(p.namespaceSelector(), p.podSelector()));
  }

  private Optional<LabelSelector> required(MapNode parent, String field, String path) {
    return selectors.selector(parent.get(field), path);
  }

  private Optional<ClusterPeer.Pods> pods(Optional<YamlNode> node, String path, Shape shape) {
    Optional<MapNode> m = f.map(node, path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(m.get(), path, ApiFields.CLUSTER_PODS);
    boolean ok = true;
    if (m.get().get("podSelector").isEmpty()) {
      f.problem(m.get(), join(path, "podSelector"), "required: write {} to select every pod");
      ok = false;
    }
    if (!shape.v2() && m.get().get("namespaceSelector").isEmpty()) {
      f.problem(
          m.get(),
          join(path, "namespaceSelector"),
          "required in v1alpha1: write {} to select every namespace");
      ok = false;
    }
    Optional<LabelSelector> pods = required(m.get(), "podSelector", join(path, "podSelector"));
    LabelSelector namespaces =
        required(m.get(), "namespaceSelector", join(path, "namespaceSelector"))
            .orElse(LabelSelector.everything());
    if (!ok || pods.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClusterPeer.Pods(namespaces, pods.get()));
  }

  private List<ClusterRule> rules(MapNode spec, String specPath, String field, Shape shape) {
    List<ClusterRule> out = new ArrayList<>();
    String listPath = join(specPath, field);
    List<YamlNode> items = f.seq(spec.get(field), listPath);
    if (items.size() > shape.maxRules()) {
      f.problem(
          spec.get(field).orElseThrow(),
          listPath,
          "at most " + shape.maxRules() + " rules, found " + items.size()
              + ": split the policy in two");
    }
    boolean ingress = field.equals("ingress");
    for (int i = 0; i < items.size(); i++) {
      String rulePath = index(listPath, i);
      Optional<MapNode> rule = f.map(Optional.of(items.get(i)), rulePath);
      if (rule.isEmpty()) {
        if (items.get(i).isNull()) {
          f.problem(items.get(i), rulePath, "expected a rule with an action, found null");
        }
        continue;
      }
      rule(rule.get(), rulePath, ingress, shape).ifPresent(out::add);
    }
    return out;
  }

  private Optional<ClusterRule> rule(MapNode r, String path, boolean ingress, Shape shape) {
    int before = f.problemCount();
    f.knownFields(
        r,
        path,
        shape.v2()
            ? ingress ? ApiFields.V2_INGRESS_RULE : ApiFields.V2_EGRESS_RULE
            : ingress ? ApiFields.V1_INGRESS_RULE : ApiFields.V1_EGRESS_RULE);
    Optional<String> name = f.string(r.get("name"), join(path, "name"));
    if (name.isPresent() && name.get().length() > 100) {
      f.problem(
          r.get("name").orElseThrow(),
          join(path, "name"),
          "at most 100 characters, found " + name.get().length());
    }
    Optional<String> action = action(r, path, shape);
    String peersField = ingress ? "from" : "to";
    String peersPath = join(path, peersField);
    List<YamlNode> peerNodes = f.seq(r.get(peersField), peersPath);
    boolean noPeers =
        r.get(peersField)
            .map(n -> n instanceof YamlNode.SeqNode seq && seq.items.isEmpty())
            .orElse(true);
    if (noPeers) {
      f.problem(
          r.get(peersField).orElse(r),
          peersPath,
          "required: at least one peer (" + (ingress ? "namespaces or pods" : "namespaces, pods,"
              + " networks, nodes or domainNames") + ")");
    } else if (peerNodes.size() > shape.maxPeers()) {
      f.problem(
          r.get(peersField).orElseThrow(),
          peersPath,
          "at most " + shape.maxPeers() + " peers, found " + peerNodes.size());
    }
    List<ClusterPeer> peers = new ArrayList<>();
    boolean addressPeer = false;
    for (int j = 0; j < peerNodes.size(); j++) {
      Optional<ClusterPeer> peer = peer(peerNodes.get(j), index(peersPath, j), ingress, shape);
      peer.ifPresent(peers::add);
      if (peerNodes.get(j) instanceof MapNode written) {
        addressPeer |=
            written.get("networks").isPresent()
                || written.get("nodes").isPresent()
                || written.get("domainNames").isPresent();
      }
    }
    List<ClusterPort> ports = ports(r, path, shape, addressPeer);
    if (f.problemCount() > before || action.isEmpty()) {
      return Optional.empty();
    }
    ClusterRule.Builder b = ClusterRule.builder(actionOf(action.get()), action.get());
    name.ifPresent(b::name);
    peers.forEach(b::peer);
    ports.forEach(b::port);
    return Optional.of(b.build());
  }

  private Optional<String> action(MapNode r, String path, Shape shape) {
    String actionPath = join(path, "action");
    if (r.get("action").isEmpty()) {
      f.problem(r, actionPath, "required: one of " + String.join(", ", shape.actions()));
      return Optional.empty();
    }
    Optional<String> action = f.string(r.get("action"), actionPath);
    if (action.isPresent() && !shape.actions().contains(action.get())) {
      String hint =
          action.get().equals("Allow") && shape.v2()
              ? " (v1alpha2 calls Allow \"Accept\")"
              : action.get().equals("Accept") && !shape.v2()
                  ? " (v1alpha1 calls Accept \"Allow\")"
                  : action.get().equals("Pass") && shape.kind().equals(BANP)
                      ? " (the BaselineAdminNetworkPolicy has no later tier to pass to)"
                      : "";
      f.problem(
          r.get("action").orElseThrow(),
          actionPath,
          "expected one of " + String.join(", ", shape.actions()) + ", found \""
              + action.get() + "\"" + hint);
      return Optional.empty();
    }
    return action;
  }

  private static ClusterRuleAction actionOf(String written) {
    return switch (written) {
      case "Allow", "Accept" -> ClusterRuleAction.ACCEPT;
      case "Deny" -> ClusterRuleAction.DENY;
      default -> ClusterRuleAction.PASS;
    };
  }

  private Optional<ClusterPeer> peer(YamlNode node, String path, boolean ingress, Shape shape) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      if (node.isNull()) {
        f.problem(node, path, "expected a peer, found null");
      }
      return Optional.empty();
    }
    ApiFields.FieldSet known =
        ingress
            ? ApiFields.CLUSTER_INGRESS_PEER
            : shape.kind().equals(BANP)
                ? ApiFields.BANP_EGRESS_PEER
                : ApiFields.CLUSTER_EGRESS_PEER;
    f.knownFields(m.get(), path, known);
    Optional<String> field = exactlyOne(m.get(), path, known);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    String fieldPath = join(path, field.get());
    switch (field.get()) {
      case "namespaces" -> {
        return required(m.get(), "namespaces", fieldPath).map(ClusterPeer.Namespaces::new);
      }
      case "pods" -> {
        return pods(m.get().get("pods"), fieldPath, shape).map(ClusterPeer.class::cast);
      }
      case "nodes" -> {
        return required(m.get(), "nodes", fieldPath).map(ClusterPeer.Nodes::new);
      }
      case "networks" -> {
        return networks(m.get().get("networks").orElseThrow(), fieldPath);
      }
      default -> {
        return domainNames(m.get().get("domainNames").orElseThrow(), fieldPath);
      }
    }
  }

  private Optional<ClusterPeer> networks(YamlNode node, String path) {
    List<YamlNode> items = f.seq(Optional.of(node), path);
    int before = f.problemCount();
    if (items.size() > 25) {
      f.problem(node, path, "at most 25 CIDRs, found " + items.size());
    }
    List<Cidr> cidrs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String p = index(path, i);
      Optional<String> text = f.string(Optional.of(items.get(i)), p);
      if (text.isEmpty()) {
        continue;
      }
      if (!seen.add(text.get())) {
        f.problem(items.get(i), p, "duplicate CIDR " + text.get() + ": the list is a set");
        continue;
      }
      try {
        cidrs.add(Cidr.parse(text.get()));
      } catch (IllegalArgumentException e) {
        f.problem(items.get(i), p, e.getMessage());
      }
    }
    if (items.isEmpty()) {
      f.problem(node, path, "at least one CIDR, e.g. 10.0.0.0/8");
    }
    if (f.problemCount() > before || cidrs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClusterPeer.Networks(ImmutableList.copyOf(cidrs)));
  }

  private Optional<ClusterPeer> domainNames(YamlNode node, String path) {
    List<YamlNode> items = f.seq(Optional.of(node), path);
    int before = f.problemCount();
    if (items.isEmpty()) {
      f.problem(node, path, "at least one domain name, e.g. api.example.com");
    } else if (items.size() > 25) {
      f.problem(node, path, "at most 25 domain names, found " + items.size());
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      f.string(Optional.of(items.get(i)), index(path, i)).ifPresent(names::add);
    }
    if (f.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new ClusterPeer.DomainNames(ImmutableList.copyOf(names)));
  }

  private List<ClusterPort> ports(MapNode r, String path, Shape shape, boolean addressPeer) {
    String field = shape.portsField();
    String listPath = join(path, field);
    List<YamlNode> items = f.seq(r.get(field), listPath);
    if (items.size() > shape.maxPorts()) {
      f.problem(
          r.get(field).orElseThrow(),
          listPath,
          "at most " + shape.maxPorts() + " entries, found " + items.size());
    }
    List<ClusterPort> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = index(listPath, i);
      Optional<MapNode> m = f.map(Optional.of(items.get(i)), p);
      if (m.isEmpty()) {
        if (items.get(i).isNull()) {
          f.problem(items.get(i), p, "expected a port entry, found null");
        }
        continue;
      }
      Optional<ClusterPort> port = shape.v2() ? protocol(m.get(), p) : v1Port(m.get(), p);
      port.ifPresent(out::add);
      if (port.filter(ClusterPort.Named.class::isInstance).isPresent() && addressPeer) {
        f.problem(
            m.get(),
            p,
            "a named port cannot be used with networks, nodes or domainNames peers (no pod there"
                + " declares the name): use a port number, or move those peers to another rule");
      }
    }
    return out;
  }

  private Optional<ClusterPort> v1Port(MapNode m, String path) {
    f.knownFields(m, path, ApiFields.V1_PORT);
    Optional<String> field = exactlyOne(m, path, ApiFields.V1_PORT);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    String p = join(path, field.get());
    YamlNode value = m.get(field.get()).orElseThrow();
    switch (field.get()) {
      case "namedPort" -> {
        return f.string(Optional.of(value), p).map(ClusterPort::named);
      }
      case "portNumber" -> {
        Optional<MapNode> n = f.map(Optional.of(value), p);
        if (n.isEmpty()) {
          return Optional.empty();
        }
        f.knownFields(n.get(), p, ApiFields.V1_PORT_NUMBER);
        Protocol protocol = f.protocol(n.get(), p);
        return portValue(n.get(), "port", p).map(port -> ClusterPort.number(protocol, port));
      }
      default -> {
        Optional<MapNode> n = f.map(Optional.of(value), p);
        if (n.isEmpty()) {
          return Optional.empty();
        }
        f.knownFields(n.get(), p, ApiFields.V1_PORT_RANGE);
        Protocol protocol = f.protocol(n.get(), p);
        return range(n.get(), p, protocol, false);
      }
    }
  }

  private Optional<ClusterPort> protocol(MapNode m, String path) {
    f.knownFields(m, path, ApiFields.V2_PROTOCOL);
    Optional<String> field = exactlyOne(m, path, ApiFields.V2_PROTOCOL);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    String p = join(path, field.get());
    YamlNode value = m.get(field.get()).orElseThrow();
    if (field.get().equals("destinationNamedPort")) {
      return f.string(Optional.of(value), p).map(ClusterPort::named);
    }
    Protocol protocol = Protocol.parse(field.get().toUpperCase(Locale.ROOT));
    Optional<MapNode> pp = f.map(Optional.of(value), p);
    if (pp.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(pp.get(), p, ApiFields.V2_PROTOCOL_PORT);
    String dpPath = join(p, "destinationPort");
    if (pp.get().get("destinationPort").isEmpty()) {
      f.problem(
          pp.get(),
          dpPath,
          "required: a number or a range (every port is the range 1-65535)");
      return Optional.empty();
    }
    Optional<MapNode> dp = f.map(pp.get().get("destinationPort"), dpPath);
    if (dp.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(dp.get(), dpPath, ApiFields.V2_DESTINATION_PORT);
    Optional<String> which = exactlyOne(dp.get(), dpPath, ApiFields.V2_DESTINATION_PORT);
    if (which.isEmpty()) {
      return Optional.empty();
    }
    if (which.get().equals("number")) {
      return portValue(dp.get(), "number", dpPath).map(n -> ClusterPort.number(protocol, n));
    }
    String rangePath = join(dpPath, "range");
    Optional<MapNode> r = f.map(dp.get().get("range"), rangePath);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(r.get(), rangePath, ApiFields.V2_RANGE);
    return range(r.get(), rangePath, protocol, true);
  }

  private Optional<Integer> portValue(MapNode m, String field, String path) {
    String p = join(path, field);
    if (m.get(field).isEmpty()) {
      f.problem(m, p, "required: a port number from 1 to 65535");
      return Optional.empty();
    }
    Optional<Integer> n = f.integer(m.get(field), p);
    if (n.isPresent() && (n.get() < 1 || n.get() > 65535)) {
      f.problem(m.get(field).orElseThrow(), p, "expected 1 to 65535, found " + n.get());
      return Optional.empty();
    }
    return n;
  }

  private Optional<ClusterPort> range(
      MapNode m, String path, Protocol protocol, boolean startBeforeEnd) {
    Optional<Integer> start = portValue(m, "start", path);
    Optional<Integer> end = portValue(m, "end", path);
    if (start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    if (startBeforeEnd ? start.get() >= end.get() : start.get() > end.get()) {
      f.problem(
          m,
          path,
          "start must be " + (startBeforeEnd ? "less than" : "at most") + " end, found "
              + start.get() + "-" + end.get()
              + (startBeforeEnd ? " (for one port, write number: " + start.get() + ")" : ""));
      return Optional.empty();
    }
    return Optional.of(ClusterPort.range(protocol, start.get(), end.get()));
  }
}
