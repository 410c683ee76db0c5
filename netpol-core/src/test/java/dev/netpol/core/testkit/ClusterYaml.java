package dev.netpol.core.testkit;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link Cluster} as the Kubernetes manifests a user could apply: one document per
 * declared Namespace, Pod and NetworkPolicy, separated by {@code ---}.
 *
 * <pre>{@code
 * ClusterYaml.write(cluster);
 * // apiVersion: v1
 * // kind: Namespace
 * // metadata:
 * //   name: default
 * // ---
 * // apiVersion: v1
 * // kind: Pod
 * // ...
 * }</pre>
 *
 * <p>Implicit namespaces are not written (a loader recreates them from the objects that use
 * them), nor is the automatic {@code kubernetes.io/metadata.name} label. Strings that YAML 1.1
 * would read as something else ({@code ""}, {@code on}, {@code 012}) are single-quoted. A pod's
 * addresses are in {@code status.podIPs}; rules with no peers or no ports omit {@code from}/{@code
 * to}/{@code ports}, which means "all".
 */
public final class ClusterYaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:-]*");
  private static final Set<String> YAML11_WORDS = Set.of(
      "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~");

  private final StringBuilder out = new StringBuilder();

  private ClusterYaml() {}

  /**
   * The cluster as multi-document YAML.
   *
   * @param cluster the cluster
   * @return the manifests
   */
  public static String write(Cluster cluster) {
    ClusterYaml y = new ClusterYaml();
    for (Namespace ns : cluster.namespaces()) {
      if (!cluster.implicitNamespaces().contains(ns.name())) {
        y.namespace(ns);
      }
    }
    cluster.pods().forEach(y::pod);
    cluster.policies().forEach(y::policy);
    String yaml = y.out.length() == 0
        ? "# an empty cluster: no namespaces, pods or policies\n"
        : y.out.toString();
    return yaml + clusterPolicies(cluster);
  }

  /**
   * The cluster-scoped policies as comment lines (a summary a person reads, not manifests): a
   * counterexample that hides its tiers cannot be understood.
   */
  static String clusterPolicies(Cluster cluster) {
    StringBuilder out = new StringBuilder();
    for (var p : cluster.clusterPolicies()) {
      out.append("# ").append(p).append(" subject ").append(p.subject()).append('\n');
      for (int i = 0; i < p.ingress().size(); i++) {
        var r = p.ingress().get(i);
        out.append("#   ingress[").append(i).append("] ").append(r)
            .append(" from ").append(r.peers()).append(" ports ").append(r.ports()).append('\n');
      }
      for (int i = 0; i < p.egress().size(); i++) {
        var r = p.egress().get(i);
        out.append("#   egress[").append(i).append("] ").append(r)
            .append(" to ").append(r.peers()).append(" ports ").append(r.ports()).append('\n');
      }
    }
    return out.length() == 0 ? "" : "# cluster-scoped policies (a summary, not manifests):\n" + out;
  }

  private void document() {
    if (out.length() > 0) {
      out.append("---\n");
    }
  }

  private void namespace(Namespace ns) {
    document();
    line(0, "apiVersion: v1");
    line(0, "kind: Namespace");
    line(0, "metadata:");
    line(1, "name: " + scalar(ns.name()));
    labels(1, ns.labels().without(Namespace.NAME_LABEL));
  }

  private void pod(Pod pod) {
    document();
    line(0, "apiVersion: v1");
    line(0, "kind: Pod");
    metadata(pod.namespace(), pod.name());
    labels(1, pod.labels());
    line(0, "spec:");
    if (pod.hostNetwork()) {
      line(1, "hostNetwork: true");
    }
    line(1, "containers:");
    line(1, "- name: main");
    line(2, "image: registry.k8s.io/pause:3.9");
    if (!pod.containerPorts().isEmpty()) {
      line(2, "ports:");
      for (ContainerPort p : pod.containerPorts()) {
        String first = p.name().map(n -> "name: " + scalar(n)).orElse("containerPort: " + p.number());
        line(2, "- " + first);
        if (p.name().isPresent()) {
          line(3, "containerPort: " + p.number());
        }
        line(3, "protocol: " + p.protocol());
      }
    }
    if (!pod.ips().isEmpty()) {
      line(0, "status:");
      line(1, "podIP: " + scalar(pod.ips().get(0).toString()));
      line(1, "podIPs:");
      for (IpAddress ip : pod.ips()) {
        line(1, "- ip: " + scalar(ip.toString()));
      }
    }
  }

  private void policy(NetworkPolicy p) {
    document();
    line(0, "apiVersion: networking.k8s.io/v1");
    line(0, "kind: NetworkPolicy");
    metadata(p.namespace(), p.name());
    line(0, "spec:");
    selector(1, "podSelector", p.podSelector());
    if (!p.declaredPolicyTypes().isEmpty()) {
      line(1, "policyTypes:");
      for (PolicyType t : p.declaredPolicyTypes()) {
        line(1, "- " + t);
      }
    }
    rules(p.ingress(), "ingress", "from");
    rules(p.egress(), "egress", "to");
  }

  private void rules(List<NetworkPolicyRule> rules, String field, String peersField) {
    if (rules.isEmpty()) {
      return;
    }
    line(1, field + ":");
    for (NetworkPolicyRule rule : rules) {
      if (rule.peers().isEmpty() && rule.ports().isEmpty()) {
        line(1, "- {}");
        continue;
      }
      String dash = "- ";
      if (!rule.peers().isEmpty()) {
        line(1, dash + peersField + ":");
        dash = "  ";
        for (NetworkPolicyPeer peer : rule.peers()) {
          peer(peer);
        }
      }
      if (!rule.ports().isEmpty()) {
        line(1, dash + "ports:");
        for (NetworkPolicyPort port : rule.ports()) {
          port(port);
        }
      }
    }
  }

  private void peer(NetworkPolicyPeer peer) {
    if (peer instanceof IpBlockPeer) {
      IpBlockPeer block = (IpBlockPeer) peer;
      line(2, "- ipBlock:");
      line(4, "cidr: " + scalar(block.cidr().toString()));
      if (!block.except().isEmpty()) {
        line(4, "except:");
        for (Cidr e : block.except()) {
          line(4, "- " + scalar(e.toString()));
        }
      }
      return;
    }
    PodPeer pp = (PodPeer) peer;
    boolean first = true;
    if (pp.namespaceSelector().isPresent()) {
      selectorItem(first, "namespaceSelector", pp.namespaceSelector().get());
      first = false;
    }
    if (pp.podSelector().isPresent()) {
      selectorItem(first, "podSelector", pp.podSelector().get());
    }
  }

  private void selectorItem(boolean first, String field, LabelSelector s) {
    int mark = out.length();
    selector(3, field, s);
    // Turn the first field of the peer into the list item: "    field:" becomes "  - field:".
    if (first) {
      out.replace(mark, mark + 6, "    - ");
    }
  }

  private void port(NetworkPolicyPort port) {
    line(2, "- protocol: " + port.protocol());
    port.number().ifPresent(n -> line(3, "port: " + n));
    port.name().ifPresent(n -> line(3, "port: " + scalar(n)));
    port.endPort().ifPresent(e -> line(3, "endPort: " + e));
  }

  private void selector(int depth, String field, LabelSelector s) {
    if (s.isEmpty()) {
      line(depth, field + ": {}");
      return;
    }
    line(depth, field + ":");
    if (!s.matchLabels().isEmpty()) {
      line(depth + 1, "matchLabels:");
      s.matchLabels().forEach((k, v) -> line(depth + 2, scalar(k) + ": " + scalar(v)));
    }
    if (!s.matchExpressions().isEmpty()) {
      line(depth + 1, "matchExpressions:");
      for (LabelSelectorRequirement r : s.matchExpressions()) {
        line(depth + 1, "- key: " + scalar(r.key()));
        line(depth + 2, "operator: " + r.operator());
        if (!r.values().isEmpty()) {
          line(depth + 2, "values:");
          for (String v : r.values()) {
            line(depth + 2, "- " + scalar(v));
          }
        }
      }
    }
  }

  private void metadata(String namespace, String name) {
    line(0, "metadata:");
    line(1, "name: " + scalar(name));
    line(1, "namespace: " + scalar(namespace));
  }

  private void labels(int depth, Labels labels) {
    if (labels.isEmpty()) {
      return;
    }
    line(depth, "labels:");
    for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
      line(depth + 1, scalar(e.getKey()) + ": " + scalar(e.getValue()));
    }
  }

  private void line(int depth, String text) {
    out.append("  ".repeat(depth)).append(text).append('\n');
  }

  /**
   * A string as a YAML scalar that reads back as that same string: plain when safe, otherwise
   * single-quoted.
   *
   * @param s the string
   * @return its YAML form
   */
  static String scalar(String s) {
    boolean plain = PLAIN.matcher(s).matches()
        && !YAML11_WORDS.contains(s.toLowerCase(Locale.ROOT))
        && !s.contains(":");
    return plain ? s : "'" + s.replace("'", "''") + "'";
  }
}
