package dev.netpol.core.model;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a model object would be one the Kubernetes API server rejects: an invalid label, a
 * selector operator without values, a port out of range, an {@code except} outside its {@code
 * cidr}, and so on.
 *
 * <p>All the violations found in one object are reported together. The manifest loader adds the
 * file, line and column of each field path.
 *
 * <pre>{@code
 * try {
 *   LabelSelectorRequirement.of("tier", Operator.IN, List.of());
 * } catch (InvalidModelException e) {
 *   e.violations();  // [values: operator In needs at least one value]
 * }
 * }</pre>
 */
public final class InvalidModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The violations found, in field order. */
  private final ImmutableList<Violation> violations;

  /**
   * Creates the exception for one or more violations.
   *
   * @param what a short name of the object, e.g. {@code NetworkPolicy default/deny-all}
   * @param violations what is wrong with it; at least one
   */
  public InvalidModelException(String what, List<Violation> violations) {
    super(render(what, violations));
    Preconditions.checkArgument(!violations.isEmpty(), "at least one violation");
    this.violations = ImmutableList.copyOf(violations);
  }

  /**
   * Every violation found, in the order of the fields.
   *
   * @return the violations, never empty
   */
  public ImmutableList<Violation> violations() {
    return violations;
  }

  private static String render(String what, List<Violation> violations) {
    if (violations.size() == 1) {
      return "invalid " + what + ": " + violations.get(0);
    }
    return "invalid "
        + what
        + ": "
        + violations.size()
        + " problems\n"
        + violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n"));
  }
}
