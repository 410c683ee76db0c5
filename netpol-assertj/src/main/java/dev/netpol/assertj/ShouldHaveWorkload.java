package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.reach.WorkloadMatrix;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code workload("ns/name")} named no workload (and no lone pod) of the cluster: the nearest
 * names, else the workloads of the namespace, else the namespaces, so a typo is seen at once.
 */
final class ShouldHaveWorkload extends BasicErrorMessageFactory {
  private ShouldHaveWorkload(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldHaveWorkload(Cluster cluster, String id) {
    List<String> ids = cluster.pods().stream().map(WorkloadMatrix::groupId).distinct().sorted()
        .toList();
    List<String> near = Suggestions.closest(id, ids);
    String namespace = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
    List<String> inNamespace = ids.stream().filter(i -> i.startsWith(namespace + "/")).toList();
    String hint;
    if (!near.isEmpty()) {
      hint = "did you mean " + String.join(", ", near) + "?";
    } else if (!inNamespace.isEmpty()) {
      hint = "workloads of namespace " + namespace + ": " + String.join(", ", inNamespace);
    } else {
      hint = "namespaces with pods: " + String.join(", ", cluster.pods().stream()
          .map(p -> p.namespace()).distinct().sorted().toList());
    }
    return new ShouldHaveWorkload(
        "expected a workload (or a pod of no workload) %s in the cluster, but there is none; "
            + Messages.literal(hint),
        id);
  }
}
