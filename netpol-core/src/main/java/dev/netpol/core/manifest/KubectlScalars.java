package dev.netpol.core.manifest;

import dev.netpol.core.manifest.YamlNode.ScalarType;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What kubectl makes of an unquoted, untagged YAML value: its reader (go-yaml v2 behind
 * sigs.k8s.io/yaml) follows YAML 1.1 words ({@code y}, {@code on}, {@code off}...) and Go's
 * number syntax ({@code 0o120}, {@code 0x50}, {@code 010} are 80, 80 and 8). netpol types every
 * plain value this way, so a value means here what it means to the API server. See {@code
 * docs/reading-files.md#values-as-kubectl-reads-them}.
 */
final class KubectlScalars {
  private static final Set<String> TRUE =
      Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
  private static final Set<String> FALSE =
      Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
  private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> SPECIAL_FLOATS =
      Set.of(
          ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
          "-.Inf", "-.INF");
  private static final Pattern YAML_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
  private static final Pattern DIGITS = Pattern.compile("[-+]?[0-9]+");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private KubectlScalars() {}

  /** The type kubectl gives a plain value, and its integer value for an integer. */
  record Reading(ScalarType type, Optional<BigInteger> integer) {
    static final Reading STRING = new Reading(ScalarType.STRING, Optional.empty());
  }

  static Reading read(String s) {
    if (TRUE.contains(s) || FALSE.contains(s)) {
      return new Reading(ScalarType.BOOL, Optional.empty());
    }
    if (NULL.contains(s)) {
      return new Reading(ScalarType.NULL, Optional.empty());
    }
    if (SPECIAL_FLOATS.contains(s)) {
      return new Reading(ScalarType.FLOAT, Optional.empty());
    }
    char c = s.charAt(0);
    if (c == '.') {
      return DOT_FLOAT.matcher(s).matches() && finite(s)
          ? new Reading(ScalarType.FLOAT, Optional.empty())
          : Reading.STRING;
    }
    if (c != '+' && c != '-' && (c < '0' || c > '9')) {
      return Reading.STRING;
    }
    String plain = s.replace("_", "");
    Optional<BigInteger> integer = goInteger(plain);
    if (integer.isPresent() && fits64(integer.get())) {
      return new Reading(ScalarType.INT, integer);
    }
    if (YAML_FLOAT.matcher(plain).matches() && finite(plain)) {
      if (integer.isEmpty() && DIGITS.matcher(plain).matches()) {
        // 09: not octal, so a float to go-yaml, which kubectl sends to the API server as 9
        return new Reading(ScalarType.INT, Optional.of(new BigInteger(plain)));
      }
      return new Reading(ScalarType.FLOAT, Optional.empty());
    }
    return integer.isPresent() ? new Reading(ScalarType.INT, integer) : Reading.STRING;
  }

  /**
   * The key kubectl makes of a plain key (JSON keys are strings, so a boolean {@code on} becomes
   * {@code "true"}); empty when kubectl refuses the key (null, or a number it cannot convert), or
   * for a float whose text is not already the form Go writes back.
   */
  static Optional<String> key(String s) {
    Reading r = read(s);
    switch (r.type()) {
      case STRING:
        return Optional.of(s);
      case BOOL:
        return Optional.of(TRUE.contains(s) ? "true" : "false");
      case INT:
        BigInteger v = r.integer().orElseThrow();
        return v.bitLength() < 64 ? Optional.of(v.toString()) : Optional.empty();
      case FLOAT:
        return canonicalFloat(s) ? Optional.of(s) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** A decimal Go writes back unchanged (shortest form, no exponent): 1.5, 0.25, -12.75. */
  private static boolean canonicalFloat(String s) {
    String t = s.startsWith("-") ? s.substring(1) : s;
    int dot = t.indexOf('.');
    if (dot < 1 || !t.matches("(0|[1-9][0-9]*)\\.[0-9]*[1-9]")) {
      return false;
    }
    String intPart = t.substring(0, dot);
    String frac = t.substring(dot + 1);
    if (intPart.equals("0")) {
      int zeros = frac.length() - frac.replaceFirst("^0+", "").length();
      return zeros <= 3 && frac.length() - zeros <= 6;
    }
    return intPart.length() + frac.length() <= 6;
  }

  private static boolean fits64(BigInteger v) {
    return v.compareTo(INT64_MIN) >= 0 && v.compareTo(UINT64_MAX) <= 0;
  }

  private static boolean finite(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Go's {@code strconv.ParseInt(s, 0, ...)} syntax, of any size: 80, -0x50, 0o120, 0b1, 010. */
  static Optional<BigInteger> goInteger(String s) {
    int i = 0;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    int radix = 10;
    String digits = body;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x' || p == 'b' || p == 'o') {
        radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
        digits = body.substring(2);
      } else {
        radix = 8;
        digits = body.substring(1);
      }
    }
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    for (int k = 0; k < digits.length(); k++) {
      char d = digits.charAt(k);
      // ASCII only: Character.digit would also take other scripts' digits, which Go does not
      if (d > 0x7f || Character.digit(d, radix) < 0) {
        return Optional.empty();
      }
    }
    BigInteger v = new BigInteger(digits, radix);
    return Optional.of(negative ? v.negate() : v);
  }
}
