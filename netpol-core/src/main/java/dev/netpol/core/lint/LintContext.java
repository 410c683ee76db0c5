package dev.netpol.core.lint;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.SourceMap;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What every check shares during one lint: the cluster, the options, the index, the output. */
final class LintContext {
  final Cluster cluster;
  final EvaluationOptions options;
  final SourceMap sources;
  final List<Finding> findings = new ArrayList<>();
  private final Set<LintCode> enabled;
  private Shapes shapes;

  LintContext(Cluster cluster, EvaluationOptions options, Set<LintCode> enabled) {
    this.cluster = cluster;
    this.options = options;
    this.sources = cluster.sources();
    this.enabled = enabled;
  }

  boolean on(LintCode code) {
    return enabled.contains(code);
  }

  boolean anyOn(LintCode... codes) {
    for (LintCode c : codes) {
      if (enabled.contains(c)) {
        return true;
      }
    }
    return false;
  }

  Shapes shapes() {
    if (shapes == null) {
      shapes = new Shapes(cluster);
    }
    return shapes;
  }

  /** The namespace object of a name: declared or implicit, whose labels selectors see. */
  Namespace namespace(String name) {
    return cluster.namespace(name).orElse(Namespace.of(name));
  }

  void policy(LintCode code, NetworkPolicy p, String path, String message, String hint) {
    object(code, "NetworkPolicy", p.namespace(), p.name(), path, message, hint);
  }

  void object(
      LintCode code,
      String kind,
      String namespace,
      String name,
      String path,
      String message,
      String hint) {
    if (!on(code)) {
      return;
    }
    String id = namespace.isEmpty() ? name : namespace + "/" + name;
    findings.add(
        new Finding(
            code,
            code.severity(),
            kind,
            namespace,
            name,
            sources.locate(kind, id, path),
            sources.fieldPath(kind, id, path),
            message,
            hint));
  }

  /** {@code spec.ingress} or {@code spec.egress}. */
  static String rules(PolicyType direction) {
    return direction == PolicyType.INGRESS ? "spec.ingress" : "spec.egress";
  }

  /** {@code spec.ingress[i]}. */
  static String rule(PolicyType direction, int i) {
    return rules(direction) + "[" + i + "]";
  }

  /** {@code spec.ingress[i].from[j]} or {@code spec.egress[i].to[j]}. */
  static String peer(PolicyType direction, int i, int j) {
    return rule(direction, i) + (direction == PolicyType.INGRESS ? ".from[" : ".to[") + j + "]";
  }

  /** {@code from} or {@code to}. */
  static String peers(PolicyType direction) {
    return direction == PolicyType.INGRESS ? "from" : "to";
  }
}
