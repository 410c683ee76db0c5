package dev.netpol.core.manifest;

/**
 * Something the loader accepted, as the API server would, but that may not be what was meant:
 * an {@code ipBlock} CIDR whose host bits were masked, a namespace created because objects use it
 * without declaring it, rules ignored because {@code policyTypes} leaves their direction out.
 *
 * <pre>{@code
 * warning.toString();
 * // k8s/np.yaml:9:15: spec.ingress[0].from[0].ipBlock.cidr: "10.0.1.1/8" has host bits set:
 * //   read as 10.0.0.0/8, as the API server does
 * }</pre>
 *
 * @param location where it was written
 * @param fieldPath the field path inside the object, or empty
 * @param message what was done and why
 */
public record ManifestWarning(SourceLocation location, String fieldPath, String message) {

  /** Returns {@code location: fieldPath: message}. */
  @Override
  public String toString() {
    return location + ": " + (fieldPath.isEmpty() ? "" : fieldPath + ": ") + message;
  }
}
