package dev.netpol.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.Scalar;
import dev.netpol.core.manifest.YamlNode.ScalarType;
import dev.netpol.core.manifest.YamlNode.SeqNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
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

/**
 * Turns YAML or JSON text into {@link YamlNode} documents from the parser's token stream,
 * enforcing the {@link Limits}, refusing custom tags and resolving aliases (and {@code <<} merge
 * keys) with a cap on the nodes they add.
 */
final class YamlReader {
  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final Set<String> STANDARD_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq");

  private final Limits limits;
  private final Diagnostics diagnostics;

  // State of the input being read.
  private String source = "";
  private int[] lineStarts = new int[0];
  private String text = "";
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
    this.diagnostics = diagnostics;
  }

  /** Reads every non-empty document of one input; problems go to the diagnostics. */
  List<YamlNode> read(String source, String text) {
    this.source = source;
    this.text = text;
    this.lineStarts = lineStarts(text);
    List<YamlNode> documents = new ArrayList<>();
    if (text.length() > limits.maxSourceChars()) {
      diagnostics.problem(
          SourceLocation.of(source),
          "",
          "input is larger than the limit of " + limits.maxSourceChars() + " characters");
      return documents;
    }
    boolean json = looksLikeJson(text);
    try (JsonParser p = json ? jsonFactory().createParser(text) : yamlFactory().createParser(text)) {
      int count = 0;
      JsonToken t;
      while ((t = next(p)) != null) {
        count++;
        if (count > limits.maxDocuments()) {
          stop(location(p), "more than " + limits.maxDocuments() + " documents in one input");
        }
        anchors.clear();
        aliasExpansion = 0;
        YamlNode root = readValue(p, t, 1);
        if (!root.isNull()) {
          documents.add(root);
        }
      }
    } catch (StopInput e) {
      // the problem is recorded; the documents read so far are still checked
    } catch (IOException e) {
      diagnostics.problem(SourceLocation.of(source), "", "cannot read: " + e.getMessage());
    }
    return documents;
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

  private StreamReadConstraints constraints() {
    // Our own depth check (with a location) fires first; this one is the backstop.
    return StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth() + 10)
        .maxDocumentLength(limits.maxSourceChars() + 1L)
        .build();
  }

  private JsonFactory jsonFactory() {
    return JsonFactory.builder()
        .streamReadConstraints(constraints())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  private YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(limits.maxSourceChars() + 1);
    options.setNestingDepthLimit(limits.maxNestingDepth() + 10);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE); // aliases are counted by weight here
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(constraints())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  // Jackson 2.x reports YAML syntax errors (with their problem mark) only through its deprecated
  // shaded MarkedYAMLException; the replacement arrives with Jackson 3, which we do not use.
  @SuppressWarnings("deprecation")
  private @Nullable JsonToken next(JsonParser p) throws StopInput {
    try {
      return p.nextToken();
    } catch (com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e) {
      syntaxError(e);
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
      stop(at(e.getLocation()), (p instanceof YAMLParser ? "invalid YAML: " : "invalid JSON: ") + firstLine(msg));
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      String msg = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
      stop(at(e.getLocation()), "invalid YAML: " + firstLine(msg));
    } catch (IOException e) {
      stop(location(p), "cannot read: " + e.getMessage());
    }
    throw new AssertionError("unreachable");
  }

  @SuppressWarnings("deprecation") // see next(JsonParser)
  private void syntaxError(com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e)
      throws StopInput {
    SourceLocation where = at(e.getLocation());
    String message = firstLine(e.getOriginalMessage());
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException m = (MarkedYAMLException) e.getCause();
      Mark mark = m.getProblemMark();
      if (mark != null) {
        where = new SourceLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
      }
      String problem = m.getProblem() == null ? message : m.getProblem();
      String context = m.getContext();
      Mark contextMark = m.getContextMark();
      message =
          problem
              + (context == null
                  ? ""
                  : " ("
                      + context
                      + (contextMark == null ? "" : " at line " + (contextMark.getLine() + 1))
                      + ")");
    }
    stop(where, "invalid YAML: " + message);
  }

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

  private YamlNode readValue(JsonParser p, JsonToken t, int depth) throws StopInput {
    SourceLocation where = location(p);
    if (depth > limits.maxNestingDepth()) {
      stop(where, "nesting deeper than the limit of " + limits.maxNestingDepth() + " levels");
    }
    String anchor = null;
    if (p instanceof YAMLParser) {
      YAMLParser y = (YAMLParser) p;
      if (y.isCurrentAlias()) {
        return alias(y, where);
      }
      anchor = objectId(y);
      checkTag(y, where);
    }
    YamlNode node;
    if (t == JsonToken.START_OBJECT) {
      node = readMap(p, where, depth);
    } else if (t == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      long weight = 1;
      JsonToken c;
      while ((c = next(p)) != JsonToken.END_ARRAY) {
        if (c == null) {
          stop(location(p), "unexpected end of input in a sequence");
        }
        YamlNode item = readValue(p, c, depth + 1);
        items.add(item);
        weight += item.weight;
      }
      node = new SeqNode(where, items, weight);
    } else {
      node = scalar(p, t, where);
    }
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private YamlNode readMap(JsonParser p, SourceLocation where, int depth) throws StopInput {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, SourceLocation> keys = new LinkedHashMap<>();
    List<YamlNode> merges = new ArrayList<>();
    long weight = 1;
    JsonToken c;
    while ((c = next(p)) != JsonToken.END_OBJECT) {
      if (c != JsonToken.FIELD_NAME) {
        stop(location(p), "expected a key in a mapping, found " + c);
      }
      String key = currentName(p);
      SourceLocation keyAt = location(p);
      JsonToken v = next(p);
      if (v == null) {
        stop(location(p), "unexpected end of input in a mapping");
      }
      YamlNode value = readValue(p, v, depth + 1);
      weight += value.weight;
      if (key.equals("<<") && p instanceof YAMLParser) {
        merges.add(value);
        continue;
      }
      entries.put(key, value);
      keys.put(key, keyAt);
    }
    for (YamlNode merge : merges) {
      List<YamlNode> sources =
          merge instanceof SeqNode ? ((SeqNode) merge).items : List.of(merge);
      for (YamlNode s : sources) {
        if (!(s instanceof MapNode)) {
          diagnostics.problem(
              s.location, "", "a << merge key needs a mapping (or a list of them), found " + s.describe());
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
    return new MapNode(where, entries, keys, weight);
  }

  private YamlNode alias(YAMLParser y, SourceLocation where) throws StopInput {
    String name = text(y);
    YamlNode target = anchors.get(name);
    if (target == null) {
      diagnostics.problem(
          where,
          "",
          "alias *" + name + " refers to no anchor &" + name + " defined before it in this document");
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

  private void checkTag(YAMLParser y, SourceLocation where) {
    String tag;
    try {
      tag = y.getTypeId();
    } catch (IOException e) {
      return;
    }
    if (tag == null || tag.equals("!")) {
      return;
    }
    if (tag.startsWith(YAML_TAG_PREFIX) && STANDARD_TAGS.contains(tag.substring(YAML_TAG_PREFIX.length()))) {
      return;
    }
    String shown = tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : "!" + tag;
    diagnostics.problem(
        where,
        "",
        "YAML tag "
            + shown
            + " is not allowed: Kubernetes manifests use only plain values (standard tags !!str,"
            + " !!int, !!float, !!bool, !!null, !!map, !!seq are accepted)");
  }

  private Scalar scalar(JsonParser p, JsonToken t, SourceLocation where) throws StopInput {
    String value = text(p);
    boolean yaml = p instanceof YAMLParser;
    switch (t) {
      case VALUE_STRING:
        boolean quoted = !yaml || isQuoted(where) || isStrTag(p);
        if (!quoted && value.isEmpty()) {
          return new Scalar(where, ScalarType.NULL, "", false, Optional.empty());
        }
        return new Scalar(where, ScalarType.STRING, value, quoted, Optional.empty());
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
      case VALUE_NULL:
        return new Scalar(where, ScalarType.NULL, value, false, Optional.empty());
      default:
        diagnostics.problem(where, "", "unsupported value " + (value.isEmpty() ? t : value));
        return new Scalar(where, ScalarType.NULL, "", false, Optional.empty());
    }
  }

  private static boolean isStrTag(JsonParser p) {
    try {
      return (YAML_TAG_PREFIX + "str").equals(p.getTypeId());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean isQuoted(SourceLocation where) {
    if (where.line() < 1 || where.line() > lineStarts.length) {
      return false;
    }
    int start = lineStarts[where.line() - 1];
    int end = where.line() < lineStarts.length ? lineStarts[where.line()] : text.length();
    String line = text.substring(start, end);
    int col = where.column() - 1;
    if (col < 0 || col >= line.codePointCount(0, line.length())) {
      return false;
    }
    char c = line.charAt(line.offsetByCodePoints(0, col));
    return c == '"' || c == '\'';
  }

  private static @Nullable String objectId(YAMLParser y) {
    try {
      return y.getObjectId();
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonParser p) throws StopInput {
    try {
      String s = p.getText();
      return s == null ? "" : s;
    } catch (IOException e) {
      return "";
    }
  }

  private static String currentName(JsonParser p) {
    try {
      String s = p.currentName();
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

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
