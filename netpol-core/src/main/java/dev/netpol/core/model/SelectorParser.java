package dev.netpol.core.model;

import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import java.util.ArrayList;
import java.util.List;

/** A recursive-descent parser for kubectl's {@code -l} selector syntax. */
final class SelectorParser {
  private final String text;
  private int pos;

  SelectorParser(String text) {
    this.text = text;
  }

  LabelSelector parse() {
    String trimmed = text.trim();
    if (trimmed.isEmpty() || trimmed.equals("{}")) {
      return LabelSelector.everything();
    }
    LabelSelector.Builder b = LabelSelector.builder();
    List<String> seenEquals = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == '!') {
        pos++;
        skipSpace();
        b.matchExpression(LabelSelectorRequirement.doesNotExist(key()));
      } else {
        String key = key();
        skipSpace();
        if (startsWith("==") || startsWith("=")) {
          pos += startsWith("==") ? 2 : 1;
          String value = value();
          if (seenEquals.contains(key)) {
            // matchLabels holds one value per key; a repeated k=v becomes an In requirement.
            b.matchExpression(LabelSelectorRequirement.in(key, value));
          } else {
            seenEquals.add(key);
            b.matchLabel(key, value);
          }
        } else if (startsWith("!=")) {
          pos += 2;
          b.matchExpression(LabelSelectorRequirement.notIn(key, value()));
        } else if (word("notin")) {
          b.matchExpression(LabelSelectorRequirement.of(key, Operator.NOT_IN, valueSet()));
        } else if (word("in")) {
          b.matchExpression(LabelSelectorRequirement.of(key, Operator.IN, valueSet()));
        } else if (atEnd() || peek() == ',') {
          b.matchExpression(LabelSelectorRequirement.exists(key));
        } else {
          throw error("expected =, ==, !=, in, notin, ',' or the end");
        }
      }
      skipSpace();
      if (atEnd()) {
        return b.build();
      }
      if (peek() != ',') {
        throw error("expected ',' between requirements");
      }
      pos++;
    }
  }

  private String key() {
    int start = pos;
    while (!atEnd() && isKeyChar(peek())) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a label key");
    }
    return text.substring(start, pos);
  }

  private String value() {
    skipSpace();
    int start = pos;
    while (!atEnd() && isKeyChar(peek()) && peek() != '/') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private List<String> valueSet() {
    skipSpace();
    if (atEnd() || peek() != '(') {
      throw error("expected '(' to start the value list");
    }
    pos++;
    // As kubectl: the empty string is a value, so "()" is {""} and "(a,)" is {a, ""}.
    List<String> values = new ArrayList<>();
    while (true) {
      values.add(value());
      skipSpace();
      if (!atEnd() && peek() == ',') {
        pos++;
      } else if (!atEnd() && peek() == ')') {
        pos++;
        return values;
      } else {
        throw error("expected ',' or ')' in the value list");
      }
    }
  }

  private boolean word(String w) {
    if (text.startsWith(w, pos)) {
      int end = pos + w.length();
      if (end < text.length() && (Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
        pos = end;
        return true;
      }
    }
    return false;
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
  }

  private boolean startsWith(String s) {
    return text.startsWith(s, pos);
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private IllegalArgumentException error(String expected) {
    String found = atEnd() ? "the end" : "'" + peek() + "'";
    return new IllegalArgumentException(
        "invalid label selector \""
            + text
            + "\" at position "
            + (pos + 1)
            + ": "
            + expected
            + ", found "
            + found);
  }
}
