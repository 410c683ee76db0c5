package dev.netpol.core.manifest;

/**
 * One reason a set of manifests cannot be loaded as the API server would accept it: where it is,
 * which field, what was expected and what was found.
 *
 * <pre>{@code
 * problem.toString();
 * // k8s/policies.yaml:14:9: spec.ingress[0].from[1].ipBlock.cidr: invalid CIDR "10.0.0.0/33":
 * //   prefix must be at most 32, found 33
 * }</pre>
 *
 * @param location the file, line and column
 * @param fieldPath the field path inside the object, e.g. {@code spec.ingress[0].ports[1].port};
 *     empty when the problem is not about one field (e.g. a YAML syntax error)
 * @param message what was expected and what was found
 */
public record ManifestProblem(SourceLocation location, String fieldPath, String message) {

  /** Returns {@code location: fieldPath: message}. */
  @Override
  public String toString() {
    return location + ": " + (fieldPath.isEmpty() ? "" : fieldPath + ": ") + message;
  }
}
