package dev.netpol.core.manifest;

import static dev.netpol.core.manifest.Fields.index;
import static dev.netpol.core.manifest.Fields.join;

import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.Scalar;
import dev.netpol.core.manifest.YamlNode.ScalarType;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a {@code networking.k8s.io/v1} NetworkPolicy strictly: unknown fields anywhere in
 * {@code spec} are errors (a misspelled {@code namespaceSelctor} would silently widen a rule),
 * and every value is checked as the API server checks it.
 */
final class PolicyDecoder {
  private final Fields f;

  PolicyDecoder(Fields fields) {
    this.f = fields;
  }

  /** Decodes the policy; empty if it had a problem (already recorded). */
  Optional<NetworkPolicy> decode(String namespace, String name, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.NETWORK_POLICY);
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    NetworkPolicy.Builder b = NetworkPolicy.builder(namespace, name);
    if (spec.isPresent()) {
      MapNode s = spec.get();
      f.knownFields(s, specPath, ApiFields.NETWORK_POLICY_SPEC);
      podSelector(s, specPath, namespace).ifPresent(b::podSelector);
      b.policyTypes(policyTypes(s, specPath).toArray(new PolicyType[0]));
      rules(s, specPath, "ingress", "from", ApiFields.INGRESS_RULE).forEach(b::ingress);
      rules(s, specPath, "egress", "to", ApiFields.EGRESS_RULE).forEach(b::egress);
    }
    if (f.problemCount() > before) {
      return Optional.empty();
    }
    try {
      NetworkPolicy p = b.build();
      warnIgnoredRules(p, spec, root, specPath);
      return Optional.of(p);
    } catch (InvalidModelException e) {
      f.attach(e, root, base);
      return Optional.empty();
    }
  }

  /** The pod selector; an absent one reads as {@code {}}, with a warning. */
  private Optional<LabelSelector> podSelector(MapNode spec, String specPath, String namespace) {
    Optional<YamlNode> podSelector = spec.get("podSelector");
    if (podSelector.isEmpty()) {
      f.diagnostics.warning(
          spec.location,
          join(specPath, "podSelector"),
          "absent: read as {} (every pod of namespace " + namespace + "), as the API server does");
    }
    return selector(podSelector, join(specPath, "podSelector"));
  }

  /**
   * The policy types as written, each checked, a repeated one read once; absent is none (the
   * policy infers them). The API server accepts {@code [Ingress, Ingress]} and refuses more than
   * two entries.
   */
  private List<PolicyType> policyTypes(MapNode spec, String specPath) {
    List<PolicyType> types = new ArrayList<>();
    String listPath = join(specPath, "policyTypes");
    List<YamlNode> written = f.seq(spec.get("policyTypes"), listPath);
    if (written.size() > 2) {
      f.problem(
          spec.get("policyTypes").orElseThrow(),
          listPath,
          "may not specify more than two policyTypes, found "
              + written.size()
              + " (the API server refuses it): list Ingress, Egress or both, once each");
      return types;
    }
    for (int i = 0; i < written.size(); i++) {
      String path = index(listPath, i);
      YamlNode n = written.get(i);
      f.string(Optional.of(n), path)
          .ifPresent(
              t -> {
                try {
                  PolicyType type = PolicyType.parse(t);
                  if (!types.contains(type)) {
                    types.add(type);
                  }
                } catch (IllegalArgumentException e) {
                  f.problem(n, path, e.getMessage());
                }
              });
    }
    return types;
  }

  /** Warns of rules written for a direction the declared policy types leave out. */
  private void warnIgnoredRules(
      NetworkPolicy p, Optional<MapNode> spec, MapNode root, String specPath) {
    for (PolicyType t : PolicyType.values()) {
      if (p.ignoresWrittenRules(t)) {
        String field = t == PolicyType.INGRESS ? "ingress" : "egress";
        f.diagnostics.warning(
            spec.map(m -> m.keyLocation(field)).orElse(root.location),
            join(specPath, field),
            "rules are ignored: spec.policyTypes "
                + p.declaredPolicyTypes()
                + " does not include "
                + t);
      }
    }
  }

  private List<NetworkPolicyRule> rules(
      MapNode spec, String specPath, String field, String peersField, ApiFields.FieldSet known) {
    List<NetworkPolicyRule> out = new ArrayList<>();
    String listPath = join(specPath, field);
    List<YamlNode> items = f.seq(spec.get(field), listPath);
    for (int i = 0; i < items.size(); i++) {
      String rulePath = index(listPath, i);
      YamlNode item = items.get(i);
      if (item.isNull()) {
        out.add(NetworkPolicyRule.allowAll()); // "- " alone is an empty rule, as "- {}"
        continue;
      }
      Optional<MapNode> rule = f.map(Optional.of(item), rulePath);
      if (rule.isEmpty()) {
        continue;
      }
      f.knownFields(rule.get(), rulePath, known);
      NetworkPolicyRule.Builder b = NetworkPolicyRule.builder();
      List<YamlNode> peers = f.seq(rule.get().get(peersField), join(rulePath, peersField));
      for (int j = 0; j < peers.size(); j++) {
        peer(peers.get(j), index(join(rulePath, peersField), j)).ifPresent(b::peer);
      }
      List<YamlNode> ports = f.seq(rule.get().get("ports"), join(rulePath, "ports"));
      for (int j = 0; j < ports.size(); j++) {
        port(ports.get(j), index(join(rulePath, "ports"), j)).ifPresent(b::port);
      }
      out.add(b.build());
    }
    return out;
  }

  private Optional<NetworkPolicyPeer> peer(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (node.isNull() || (m.isPresent() && m.get().entries.values().stream().allMatch(YamlNode::isNull))) {
      f.problem(node, path, "must specify at least one of podSelector, namespaceSelector or ipBlock");
      return Optional.empty();
    }
    if (m.isEmpty()) {
      return Optional.empty();
    }
    MapNode peer = m.get();
    f.knownFields(peer, path, ApiFields.PEER);
    Optional<YamlNode> ipBlock = peer.get("ipBlock");
    Optional<YamlNode> pods = peer.get("podSelector");
    Optional<YamlNode> namespaces = peer.get("namespaceSelector");
    if (ipBlock.isPresent()) {
      if (pods.isPresent() || namespaces.isPresent()) {
        f.problem(
            ipBlock.get(),
            join(path, "ipBlock"),
            "ipBlock cannot be combined with podSelector or namespaceSelector in one peer entry;"
                + " to allow either, write separate entries (\"- ipBlock: ...\" and \"-"
                + " podSelector: ...\")");
        return Optional.empty();
      }
      return ipBlock(ipBlock.get(), join(path, "ipBlock"));
    }
    Optional<LabelSelector> podSelector = selector(pods, join(path, "podSelector"));
    Optional<LabelSelector> namespaceSelector =
        selector(namespaces, join(path, "namespaceSelector"));
    if (podSelector.isEmpty() && namespaceSelector.isEmpty()) {
      return Optional.empty(); // a problem was recorded
    }
    return Optional.of(new PodPeer(podSelector, namespaceSelector));
  }

  private Optional<NetworkPolicyPeer> ipBlock(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    f.knownFields(m.get(), path, ApiFields.IP_BLOCK);
    Optional<YamlNode> cidrNode = m.get().get("cidr");
    if (cidrNode.isEmpty()) {
      f.problem(node, join(path, "cidr"), "required: an ipBlock needs a cidr, e.g. 10.0.0.0/8");
    }
    Optional<Cidr> cidr = cidrNode.flatMap(n -> cidr(n, join(path, "cidr")));
    List<Cidr> except = new ArrayList<>();
    List<YamlNode> exceptNodes = f.seq(m.get().get("except"), join(path, "except"));
    boolean ok = true;
    for (int i = 0; i < exceptNodes.size(); i++) {
      Optional<Cidr> e = cidr(exceptNodes.get(i), index(join(path, "except"), i));
      e.ifPresent(except::add);
      ok &= e.isPresent();
    }
    if (cidr.isEmpty() || !ok) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new IpBlockPeer(cidr.get(), com.google.common.collect.ImmutableList.copyOf(except)));
    } catch (InvalidModelException e) {
      f.attach(e, node, path);
      return Optional.empty();
    }
  }

  private Optional<Cidr> cidr(YamlNode node, String path) {
    Optional<String> text = f.string(Optional.of(node), path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Cidr c = Cidr.parse(text.get());
      if (!Cidr.isCanonical(text.get())) {
        f.diagnostics.warning(
            node.location,
            path,
            "\"" + text.get() + "\" has host bits set: read as " + c + ", as the API server does");
      }
      return Optional.of(c);
    } catch (IllegalArgumentException e) {
      f.problem(node, path, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<NetworkPolicyPort> port(YamlNode node, String path) {
    if (node.isNull()) {
      // "- " or [null] alone: the API server decodes an empty port entry, so every port of TCP,
      // the defaulted protocol (docs/semantics.md#ports)
      return Optional.of(NetworkPolicyPort.all(Protocol.TCP));
    }
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
    MapNode p = m.get();
    f.knownFields(p, path, ApiFields.POLICY_PORT);
    Protocol protocol = f.protocol(p, path);
    Optional<YamlNode> portNode = p.get("port");
    String portPath = join(path, "port");
    Optional<Integer> number = portNode.flatMap(n -> portNumber(n, portPath));
    Optional<String> name = portNode.flatMap(n -> portName(n, portPath));
    Optional<Integer> endPort = f.integer(p.get("endPort"), join(path, "endPort"));
    if (f.problemCount() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(new NetworkPolicyPort(protocol, number, name, endPort));
    } catch (InvalidModelException e) {
      f.attach(e, node, path);
      return Optional.empty();
    }
  }

  /**
   * The number of a {@code port} written as an integer, warning when YAML 1.1 reads it as another
   * number than it looks; empty for a port name (see {@link #portName}).
   */
  private Optional<Integer> portNumber(YamlNode n, String path) {
    if (!(n instanceof Scalar scalar) || scalar.type != ScalarType.INT) {
      return Optional.empty();
    }
    Optional<Integer> number = f.integer(Optional.of(n), path);
    if (number.isPresent() && !scalar.text.equals(String.valueOf(number.get()))) {
      // kubectl reads 010 as octal 8, 0x50 and 0o120 as 80: legal, but rarely
      // meant; say which number the policy really names.
      f.diagnostics.warning(
          n.location,
          path,
          "port " + scalar.text + " is read as the number " + number.get()
              + (scalar.text.toLowerCase(java.util.Locale.ROOT).startsWith("0o")
                  ? " (Go number syntax, which kubectl reads)"
                  : " (YAML 1.1 number syntax)")
              + "; write " + number.get() + " if that is meant");
    }
    return number;
  }

  /**
   * The name of a {@code port} written as a string; a quoted number is refused (Kubernetes would
   * read it as a name, which needs a letter), and so is any other value than a number or string.
   */
  private Optional<String> portName(YamlNode n, String path) {
    if (n instanceof Scalar scalar && scalar.type == ScalarType.INT) {
      return Optional.empty();
    }
    if (!(n instanceof Scalar scalar) || scalar.type != ScalarType.STRING) {
      f.problem(n, path, "expected a port number or name, found " + n.describe());
      return Optional.empty();
    }
    String s = scalar.text;
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      f.problem(
          n,
          path,
          "the quoted \""
              + s
              + "\" is a string, which Kubernetes reads as a port name, and a port name needs"
              + " a letter: write the number without quotes (port: "
              + s
              + ")");
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Decodes a label selector; absent stays absent, problems are recorded. */
  Optional<LabelSelector> selector(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Optional<MapNode> m = f.map(node, path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
    f.knownFields(m.get(), path, ApiFields.LABEL_SELECTOR);
    LabelSelector.Builder b = LabelSelector.builder();
    java.util.Map<String, String> matchLabels =
        f.stringMap(m.get().get("matchLabels"), join(path, "matchLabels"));
    try {
      // checked here, not only in build(), so these problems join the others of the selector
      dev.netpol.core.model.Labels.copyOf(matchLabels);
      matchLabels.forEach(b::matchLabel);
    } catch (InvalidModelException e) {
      f.attach(e, m.get().get("matchLabels").orElse(m.get()), join(path, "matchLabels"));
    }
    String exprPath = join(path, "matchExpressions");
    List<YamlNode> exprs = f.seq(m.get().get("matchExpressions"), exprPath);
    for (int i = 0; i < exprs.size(); i++) {
      requirement(exprs.get(i), index(exprPath, i)).ifPresent(b::matchExpression);
    }
    if (f.problemCount() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(b.build());
    } catch (InvalidModelException e) {
      f.attach(e, m.get(), path);
      return Optional.empty();
    }
  }

  private Optional<LabelSelectorRequirement> requirement(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
    MapNode r = m.get();
    f.knownFields(r, path, ApiFields.SELECTOR_REQUIREMENT);
    Optional<String> key = f.string(r.get("key"), join(path, "key"));
    if (r.get("key").isEmpty()) {
      f.problem(node, join(path, "key"), "required: the label key to test");
    }
    Optional<Operator> operator = Optional.empty();
    Optional<String> opText = f.string(r.get("operator"), join(path, "operator"));
    if (r.get("operator").isEmpty()) {
      f.problem(node, join(path, "operator"), "required: one of In, NotIn, Exists, DoesNotExist");
    }
    if (opText.isPresent()) {
      try {
        operator = Optional.of(Operator.parse(opText.get()));
      } catch (IllegalArgumentException e) {
        f.problem(r.get("operator").orElseThrow(), join(path, "operator"), e.getMessage());
      }
    }
    List<String> values = new ArrayList<>();
    List<YamlNode> valueNodes = f.seq(r.get("values"), join(path, "values"));
    for (int i = 0; i < valueNodes.size(); i++) {
      f.string(Optional.of(valueNodes.get(i)), index(join(path, "values"), i)).ifPresent(values::add);
    }
    if (f.problemCount() > before || key.isEmpty() || operator.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LabelSelectorRequirement.of(key.get(), operator.get(), values));
    } catch (InvalidModelException e) {
      f.attach(e, node, path);
      return Optional.empty();
    }
  }
}
