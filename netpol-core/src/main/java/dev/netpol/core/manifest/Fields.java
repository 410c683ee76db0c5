package dev.netpol.core.manifest;

import dev.netpol.core.internal.Suggestions;
import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.Scalar;
import dev.netpol.core.manifest.YamlNode.ScalarType;
import dev.netpol.core.manifest.YamlNode.SeqNode;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Violation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to the fields of a {@link YamlNode} tree: each accessor checks the type and records
 * a located problem ("expected a string, found the boolean yes") instead of coercing.
 */
final class Fields {
  /** Types with at most this many fields list them in an unknown-field message. */
  private static final int LISTED_FIELDS = 8;

  final Diagnostics diagnostics;

  Fields(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  int problemCount() {
    return diagnostics.problems.size();
  }

  void problem(YamlNode at, String path, String message) {
    diagnostics.problem(at.location, path, message);
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static String key(String path, String key) {
    return path + "[\"" + key + "\"]";
  }

  Optional<MapNode> map(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof MapNode) {
      return Optional.of((MapNode) node.get());
    }
    typeError(node.get(), path, "a mapping");
    return Optional.empty();
  }

  List<YamlNode> seq(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return List.of();
    }
    if (node.get() instanceof SeqNode) {
      return ((SeqNode) node.get()).items;
    }
    typeError(node.get(), path, "a sequence");
    return List.of();
  }

  Optional<String> string(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    YamlNode n = node.get();
    if (n instanceof Scalar && ((Scalar) n).type == ScalarType.STRING) {
      return Optional.of(((Scalar) n).text);
    }
    typeError(n, path, "a string");
    return Optional.empty();
  }

  /** An integer field; floats, strings (even "80") and booleans are refused. */
  Optional<Integer> integer(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    YamlNode n = node.get();
    if (n instanceof Scalar && ((Scalar) n).type == ScalarType.INT) {
      Optional<BigInteger> v = ((Scalar) n).integer;
      if (v.isPresent() && v.get().bitLength() < 32) {
        return Optional.of(v.get().intValue());
      }
      problem(n, path, "expected an integer, found " + n.describe() + ", which is out of range");
      return Optional.empty();
    }
    typeError(n, path, "an integer");
    return Optional.empty();
  }

  Optional<Boolean> bool(Optional<YamlNode> node, String path) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    YamlNode n = node.get();
    if (n instanceof Scalar && ((Scalar) n).type == ScalarType.BOOL) {
      String t = ((Scalar) n).text.toLowerCase(java.util.Locale.ROOT);
      return Optional.of(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
    }
    typeError(n, path, "a boolean (true or false)");
    return Optional.empty();
  }

  /** A map of strings to strings, as {@code labels} or a Service {@code selector}. */
  /**
   * The {@code protocol} field of a port: TCP when absent (the Kubernetes default) or when the
   * value is refused, which is recorded as a problem.
   */
  Protocol protocol(MapNode port, String path) {
    Optional<String> text = string(port.get("protocol"), join(path, "protocol"));
    if (text.isEmpty()) {
      return Protocol.TCP;
    }
    try {
      return Protocol.parse(text.get());
    } catch (IllegalArgumentException e) {
      problem(port.get("protocol").orElseThrow(), join(path, "protocol"), e.getMessage());
      return Protocol.TCP;
    }
  }

  Map<String, String> stringMap(Optional<YamlNode> node, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<MapNode> m = map(node, path);
    if (m.isEmpty()) {
      return out;
    }
    m.get().entries.forEach(
        (k, v) -> {
          if (v.isNull()) {
            // kubectl refuses a null label value, as it refuses every non-string value
            problem(v, key(path, k), "expected a string, found null");
            return;
          }
          string(Optional.of(v), key(path, k)).ifPresent(s -> out.put(k, s));
        });
    return out;
  }

  void typeError(YamlNode n, String path, String expected) {
    String hint = "";
    if (n instanceof Scalar && expected.equals("a string")) {
      Scalar s = (Scalar) n;
      if (s.type == ScalarType.BOOL || s.type == ScalarType.INT || s.type == ScalarType.FLOAT) {
        hint =
            " (YAML reads an unquoted "
                + s.text
                + " as a "
                + (s.type == ScalarType.BOOL ? "boolean" : "number")
                + "): quote it, \""
                + s.text
                + "\"";
      }
    }
    problem(n, path, "expected " + expected + ", found " + n.describe() + hint);
  }

  /**
   * Refuses fields the API type does not have, as kubectl's strict field validation does,
   * suggesting the closest known name. Small types list their fields; large ones name the type.
   */
  void knownFields(MapNode m, String path, ApiFields.FieldSet known) {
    for (String k : m.entries.keySet()) {
      if (!known.contains(k)) {
        String closest = closest(k, known.all());
        String where =
            known.all().size() <= LISTED_FIELDS
                ? "; known fields here: " + String.join(", ", known.all())
                : "; "
                    + known.type()
                    + " has no such field in Kubernetes "
                    + ApiFields.VERSION
                    + ", and kubectl's strict field validation refuses it too";
        diagnostics.problem(
            m.keyLocation(k),
            join(path, k),
            "unknown field \""
                + k
                + "\""
                + (closest.isEmpty() ? "" : " (did you mean \"" + closest + "\"?)")
                + where);
      }
    }
  }

  static String closest(String word, java.util.Collection<String> candidates) {
    return Suggestions.closest(word, candidates).stream().findFirst().orElse("");
  }

  /**
   * Records the violations of a model constructor as problems, each path re-attached under the
   * component's path and located at the node it names (or the closest enclosing one).
   */
  void attach(InvalidModelException e, YamlNode component, String componentPath) {
    for (Violation v : e.violations()) {
      Violation full = v.under(componentPath);
      diagnostics.problem(resolve(component, v.fieldPath()).location, full.fieldPath(), v.message());
    }
  }

  /** Finds the node at a relative path such as {@code except[0]} or {@code labels["app"]}. */
  static YamlNode resolve(YamlNode base, String path) {
    YamlNode cur = base;
    List<String> segments = segments(path);
    for (String s : segments) {
      YamlNode next = null;
      if (s.startsWith("#") && cur instanceof SeqNode) {
        int i = Integer.parseInt(s.substring(1));
        List<YamlNode> items = ((SeqNode) cur).items;
        next = i < items.size() ? items.get(i) : null;
      } else if (!s.startsWith("#") && cur instanceof MapNode) {
        next = ((MapNode) cur).entries.get(s);
      }
      if (next == null) {
        return cur;
      }
      cur = next;
    }
    return cur;
  }

  /** Splits a field path into keys and {@code #index} segments. */
  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
      } else if (path.startsWith("[\"", i)) {
        int end = path.indexOf("\"]", i + 2);
        if (end < 0) {
          break;
        }
        out.add(path.substring(i + 2, end));
        i = end + 2;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          break;
        }
        String inside = path.substring(i + 1, end);
        if (inside.chars().allMatch(Character::isDigit) && !inside.isEmpty()) {
          out.add("#" + inside);
        }
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        out.add(path.substring(i, end));
        i = end;
      }
    }
    return out;
  }
}
