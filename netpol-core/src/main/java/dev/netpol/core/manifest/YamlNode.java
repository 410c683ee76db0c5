package dev.netpol.core.manifest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a parsed document, with where it was written. Built from the parser's tokens (never
 * by object mapping), so scalars keep their YAML type and whether they were quoted.
 */
abstract class YamlNode {
  final SourceLocation location;
  /** The node count of this subtree with aliases expanded; bounds the work on hostile input. */
  final long weight;

  YamlNode(SourceLocation location, long weight) {
    this.location = location;
    this.weight = weight;
  }

  /** How the node reads in an error message: "a mapping", "the boolean yes", ... */
  abstract String describe();

  boolean isNull() {
    return this instanceof Scalar && ((Scalar) this).type == ScalarType.NULL;
  }

  enum ScalarType {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  /** A mapping; keys in written order, each with the location of the key. */
  static final class MapNode extends YamlNode {
    final Map<String, YamlNode> entries;
    final Map<String, SourceLocation> keyLocations;

    MapNode(
        SourceLocation location,
        Map<String, YamlNode> entries,
        Map<String, SourceLocation> keyLocations,
        long weight) {
      super(location, weight);
      this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      this.keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
    }

    /** The value of a key, absent when missing or written as null. */
    Optional<YamlNode> get(String key) {
      YamlNode n = entries.get(key);
      return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    SourceLocation keyLocation(String key) {
      return keyLocations.getOrDefault(key, location);
    }

    @Override
    String describe() {
      return "a mapping";
    }
  }

  /** A sequence. */
  static final class SeqNode extends YamlNode {
    final List<YamlNode> items;

    SeqNode(SourceLocation location, List<YamlNode> items, long weight) {
      super(location, weight);
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override
    String describe() {
      return "a sequence";
    }
  }

  /** A scalar with its resolved type, its text as written, and whether it was quoted. */
  static final class Scalar extends YamlNode {
    final ScalarType type;
    final String text;
    final boolean quoted;
    final Optional<BigInteger> integer;

    Scalar(
        SourceLocation location,
        ScalarType type,
        String text,
        boolean quoted,
        Optional<BigInteger> integer) {
      super(location, 1);
      this.type = type;
      this.text = text;
      this.quoted = quoted;
      this.integer = integer;
    }

    @Override
    String describe() {
      switch (type) {
        case STRING:
          return "the string \"" + text + "\"";
        case INT:
        case FLOAT:
          return "the number " + text;
        case BOOL:
          return "the boolean " + text;
        default:
          return "null";
      }
    }
  }
}
