package dev.netpol.core.policy;

import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;

/**
 * The pods a cluster-scoped policy applies to ({@code spec.subject}), exactly one of:
 *
 * <ul>
 *   <li>{@code namespaces: <selector>}: every pod of the matching namespaces;
 *   <li>{@code pods: {namespaceSelector, podSelector}}: the matching pods of the matching
 *       namespaces (an AND; an empty selector matches everything).
 * </ul>
 *
 * <pre>{@code
 * ClusterSubject.namespaces(LabelSelector.matchLabels("tenant", "a"));
 * ClusterSubject.pods(LabelSelector.everything(), LabelSelector.matchLabels("app", "db"));
 * }</pre>
 *
 * <p>A host-network pod is never a subject (docs/cluster-policies.md#subjects).
 */
public sealed interface ClusterSubject permits ClusterSubject.Namespaces, ClusterSubject.Pods {

  /**
   * Every pod of the namespaces a selector matches.
   *
   * @param namespaceSelector the selector on namespace labels
   * @return the subject
   */
  static ClusterSubject namespaces(LabelSelector namespaceSelector) {
    return new Namespaces(namespaceSelector);
  }

  /**
   * The pods a selector matches in the namespaces another matches.
   *
   * @param namespaceSelector the selector on namespace labels ({@code {}}: every namespace)
   * @param podSelector the selector on pod labels
   * @return the subject
   */
  static ClusterSubject pods(LabelSelector namespaceSelector, LabelSelector podSelector) {
    return new Pods(namespaceSelector, podSelector);
  }

  /**
   * Whether the subject selects a pod: never a host-network pod; otherwise as the selectors say.
   *
   * <pre>{@code
   * ClusterSubject.namespaces(matchLabels("tenant", "a")).selects(dbPod, Labels.of("tenant", "a"));
   * // true, unless dbPod uses the host network
   * }</pre>
   *
   * @param pod the pod
   * @param namespaceLabels the labels of the pod's namespace
   * @return true if the policy applies to the pod
   */
  default boolean selects(Pod pod, Labels namespaceLabels) {
    return !pod.hostNetwork() && matches(pod.labels(), namespaceLabels);
  }

  /**
   * Whether the selectors match, host network aside.
   *
   * @param podLabels the pod's labels
   * @param namespaceLabels its namespace's labels
   * @return true if they match
   */
  boolean matches(Labels podLabels, Labels namespaceLabels);

  /**
   * {@code subject.namespaces}.
   *
   * @param namespaceSelector the selector on namespace labels
   */
  record Namespaces(LabelSelector namespaceSelector) implements ClusterSubject {
    @Override
    public boolean matches(Labels podLabels, Labels namespaceLabels) {
      return namespaceSelector.matches(namespaceLabels);
    }

    /** Returns e.g. {@code namespaces {tenant=a}}. */
    @Override
    public String toString() {
      return "namespaces " + Braces.of(namespaceSelector);
    }
  }

  /**
   * {@code subject.pods}.
   *
   * @param namespaceSelector the selector on namespace labels
   * @param podSelector the selector on pod labels
   */
  record Pods(LabelSelector namespaceSelector, LabelSelector podSelector)
      implements ClusterSubject {
    @Override
    public boolean matches(Labels podLabels, Labels namespaceLabels) {
      return namespaceSelector.matches(namespaceLabels) && podSelector.matches(podLabels);
    }

    /** Returns e.g. {@code pods {namespaceSelector: {}, podSelector: {app=db}}}. */
    @Override
    public String toString() {
      return "pods {namespaceSelector: " + Braces.of(namespaceSelector) + ", podSelector: "
          + Braces.of(podSelector) + "}";
    }
  }
}
