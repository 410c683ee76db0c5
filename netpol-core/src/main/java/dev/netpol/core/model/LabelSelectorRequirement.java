package dev.netpol.core.model;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One entry of a selector's {@code matchExpressions}: a key, an operator and (for {@code In} and
 * {@code NotIn}) a set of values.
 *
 * <pre>{@code
 * LabelSelectorRequirement.in("tier", "web", "api");   // tier in (api,web)
 * LabelSelectorRequirement.notIn("env", "prod");       // env notin (prod): also true without env
 * LabelSelectorRequirement.exists("team");             // team
 * LabelSelectorRequirement.doesNotExist("legacy");     // !legacy
 * }</pre>
 *
 * @param key the label key the requirement tests
 * @param operator how it tests it
 * @param values the values for {@code In}/{@code NotIn} (at least one); empty for {@code
 *     Exists}/{@code DoesNotExist}
 */
public record LabelSelectorRequirement(
    String key, Operator operator, ImmutableSortedSet<String> values) {

  /** The operators of {@code matchExpressions}, spelled as in YAML by {@link #toString()}. */
  public enum Operator {
    /** The key is present and its value is one of the values. */
    IN("In"),
    /** The key is absent, or present with a value that is none of the values. */
    NOT_IN("NotIn"),
    /** The key is present, whatever its value. */
    EXISTS("Exists"),
    /** The key is absent. */
    DOES_NOT_EXIST("DoesNotExist");

    private final String yaml;

    Operator(String yaml) {
      this.yaml = yaml;
    }

    /**
     * Reads an operator as written in YAML ({@code In}, {@code NotIn}, {@code Exists}, {@code
     * DoesNotExist}; case-sensitive, as in Kubernetes).
     *
     * @param text the operator name
     * @return the operator
     * @throws IllegalArgumentException if it is none of the four
     */
    public static Operator parse(String text) {
      for (Operator o : values()) {
        if (o.yaml.equals(text)) {
          return o;
        }
      }
      throw new IllegalArgumentException(
          "unknown operator \"" + text + "\": expected one of In, NotIn, Exists, DoesNotExist");
    }

    /** Returns the YAML spelling, e.g. {@code NotIn}. */
    @Override
    public String toString() {
      return yaml;
    }
  }

  /**
   * Validates the requirement as the API server does.
   *
   * @param key the label key
   * @param operator the operator
   * @param values the values
   * @throws InvalidModelException if the key or a value is invalid, {@code In}/{@code NotIn} has
   *     no values, or {@code Exists}/{@code DoesNotExist} has some
   */
  public LabelSelectorRequirement {
    List<Violation> violations = new ArrayList<>();
    KubernetesNames.checkLabelKey(key).ifPresent(m -> violations.add(new Violation("key", m)));
    boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
    if (needsValues && values.isEmpty()) {
      violations.add(
          new Violation("values", "operator " + operator + " needs at least one value"));
    }
    if (!needsValues && !values.isEmpty()) {
      violations.add(
          new Violation(
              "values", "operator " + operator + " takes no values, found " + values));
    }
    for (String v : values) {
      KubernetesNames.checkLabelValue(v).ifPresent(m -> violations.add(new Violation("values", m)));
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("label selector requirement", violations);
    }
  }

  /**
   * A requirement from its parts.
   *
   * @param key the label key
   * @param operator the operator
   * @param values the values (order and duplicates do not matter)
   * @return the requirement
   */
  public static LabelSelectorRequirement of(
      String key, Operator operator, Collection<String> values) {
    return new LabelSelectorRequirement(key, operator, ImmutableSortedSet.copyOf(values));
  }

  /**
   * {@code key In (values)}.
   *
   * @param key the label key
   * @param values at least one value
   * @return the requirement
   */
  public static LabelSelectorRequirement in(String key, String... values) {
    return of(key, Operator.IN, List.of(values));
  }

  /**
   * {@code key NotIn (values)}: true for objects without the key, too.
   *
   * @param key the label key
   * @param values at least one value
   * @return the requirement
   */
  public static LabelSelectorRequirement notIn(String key, String... values) {
    return of(key, Operator.NOT_IN, List.of(values));
  }

  /**
   * {@code key Exists}.
   *
   * @param key the label key
   * @return the requirement
   */
  public static LabelSelectorRequirement exists(String key) {
    return of(key, Operator.EXISTS, List.of());
  }

  /**
   * {@code key DoesNotExist}.
   *
   * @param key the label key
   * @return the requirement
   */
  public static LabelSelectorRequirement doesNotExist(String key) {
    return of(key, Operator.DOES_NOT_EXIST, List.of());
  }

  /**
   * Whether labels satisfy this requirement.
   *
   * @param labels an object's labels
   * @return true if they do
   */
  public boolean matches(Labels labels) {
    switch (operator) {
      case IN:
        String value = labels.asMap().get(key);
        return value != null && values.contains(value);
      case NOT_IN:
        String other = labels.asMap().get(key);
        return other == null || !values.contains(other);
      case EXISTS:
        return labels.containsKey(key);
      case DOES_NOT_EXIST:
        return !labels.containsKey(key);
      default:
        throw new AssertionError(operator);
    }
  }

  /**
   * Returns the kubectl {@code -l} form: {@code key in (a,b)}, {@code key notin (a)}, {@code key},
   * {@code !key}.
   */
  @Override
  public String toString() {
    switch (operator) {
      case IN:
        return key + " in (" + String.join(",", values) + ")";
      case NOT_IN:
        return key + " notin (" + String.join(",", values) + ")";
      case EXISTS:
        return key;
      case DOES_NOT_EXIST:
        return "!" + key;
      default:
        throw new AssertionError(operator);
    }
  }
}
