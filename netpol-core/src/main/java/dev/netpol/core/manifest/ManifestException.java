package dev.netpol.core.manifest;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when manifests cannot be loaded: it carries every problem of the load, not only the
 * first, each with file, line, column and field path.
 *
 * <pre>{@code
 * try {
 *   Cluster.load(Path.of("k8s"));
 * } catch (ManifestException e) {
 *   e.problems();     // [k8s/np.yaml:14:9: spec.ingress[0].from[1].ipBlock.cidr: invalid CIDR ...]
 *   e.getMessage();   // one line per problem
 * }
 * }</pre>
 */
public final class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The problems, in the order of the input. */
  private final ImmutableList<ManifestProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found; at least one
   */
  public ManifestException(List<ManifestProblem> problems) {
    super(render(problems));
    Preconditions.checkArgument(!problems.isEmpty(), "at least one problem");
    this.problems = ImmutableList.copyOf(problems);
  }

  /**
   * Every problem found, in the order of the input.
   *
   * @return the problems, never empty
   */
  public ImmutableList<ManifestProblem> problems() {
    return problems;
  }

  private static String render(List<ManifestProblem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size()
        + " problems in the manifests:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
