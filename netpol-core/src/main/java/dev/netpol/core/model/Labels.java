package dev.netpol.core.model;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The labels of a Kubernetes object ({@code metadata.labels}): an immutable map from label keys to
 * values, sorted by key, each key and value checked against the API server's syntax.
 *
 * <pre>{@code
 * Labels labels = Labels.of("app", "frontend", "tier", "web");
 * labels.get("app");             // Optional[frontend]
 * labels.toString();             // "app=frontend,tier=web"
 * Labels.parse("app=frontend");  // the same labels, from the form toString prints
 * }</pre>
 *
 * <p>An empty value is valid ({@code release: ""}) and is different from an absent key: {@code
 * Exists} matches the first and not the second.
 */
public final class Labels {
  private static final Labels EMPTY = new Labels(ImmutableSortedMap.of());

  private final ImmutableSortedMap<String, String> map;

  private Labels(ImmutableSortedMap<String, String> map) {
    this.map = map;
  }

  /**
   * No labels.
   *
   * @return the empty label set
   */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Labels from alternating keys and values.
   *
   * @param keysAndValues {@code key1, value1, key2, value2, ...}
   * @return the labels
   * @throws InvalidModelException if a key or value is invalid
   * @throws IllegalArgumentException if the number of arguments is odd or a key repeats
   */
  public static Labels of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Labels.of needs keys and values in pairs");
    }
    ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return copyOf(b.buildOrThrow());
  }

  /**
   * Labels from a map, validated.
   *
   * @param labels label keys to values
   * @return the labels
   * @throws InvalidModelException naming every invalid key or value, e.g. {@code ["app"]: label
   *     value "a b" must consist of ...}
   */
  public static Labels copyOf(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return EMPTY;
    }
    List<Violation> violations = new ArrayList<>();
    labels.forEach(
        (k, v) -> {
          KubernetesNames.checkLabelKey(k)
              .ifPresent(m -> violations.add(new Violation("[\"" + k + "\"]", m)));
          KubernetesNames.checkLabelValue(v)
              .ifPresent(m -> violations.add(new Violation("[\"" + k + "\"]", m)));
        });
    if (!violations.isEmpty()) {
      throw new InvalidModelException("labels", violations);
    }
    return new Labels(ImmutableSortedMap.copyOf(labels));
  }

  /**
   * Parses the form {@link #toString()} prints: {@code key=value} pairs separated by commas.
   *
   * @param text e.g. {@code "app=frontend,tier=web"}; empty for no labels
   * @return the labels
   * @throws IllegalArgumentException if a pair has no {@code =} or a key repeats
   */
  public static Labels parse(String text) {
    if (text.isBlank()) {
      return EMPTY;
    }
    ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "invalid labels \"" + text + "\": expected key=value, found \"" + pair + "\"");
      }
      b.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return copyOf(b.buildOrThrow());
  }

  /**
   * The value of a label.
   *
   * @param key the label key
   * @return its value, or empty if the object has no such label
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /**
   * Whether the object has a label with this key (whatever its value, even empty).
   *
   * @param key the label key
   * @return true if present
   */
  public boolean containsKey(String key) {
    return map.containsKey(key);
  }

  /**
   * The labels as a sorted map.
   *
   * @return an immutable map, sorted by key
   */
  public ImmutableSortedMap<String, String> asMap() {
    return map;
  }

  /**
   * Whether there are no labels.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  /**
   * These labels with one more (or one replaced).
   *
   * @param key the label key
   * @param value its value
   * @return new labels
   */
  public Labels with(String key, String value) {
    ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
    map.forEach(
        (k, v) -> {
          if (!k.equals(key)) {
            b.put(k, v);
          }
        });
    b.put(key, value);
    return copyOf(b.buildOrThrow());
  }

  /**
   * These labels without one key.
   *
   * @param key the label key to remove
   * @return new labels, or these if the key was absent
   */
  public Labels without(String key) {
    if (!map.containsKey(key)) {
      return this;
    }
    ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
    map.forEach(
        (k, v) -> {
          if (!k.equals(key)) {
            b.put(k, v);
          }
        });
    return new Labels(b.buildOrThrow());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels && ((Labels) o).map.equals(map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  /** Returns {@code key=value} pairs in key order, separated by commas, as kubectl prints them. */
  @Override
  public String toString() {
    return map.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
