package dev.netpol.core.lint;

import com.google.common.base.Preconditions;
import dev.netpol.core.manifest.SourceLocation;
import java.util.Optional;

/**
 * One mistake the linter found: which check ({@link #code()}), how serious, in which object and
 * where in it, what is wrong and how to fix it.
 *
 * <pre>{@code
 * finding.toString();
 * // k8s/np.yaml:20:7: NetworkPolicy default/allow-dns: spec.egress[0].to[0]: hint
 * //   split-peer-entries: to[0] {namespaceSelector: {}} and to[1] {podSelector:
 * //   k8s-app=kube-dns} are two entries, ORed: ... Fix: ...
 * }</pre>
 *
 * @param code the check that found it, e.g. {@link LintCode#REDUNDANT_RULE}
 * @param severity how serious it is
 * @param kind the object's kind, e.g. {@code NetworkPolicy}, {@code Deployment}
 * @param namespace the object's namespace; empty for a cluster-scoped object
 * @param name the object's name
 * @param location where the field was written; empty for a cluster built in code
 * @param fieldPath the field inside the object, e.g. {@code spec.egress[1].to[0]}; empty for the
 *     object as a whole
 * @param message what is wrong, with the facts that prove it
 * @param hint how to fix it
 */
public record Finding(
    LintCode code,
    Severity severity,
    String kind,
    String namespace,
    String name,
    Optional<SourceLocation> location,
    String fieldPath,
    String message,
    String hint) {

  /**
   * Checks that the texts that must say something do.
   *
   * @param code the check
   * @param severity the severity
   * @param kind the kind
   * @param namespace the namespace, possibly empty
   * @param name the name
   * @param location the location
   * @param fieldPath the field path, possibly empty
   * @param message the message
   * @param hint the hint
   */
  public Finding {
    Preconditions.checkArgument(!kind.isEmpty() && !name.isEmpty(), "kind and name needed");
    Preconditions.checkArgument(!message.isEmpty() && !hint.isEmpty(), "message and hint needed");
  }

  /**
   * The object, as messages name it.
   *
   * @return e.g. {@code NetworkPolicy shop/allow-web} or {@code AdminNetworkPolicy deny-all}
   */
  public String object() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  /**
   * Where it is, as one text: the file position when known, then the object and the field.
   *
   * @return e.g. {@code k8s/np.yaml:20:7: NetworkPolicy default/allow-dns: spec.egress[0]}
   */
  public String where() {
    return location.map(l -> l + ": ").orElse("")
        + object()
        + (fieldPath.isEmpty() ? "" : ": " + fieldPath);
  }

  /**
   * Returns {@code where: severity code: message. Fix: hint}, on one line.
   */
  @Override
  public String toString() {
    return where() + ": " + severity + " " + code + ": " + message + ". Fix: " + hint;
  }
}
