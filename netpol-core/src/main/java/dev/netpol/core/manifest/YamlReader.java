package dev.netpol.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.Scalar;
import dev.netpol.core.manifest.YamlNode.ScalarType;
import dev.netpol.core.manifest.YamlNode.SeqNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Turns YAML or JSON text into {@link YamlNode} documents, enforcing the {@link Limits}, refusing
 * custom tags and resolving aliases (and {@code <<} merge keys) with a cap on the nodes they add.
 *
 * <p>YAML is read from the parser's events, so every anchor (on a scalar too), tag and quoting
 * style is seen; unquoted values are typed as kubectl types them ({@link KubectlScalars}). Input
 * that starts with {@code {} or {@code [} is read as JSON first and, if that fails, as YAML (a
 * flow mapping is YAML), as kubectl does. See {@code docs/reading-files.md}.
 */
final class YamlReader {
  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final Set<String> STANDARD_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq");

  private final Limits limits;
  private final Diagnostics target;

  // State of the input being read.
  private Diagnostics diagnostics;
  private String source = "";
  private final Map<String, YamlNode> anchors = new HashMap<>();
  private long aliasExpansion;

  /** Stops reading one input: a limit was exceeded or the syntax is broken. */
  private static final class StopInput extends Exception {
    private static final long serialVersionUID = 1L;

    StopInput() {
      super(null, null, false, false);
    }
  }

  YamlReader(Limits limits, Diagnostics diagnostics) {
    this.limits = limits;
    this.target = diagnostics;
    this.diagnostics = diagnostics;
  }

  /** Reads every non-empty document of one input; problems go to the diagnostics. */
  List<YamlNode> read(String source, String text) {
    this.source = source;
    if (text.length() > limits.maxSourceChars()) {
      target.problem(
          SourceLocation.of(source),
          "",
          "input is larger than the limit of " + limits.maxSourceChars() + " characters");
      return new ArrayList<>();
    }
    if (!looksLikeJson(text)) {
      return readInto(target, () -> readYaml(text));
    }
    // kubectl reads input that starts with { or [ as JSON, and as YAML when that fails.
    Diagnostics asJson = new Diagnostics();
    List<YamlNode> json = readInto(asJson, () -> readJson(text));
    if (asJson.problems.isEmpty()) {
      copy(asJson, target);
      return json;
    }
    Diagnostics asYaml = new Diagnostics();
    List<YamlNode> yaml = readInto(asYaml, () -> readYaml(text));
    boolean yamlWins = asYaml.problems.isEmpty() || further(asYaml, asJson);
    copy(yamlWins ? asYaml : asJson, target);
    return yamlWins ? yaml : json;
  }

  @FunctionalInterface
  private interface Reading {
    List<YamlNode> read(List<YamlNode> documents) throws StopInput;
  }

  private List<YamlNode> readInto(Diagnostics d, java.util.function.Supplier<Reading> how) {
    this.diagnostics = d;
    List<YamlNode> documents = new ArrayList<>();
    try {
      how.get().read(documents);
    } catch (StopInput e) {
      // the problem is recorded; the documents read so far are still checked
    } finally {
      this.diagnostics = target;
    }
    return documents;
  }

  /** Whether the first problem of {@code a} lies further into the input than that of {@code b}. */
  private static boolean further(Diagnostics a, Diagnostics b) {
    Comparator<SourceLocation> order =
        Comparator.comparingInt(SourceLocation::line).thenComparingInt(SourceLocation::column);
    return order.compare(a.problems.get(0).location(), b.problems.get(0).location()) > 0;
  }

  private static void copy(Diagnostics from, Diagnostics to) {
    to.problems.addAll(from.problems);
    to.warnings.addAll(from.warnings);
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        continue;
      }
      return c == '{' || c == '[';
    }
    return false;
  }

  // ---- YAML, from the parser's events ----

  private Reading readYaml(String text) {
    return documents -> {
      checkCharacters(text);
      Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), loaderOptions());
      event(parser); // the stream start
      int count = 0;
      Event e;
      while (!((e = event(parser)) instanceof StreamEndEvent)) {
        if (!(e instanceof DocumentStartEvent)) {
          stop(at(e.getStartMark()), "invalid YAML: expected a document, found " + e.getEventId());
        }
        Event first = event(parser);
        count++;
        if (count > limits.maxDocuments()) {
          stop(
              at(first.getStartMark()),
              "more than " + limits.maxDocuments() + " documents in one input");
        }
        anchors.clear();
        aliasExpansion = 0;
        YamlNode root = node(parser, first, 1);
        event(parser); // the document end
        if (!root.isNull()) {
          documents.add(root);
        }
      }
      return documents;
    };
  }

  private LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(limits.maxSourceChars() + 1);
    options.setNestingDepthLimit(limits.maxNestingDepth() + 10);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE); // aliases are counted by weight here
    options.setAllowDuplicateKeys(false);
    return options;
  }

  /**
   * Refuses, before parsing, what YAML does not allow anywhere (control characters, at their real
   * line and column) and lines longer than a value may be: the parser's time grows with the square
   * of a line's length, so a 25-million-character value would take minutes to refuse.
   */
  private void checkCharacters(String text) throws StopInput {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (c == '\n') {
        checkLineLength(line, i - lineStart);
        line++;
        lineStart = i + 1;
      } else if (!printable(c)) {
        int column = text.codePointCount(lineStart, i) + 1;
        stop(
            new SourceLocation(source, line, column),
            String.format(
                "control character U+%04X%s is not allowed in YAML, not even in a comment or a"
                    + " quoted string: remove it (inside double quotes write it as an escape,"
                    + " e.g. \"\\u%04X\")",
                c, controlName(c), c));
      }
      i += Character.charCount(c);
    }
    checkLineLength(line, text.length() - lineStart);
  }

  private void checkLineLength(int line, int length) throws StopInput {
    if (length > limits.maxScalarChars()) {
      stop(
          new SourceLocation(source, line, 1),
          "line "
              + line
              + " is "
              + length
              + " characters long, more than the limit of "
              + limits.maxScalarChars()
              + " for one value: a Kubernetes object is at most about 1.5 MB, so no value in a"
              + " manifest can be this long (is the file what you meant to load?)");
    }
  }

  /** YAML's printable characters (tab, line breaks, and no other C0, C1 or DEL controls). */
  private static boolean printable(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85
        || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static String controlName(int c) {
    switch (c) {
      case 0:
        return " (NUL)";
      case 0x1B:
        return " (ESC)";
      case 0x7F:
        return " (DEL)";
      default:
        return "";
    }
  }

  private Event event(Parser parser) throws StopInput {
    try {
      return parser.getEvent();
    } catch (MarkedYAMLException e) {
      syntaxError(e);
    } catch (YAMLException e) {
      String msg = firstLine(e.getMessage());
      if (msg.contains("exceeds the limit")) {
        stop(SourceLocation.of(source), "input exceeds a limit: " + msg);
      }
      stop(SourceLocation.of(source), "invalid YAML: " + msg);
    }
    throw new AssertionError("unreachable");
  }

  private void syntaxError(MarkedYAMLException m) throws StopInput {
    Mark mark = m.getProblemMark();
    SourceLocation where = mark == null ? SourceLocation.of(source) : at(mark);
    String problem = m.getProblem() == null ? firstLine(m.getMessage()) : m.getProblem();
    String context = m.getContext();
    Mark contextMark = m.getContextMark();
    String message =
        problem
            + (context == null
                ? ""
                : " ("
                    + context
                    + (contextMark == null ? "" : " at line " + (contextMark.getLine() + 1))
                    + ")");
    stop(where, "invalid YAML: " + message);
  }

  private YamlNode node(Parser parser, Event e, int depth) throws StopInput {
    SourceLocation where = at(e.getStartMark());
    if (depth > limits.maxNestingDepth()) {
      stop(where, "nesting deeper than the limit of " + limits.maxNestingDepth() + " levels");
    }
    if (e instanceof AliasEvent) {
      return alias(((AliasEvent) e).getAnchor(), where);
    }
    YamlNode node;
    if (e instanceof ScalarEvent) {
      node = scalar((ScalarEvent) e, where);
    } else if (e instanceof SequenceStartEvent) {
      checkTag(((CollectionStartEvent) e).getTag(), where);
      node = sequence(parser, where, depth);
    } else if (e instanceof MappingStartEvent) {
      checkTag(((CollectionStartEvent) e).getTag(), where);
      node = mapping(parser, where, depth);
    } else {
      stop(where, "invalid YAML: expected a value, found " + e.getEventId());
      throw new AssertionError("unreachable");
    }
    String anchor = ((NodeEvent) e).getAnchor();
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private YamlNode sequence(Parser parser, SourceLocation where, int depth) throws StopInput {
    List<YamlNode> items = new ArrayList<>();
    long weight = 1;
    Event c;
    while (!((c = event(parser)) instanceof SequenceEndEvent)) {
      YamlNode item = node(parser, c, depth + 1);
      items.add(item);
      weight += item.weight;
    }
    return new SeqNode(where, items, weight);
  }

  private YamlNode mapping(Parser parser, SourceLocation where, int depth) throws StopInput {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, SourceLocation> keys = new LinkedHashMap<>();
    List<YamlNode> merges = new ArrayList<>();
    long weight = 1;
    Event k;
    while (!((k = event(parser)) instanceof MappingEndEvent)) {
      SourceLocation keyAt = at(k.getStartMark());
      Optional<String> key = key(k, keyAt);
      boolean merge = k instanceof ScalarEvent && isMergeKey((ScalarEvent) k);
      if (key.isPresent() && !merge && entries.containsKey(key.get())) {
        stop(
            at(k.getEndMark()),
            "duplicate key \""
                + key.get()
                + "\" in one mapping (YAML readers silently keep only one of them; remove the"
                + " other)");
      }
      if (k instanceof CollectionStartEvent) {
        skip(parser, k); // the complex key, reported by key()
      }
      YamlNode value = node(parser, event(parser), depth + 1);
      weight += value.weight;
      if (merge) {
        merges.add(value);
      } else if (key.isPresent()) {
        entries.put(key.get(), value);
        keys.put(key.get(), keyAt);
      }
    }
    for (YamlNode m : merges) {
      merge(m, entries, keys);
    }
    return new MapNode(where, entries, keys, weight);
  }

  private static boolean isMergeKey(ScalarEvent k) {
    return k.isPlain() && k.getTag() == null && k.getValue().equals("<<");
  }

  private void merge(
      YamlNode merge, Map<String, YamlNode> entries, Map<String, SourceLocation> keys) {
    List<YamlNode> sources = merge instanceof SeqNode ? ((SeqNode) merge).items : List.of(merge);
    for (YamlNode s : sources) {
      if (!(s instanceof MapNode)) {
        diagnostics.problem(
            s.location,
            "",
            "a << merge key needs a mapping (or a list of them), found " + s.describe());
        continue;
      }
      MapNode m = (MapNode) s;
      m.entries.forEach(
          (k, val) -> {
            if (!entries.containsKey(k)) {
              entries.put(k, val);
              keys.put(k, m.keyLocation(k));
            }
          });
    }
  }

  /**
   * The text of a mapping key as kubectl reads it. Kubernetes keys are strings: an unquoted key
   * that kubectl would turn into another string ({@code on} into {@code "true"}, {@code 010} into
   * {@code "8"}) or refuse ({@code ~}) is refused with a hint to quote it, and so is a mapping or
   * sequence used as a key.
   */
  private Optional<String> key(Event k, SourceLocation keyAt) throws StopInput {
    if (k instanceof AliasEvent) {
      YamlNode target = alias(((AliasEvent) k).getAnchor(), keyAt);
      if (target instanceof Scalar && ((Scalar) target).type == ScalarType.STRING) {
        return Optional.of(((Scalar) target).text);
      }
      diagnostics.problem(
          keyAt, "", "a key must be a string, found an alias to " + target.describe());
      return Optional.empty();
    }
    if (!(k instanceof ScalarEvent)) {
      diagnostics.problem(
          keyAt,
          "",
          "a key must be a string, found "
              + (k instanceof MappingStartEvent ? "a mapping" : "a sequence")
              + " used as a key (a YAML complex key, \"? ...\"): Kubernetes objects have only"
              + " string keys; write the key as plain text");
      return Optional.empty();
    }
    ScalarEvent s = (ScalarEvent) k;
    String text = s.getValue();
    checkScalarLength(text, keyAt);
    if (s.getTag() != null) {
      checkTag(s.getTag(), keyAt);
      return Optional.of(text);
    }
    if (!s.isPlain() || text.equals("<<")) {
      return Optional.of(text);
    }
    Optional<String> kubectlKey = KubectlScalars.key(text);
    if (kubectlKey.isPresent() && kubectlKey.get().equals(text)) {
      return Optional.of(text);
    }
    KubectlScalars.Reading r = KubectlScalars.read(text);
    String reading;
    if (r.type() == ScalarType.NULL) {
      reading = "null, and refuses a null key";
    } else if (kubectlKey.isPresent()) {
      reading =
          (r.type() == ScalarType.BOOL ? "the boolean " : "the number ")
              + kubectlKey.get()
              + ", so this key would be \""
              + kubectlKey.get()
              + "\", not \""
              + text
              + "\"";
    } else {
      reading = "a number, so this key would not be \"" + text + "\"";
    }
    diagnostics.problem(
        keyAt,
        "",
        "key " + text + ": kubectl reads an unquoted " + text + " as " + reading
            + ": quote it (\"" + text + "\") to keep the text");
    return Optional.of(text);
  }

  /** Skips the events of a collection used as a key (already reported). */
  private void skip(Parser parser, Event start) throws StopInput {
    int open = 1;
    while (open > 0) {
      Event e = event(parser);
      if (e instanceof CollectionStartEvent) {
        open++;
      } else if (e instanceof SequenceEndEvent || e instanceof MappingEndEvent) {
        open--;
      }
    }
  }

  private YamlNode alias(String name, SourceLocation where) throws StopInput {
    YamlNode target = anchors.get(name);
    if (target == null) {
      diagnostics.problem(
          where,
          "",
          "alias *" + name + " refers to no anchor &" + name
              + " defined before it in this document");
      return new Scalar(where, ScalarType.NULL, "", false, Optional.empty());
    }
    aliasExpansion += target.weight;
    if (aliasExpansion > limits.maxAliasExpansion()) {
      stop(
          where,
          "aliases expand to more than "
              + limits.maxAliasExpansion()
              + " nodes (a \"billion laughs\" input?)");
    }
    return target;
  }

  /** Records a problem for a tag other than the standard ones. */
  private void checkTag(@Nullable String tag, SourceLocation where) {
    if (tag == null || tag.equals("!")) {
      return;
    }
    if (tag.startsWith(YAML_TAG_PREFIX)
        && STANDARD_TAGS.contains(tag.substring(YAML_TAG_PREFIX.length()))) {
      return;
    }
    String shown =
        tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag;
    diagnostics.problem(
        where,
        "",
        "YAML tag "
            + shown
            + " is not allowed: Kubernetes manifests use only plain values (standard tags !!str,"
            + " !!int, !!float, !!bool, !!null, !!map, !!seq are accepted)");
  }

  private void checkScalarLength(String value, SourceLocation where) throws StopInput {
    if (value.length() > limits.maxScalarChars()) {
      stop(
          where,
          "a value of "
              + value.length()
              + " characters, more than the limit of "
              + limits.maxScalarChars()
              + ": a Kubernetes object is at most about 1.5 MB, so no value in it can be this"
              + " long");
    }
  }

  private Scalar scalar(ScalarEvent e, SourceLocation where) throws StopInput {
    String value = e.getValue();
    checkScalarLength(value, where);
    String tag = e.getTag();
    if (tag == null && e.isPlain()) {
      KubectlScalars.Reading r = KubectlScalars.read(value);
      return new Scalar(where, r.type(), value, false, r.integer());
    }
    if (tag == null || tag.equals("!") || tag.equals(YAML_TAG_PREFIX + "str")) {
      return new Scalar(where, ScalarType.STRING, value, !e.isPlain(), Optional.empty());
    }
    checkTag(tag, where);
    if (!tag.startsWith(YAML_TAG_PREFIX)
        || !STANDARD_TAGS.contains(tag.substring(YAML_TAG_PREFIX.length()))) {
      return new Scalar(where, ScalarType.STRING, value, !e.isPlain(), Optional.empty());
    }
    // !!int 80, !!bool true...: the value must read as the type the tag names
    String type = tag.substring(YAML_TAG_PREFIX.length());
    KubectlScalars.Reading r = KubectlScalars.read(value);
    ScalarType wanted =
        switch (type) {
          case "int" -> ScalarType.INT;
          case "float" -> ScalarType.FLOAT;
          case "bool" -> ScalarType.BOOL;
          case "null" -> ScalarType.NULL;
          default -> null;
        };
    if (wanted == ScalarType.FLOAT && r.type() == ScalarType.INT) {
      return new Scalar(where, ScalarType.FLOAT, value, false, Optional.empty());
    }
    if (wanted == null || r.type() != wanted) {
      diagnostics.problem(
          where, "", "the value " + value + " cannot be read as the type its tag !!" + type
              + " names: remove the tag, or write a value of that type");
      return new Scalar(where, ScalarType.NULL, "", false, Optional.empty());
    }
    return new Scalar(where, r.type(), value, false, r.integer());
  }

  private SourceLocation at(@Nullable Mark m) {
    if (m == null) {
      return SourceLocation.of(source);
    }
    return new SourceLocation(source, m.getLine() + 1, m.getColumn() + 1);
  }

  // ---- JSON, from Jackson's token stream ----

  private Reading readJson(String text) {
    return documents -> {
      try (JsonParser p = jsonFactory().createParser(text)) {
        int count = 0;
        JsonToken t;
        while ((t = next(p)) != null) {
          count++;
          if (count > limits.maxDocuments()) {
            stop(location(p), "more than " + limits.maxDocuments() + " documents in one input");
          }
          YamlNode root = jsonValue(p, t, 1);
          if (!root.isNull()) {
            documents.add(root);
          }
        }
      } catch (IOException e) {
        diagnostics.problem(
            SourceLocation.of(source), "", "cannot read: " + ManifestFiles.reason(e));
      }
      return documents;
    };
  }

  private JsonFactory jsonFactory() {
    // Our own depth check (with a location) fires first; this one is the backstop.
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxNestingDepth() + 10)
            .maxDocumentLength(limits.maxSourceChars() + 1L)
            .maxStringLength(limits.maxScalarChars() + 1)
            .build();
    return JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  private @Nullable JsonToken next(JsonParser p) throws StopInput {
    try {
      return p.nextToken();
    } catch (StreamConstraintsException e) {
      stop(location(p), "input exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage();
      if (msg.startsWith("Duplicate field '")) {
        String key = msg.substring("Duplicate field '".length(), msg.lastIndexOf('\''));
        stop(
            at(e.getLocation()),
            "duplicate key \""
                + key
                + "\" in one mapping (YAML readers silently keep only one of them; remove the"
                + " other)");
      }
      stop(at(e.getLocation()), "invalid JSON: " + firstLine(msg));
    } catch (JsonProcessingException e) {
      stop(at(e.getLocation()), "invalid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      stop(location(p), "cannot read: " + ManifestFiles.reason(e));
    }
    throw new AssertionError("unreachable");
  }

  private YamlNode jsonValue(JsonParser p, JsonToken t, int depth) throws StopInput {
    SourceLocation where = location(p);
    if (depth > limits.maxNestingDepth()) {
      stop(where, "nesting deeper than the limit of " + limits.maxNestingDepth() + " levels");
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      Map<String, SourceLocation> keys = new LinkedHashMap<>();
      long weight = 1;
      JsonToken c;
      while ((c = next(p)) != JsonToken.END_OBJECT) {
        if (c != JsonToken.FIELD_NAME) {
          stop(location(p), "expected a key in a mapping, found " + c);
        }
        String key = text(p);
        SourceLocation keyAt = location(p);
        JsonToken v = next(p);
        if (v == null) {
          stop(location(p), "unexpected end of input in a mapping");
        }
        YamlNode value = jsonValue(p, v, depth + 1);
        weight += value.weight;
        entries.put(key, value);
        keys.put(key, keyAt);
      }
      return new MapNode(where, entries, keys, weight);
    }
    if (t == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      long weight = 1;
      JsonToken c;
      while ((c = next(p)) != JsonToken.END_ARRAY) {
        if (c == null) {
          stop(location(p), "unexpected end of input in a sequence");
        }
        YamlNode item = jsonValue(p, c, depth + 1);
        items.add(item);
        weight += item.weight;
      }
      return new SeqNode(where, items, weight);
    }
    return jsonScalar(p, t, where);
  }

  private Scalar jsonScalar(JsonParser p, JsonToken t, SourceLocation where) {
    String value = text(p);
    switch (t) {
      case VALUE_STRING:
        return new Scalar(where, ScalarType.STRING, value, true, Optional.empty());
      case VALUE_NUMBER_INT:
        Optional<BigInteger> big;
        try {
          big = Optional.of(p.getBigIntegerValue());
        } catch (IOException | RuntimeException e) {
          big = Optional.empty();
        }
        return new Scalar(where, ScalarType.INT, value, false, big);
      case VALUE_NUMBER_FLOAT:
        return new Scalar(where, ScalarType.FLOAT, value, false, Optional.empty());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(where, ScalarType.BOOL, value, false, Optional.empty());
      default:
        return new Scalar(where, ScalarType.NULL, value, false, Optional.empty());
    }
  }

  private static String text(JsonParser p) {
    try {
      String s = p.getText();
      return s == null ? "" : s;
    } catch (IOException e) {
      return "";
    }
  }

  private SourceLocation location(JsonParser p) {
    return at(p.currentTokenLocation());
  }

  private SourceLocation at(@Nullable JsonLocation l) {
    if (l == null || l.getLineNr() < 1) {
      return SourceLocation.of(source);
    }
    return new SourceLocation(source, l.getLineNr(), Math.max(0, l.getColumnNr()));
  }

  // ---- shared ----

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private void stop(SourceLocation where, String message) throws StopInput {
    diagnostics.problem(where, "", message);
    throw new StopInput();
  }
}
