package dev.netpol.core.manifest;

import dev.netpol.core.Cluster;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.manifest.Decoded.Origin;
import dev.netpol.core.manifest.Decoded.PolicyObject;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.policy.NetworkPolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Namespaces that objects use but no Namespace object declares (docs/semantics.md#validation).
 * Most are a warning: the namespace is created with only its name label, as many manifests never
 * declare theirs. One is an error: an undeclared namespace that holds nothing but policies and is
 * spelled almost like a declared one ({@code storefornt} beside {@code storefront}). A policy
 * applies only to pods of its own namespace, so such policies would protect nothing, silently.
 */
final class UndeclaredNamespaces {
  /** The most single-letter edits between a typo and the namespace it meant. */
  static final int MAX_TYPO_EDITS = 2;

  private final Diagnostics d;
  private final String defaultNamespace;

  UndeclaredNamespaces(Diagnostics diagnostics, String defaultNamespace) {
    this.d = diagnostics;
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * Reports each undeclared namespace of the cluster: an error if it looks like a typo, else a
   * warning naming the first object that uses it.
   *
   * @param cluster the cluster built from the objects
   * @param declared the namespaces declared by Namespace objects
   * @param firstUse the first object to use each namespace
   * @param objects the objects of the load
   */
  void check(
      Cluster cluster, Set<String> declared, Map<String, Origin> firstUse, List<Decoded> objects) {
    for (String ns : cluster.implicitNamespaces()) {
      Origin o = firstUse.get(ns);
      if (o == null || declared.contains(ns)) {
        continue;
      }
      List<String> meant = typoOf(ns, declared);
      if (!meant.isEmpty() && holdsOnlyPolicies(cluster, ns)) {
        typo(ns, meant, cluster.policiesIn(ns), o, objects);
      } else {
        d.warning(
            o.location(),
            "",
            "namespace "
                + ns
                + (ns.equals(defaultNamespace) ? " (the default namespace)" : "")
                + " is used by "
                + o.identity()
                + " but never declared: created with only its "
                + Namespace.NAME_LABEL
                + " label");
      }
    }
  }

  /**
   * The declared namespaces within {@value #MAX_TYPO_EDITS} edits of a name, nearest first; a
   * name so short that the edits would replace every letter ({@code db} and {@code ui}) is no
   * typo of anything.
   */
  static List<String> typoOf(String ns, Set<String> declared) {
    return declared.stream()
        .filter(
            n -> {
              int edits = Suggestions.distance(ns, n);
              return edits > 0
                  && edits <= MAX_TYPO_EDITS
                  && edits < Math.min(ns.length(), n.length());
            })
        .sorted(Comparator.comparingInt((String n) -> Suggestions.distance(ns, n))
            .thenComparing(n -> n))
        .collect(Collectors.toList());
  }

  private static boolean holdsOnlyPolicies(Cluster cluster, String ns) {
    return cluster.podsIn(ns).isEmpty()
        && cluster.workloads().stream().noneMatch(w -> w.namespace().equals(ns))
        && cluster.services().stream().noneMatch(s -> s.namespace().equals(ns))
        && !cluster.policiesIn(ns).isEmpty();
  }

  private void typo(
      String ns,
      List<String> meant,
      List<NetworkPolicy> policies,
      Origin o,
      List<Decoded> objects) {
    String path = Fields.join(o.base(), "metadata.namespace");
    SourceLocation where =
        objects.stream()
            .filter(x -> x instanceof PolicyObject && x.origin().equals(o))
            .map(x -> YamlPaths.locate(((PolicyObject) x).root(), "metadata.namespace"))
            .findFirst()
            .orElse(o.location());
    String names =
        policies.stream().map(p -> "NetworkPolicy " + p.id()).collect(Collectors.joining(", "));
    d.problem(
        where,
        path,
        "namespace "
            + ns
            + " is never declared and holds only policies ("
            + names
            + "): did you mean "
            + String.join(" or ", meant)
            + "? A policy applies only to pods of its own namespace, so "
            + (policies.size() == 1 ? "this one protects" : "these protect")
            + " nothing. Fix metadata.namespace, or declare namespace "
            + ns
            + " with a Namespace object if it is meant");
  }
}
