package dev.netpol.core.model;

import com.google.common.base.Preconditions;

/**
 * One reason an object is invalid, as the API server would report it: where (a field path such
 * as {@code spec.ingress[0].ports[1].endPort}) and what is wrong.
 *
 * <pre>{@code
 * new Violation("spec.ingress[0].ports[1].endPort", "must be >= port 8080, found 80")
 * // toString(): "spec.ingress[0].ports[1].endPort: must be >= port 8080, found 80"
 * }</pre>
 *
 * @param fieldPath the path of the offending field, relative to the object's root, in the
 *     notation of {@code kubectl explain}; empty for the object as a whole
 * @param message what was expected and what was found
 */
public record Violation(String fieldPath, String message) {

  /**
   * Checks that the message is not empty.
   *
   * @param fieldPath the path of the offending field
   * @param message what was expected and what was found
   */
  public Violation {
    Preconditions.checkArgument(!message.isEmpty(), "message must not be empty");
  }

  /**
   * Returns this violation with a prefix added to its path, so a violation found inside a nested
   * value reads from the root of the enclosing object.
   *
   * @param prefix the path of the nested value, e.g. {@code spec.podSelector}
   * @return the violation with path {@code prefix.fieldPath}
   */
  public Violation under(String prefix) {
    if (prefix.isEmpty()) {
      return this;
    }
    if (fieldPath.isEmpty()) {
      return new Violation(prefix, message);
    }
    String sep = fieldPath.startsWith("[") ? "" : ".";
    return new Violation(prefix + sep + fieldPath, message);
  }

  @Override
  public String toString() {
    return fieldPath.isEmpty() ? message : fieldPath + ": " + message;
  }
}
