package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A Kubernetes label selector: {@code matchLabels} and {@code matchExpressions}, all ANDed.
 *
 * <p>An empty selector ({@code {}}) matches every object. Where a selector is <em>absent</em>
 * from a NetworkPolicy peer, that is modelled as {@code Optional.empty()} by the caller, not as an
 * empty selector: the two mean different things.
 *
 * <pre>{@code
 * LabelSelector s = LabelSelector.parse("app=web,tier in (api,web),!legacy");
 * s.matches(Labels.of("app", "web", "tier", "api"));   // true
 * s.toString();                                         // "app=web,tier in (api,web),!legacy"
 * LabelSelector.builder().matchLabel("app", "db").build();
 * }</pre>
 *
 * <p>The string form is kubectl's {@code -l} syntax: {@code k=v} (also {@code k==v}), {@code
 * k!=v} (a {@code NotIn} with one value: true when the key is absent), {@code k in (a,b)}, {@code
 * k notin (a,b)}, {@code k} (exists), {@code !k} (does not exist), separated by commas. The empty
 * selector prints as {@code {}}.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING =
      new LabelSelector(ImmutableSortedMap.of(), ImmutableList.of());

  private final ImmutableSortedMap<String, String> matchLabels;
  private final ImmutableList<LabelSelectorRequirement> matchExpressions;
  /** {@link #matchLabels} as two arrays, walked by {@link #matches} without making entries. */
  private final String[] labelKeys;
  private final String[] labelValues;
  /** Selectors are hashed often (caches keyed by peers and selectors): once is enough. */
  private final int hash;

  private LabelSelector(
      ImmutableSortedMap<String, String> matchLabels,
      ImmutableList<LabelSelectorRequirement> matchExpressions) {
    this.matchLabels = matchLabels;
    this.matchExpressions = matchExpressions;
    this.labelKeys = matchLabels.keySet().toArray(new String[0]);
    this.labelValues = matchLabels.values().toArray(new String[0]);
    this.hash = Objects.hash(matchLabels, matchExpressions);
  }

  /**
   * The empty selector {@code {}}, which matches every object.
   *
   * @return the selector that selects everything
   */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * A selector of {@code matchLabels} only.
   *
   * @param keysAndValues {@code key1, value1, key2, value2, ...}
   * @return the selector
   */
  public static LabelSelector matchLabels(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("matchLabels needs keys and values in pairs");
    }
    Builder b = builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.matchLabel(keysAndValues[i], keysAndValues[i + 1]);
    }
    return b.build();
  }

  /**
   * A new builder.
   *
   * @return a builder for an empty selector
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The exact equality requirements ({@code matchLabels}).
   *
   * @return label keys to required values
   */
  public ImmutableSortedMap<String, String> matchLabels() {
    return matchLabels;
  }

  /**
   * The set-based requirements ({@code matchExpressions}), in the order written.
   *
   * @return the requirements
   */
  public ImmutableList<LabelSelectorRequirement> matchExpressions() {
    return matchExpressions;
  }

  /**
   * Whether this is {@code {}}, which matches everything.
   *
   * @return true if there are no requirements at all
   */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /**
   * Whether an object with these labels is selected.
   *
   * @param labels the object's labels
   * @return true if every requirement holds
   */
  public boolean matches(Labels labels) {
    ImmutableSortedMap<String, String> map = labels.asMap();
    for (int i = 0; i < labelKeys.length; i++) {
      if (!labelValues[i].equals(map.get(labelKeys[i]))) {
        return false;
      }
    }
    for (int i = 0; i < matchExpressions.size(); i++) {
      if (!matchExpressions.get(i).matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every requirement of this selector, {@code matchLabels} first, each written as a requirement
   * ({@code app=web} becomes {@code app in (web)}): the form used to explain which one failed.
   *
   * @return the requirements
   */
  public ImmutableList<LabelSelectorRequirement> requirements() {
    ImmutableList.Builder<LabelSelectorRequirement> b = ImmutableList.builder();
    matchLabels.forEach((k, v) -> b.add(LabelSelectorRequirement.in(k, v)));
    return b.addAll(matchExpressions).build();
  }

  /**
   * The label keys this selector looks at.
   *
   * @return the keys of {@code matchLabels} and {@code matchExpressions}
   */
  public ImmutableList<String> keys() {
    return Stream.concat(
            matchLabels.keySet().stream(), matchExpressions.stream().map(r -> r.key()))
        .distinct()
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * Parses kubectl's {@code -l} syntax.
   *
   * @param text e.g. {@code "app=web,tier in (a,b),!legacy"}; {@code ""} or {@code "{}"} for the
   *     empty selector
   * @return the selector
   * @throws IllegalArgumentException with the position of the syntax error, or {@link
   *     InvalidModelException} if a key or value is invalid
   */
  public static LabelSelector parse(String text) {
    return new SelectorParser(text).parse();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LabelSelector)) {
      return false;
    }
    LabelSelector other = (LabelSelector) o;
    return hash == other.hash
        && matchLabels.equals(other.matchLabels) && matchExpressions.equals(other.matchExpressions);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns kubectl's {@code -l} syntax, which {@link #parse} reads back; {@code {}} if empty. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
    matchExpressions.forEach(r -> parts.add(r.toString()));
    return String.join(",", parts);
  }

  /** Builds a {@link LabelSelector}; {@link #build()} validates nothing more than the parts did. */
  public static final class Builder {
    private final Map<String, String> matchLabels = new LinkedHashMap<>();
    private final List<LabelSelectorRequirement> matchExpressions = new ArrayList<>();

    private Builder() {}

    /**
     * Adds one {@code matchLabels} entry.
     *
     * @param key the label key
     * @param value the required value
     * @return this builder
     * @throws IllegalArgumentException if the key is already in {@code matchLabels} with
     *     another value
     */
    public Builder matchLabel(String key, String value) {
      String previous = matchLabels.putIfAbsent(key, value);
      if (previous != null && !previous.equals(value)) {
        throw new IllegalArgumentException(
            "matchLabels has key \"" + key + "\" twice: " + previous + " and " + value);
      }
      return this;
    }

    /**
     * Adds every label as a {@code matchLabels} entry.
     *
     * @param labels the labels to require
     * @return this builder
     */
    public Builder matchLabels(Labels labels) {
      labels.asMap().forEach(this::matchLabel);
      return this;
    }

    /**
     * Adds one {@code matchExpressions} entry.
     *
     * @param requirement the requirement
     * @return this builder
     */
    public Builder matchExpression(LabelSelectorRequirement requirement) {
      matchExpressions.add(requirement);
      return this;
    }

    /**
     * Adds one {@code matchExpressions} entry from its parts.
     *
     * @param key the label key
     * @param operator the operator
     * @param values the values ({@code In}/{@code NotIn} need at least one)
     * @return this builder
     */
    public Builder matchExpression(String key, Operator operator, String... values) {
      return matchExpression(LabelSelectorRequirement.of(key, operator, List.of(values)));
    }

    /**
     * Builds the selector.
     *
     * @return the selector
     * @throws InvalidModelException if a {@code matchLabels} key or value is invalid
     */
    public LabelSelector build() {
      Labels labels;
      try {
        labels = Labels.copyOf(matchLabels);
      } catch (InvalidModelException e) {
        throw new InvalidModelException(
            "label selector",
            e.violations().stream().map(v -> v.under("matchLabels")).collect(
                ImmutableList.toImmutableList()));
      }
      if (labels.isEmpty() && matchExpressions.isEmpty()) {
        return EVERYTHING;
      }
      return new LabelSelector(labels.asMap(), ImmutableList.copyOf(matchExpressions));
    }
  }
}
