package dev.netpol.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API server's syntax rules for names, label keys and values, and port names, each returning
 * what is wrong (or nothing), so callers can attach a field path.
 *
 * <pre>{@code
 * KubernetesNames.checkLabelKey("app.kubernetes.io/name");  // Optional.empty(): valid
 * KubernetesNames.checkLabelValue("a b");                     // Optional.of("must consist of ...")
 * KubernetesNames.checkPortName("http-metrics");              // Optional.empty()
 * KubernetesNames.checkPortName("8080");                      // needs a letter
 * }</pre>
 */
public final class KubernetesNames {
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]+");

  private KubernetesNames() {}

  /**
   * Checks a label key: an optional DNS-subdomain prefix (at most 253 characters) and a slash,
   * then a name of at most 63 characters that starts and ends with an alphanumeric and contains
   * only alphanumerics, {@code -}, {@code _} and {@code .}.
   *
   * @param key e.g. {@code app} or {@code app.kubernetes.io/name}
   * @return what is wrong, or empty if the key is valid
   */
  public static Optional<String> checkLabelKey(String key) {
    int slash = key.indexOf('/');
    String name = key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()) {
        return Optional.of("label key \"" + key + "\" has an empty prefix before '/'");
      }
      Optional<String> p = checkDnsSubdomain(prefix);
      if (p.isPresent()) {
        return Optional.of("label key \"" + key + "\": prefix " + p.get());
      }
    }
    if (name.isEmpty()) {
      return Optional.of("label key \"" + key + "\" has an empty name");
    }
    if (name.length() > 63) {
      return Optional.of(
          "label key \"" + key + "\": name must be at most 63 characters, found " + name.length());
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      return Optional.of(
          "label key \""
              + key
              + "\": name must consist of alphanumerics, '-', '_' or '.', and start and end"
              + " with an alphanumeric");
    }
    return Optional.empty();
  }

  /**
   * Checks a label value: empty, or at most 63 characters that start and end with an
   * alphanumeric and contain only alphanumerics, {@code -}, {@code _} and {@code .}.
   *
   * @param value e.g. {@code frontend}, or the empty string
   * @return what is wrong, or empty if the value is valid
   */
  public static Optional<String> checkLabelValue(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63) {
      return Optional.of(
          "label value \"" + value + "\" must be at most 63 characters, found " + value.length());
    }
    if (!QUALIFIED_NAME.matcher(value).matches()) {
      return Optional.of(
          "label value \""
              + value
              + "\" must consist of alphanumerics, '-', '_' or '.', and start and end with an"
              + " alphanumeric");
    }
    return Optional.empty();
  }

  /**
   * Checks a DNS-1123 label, the syntax of namespace and Service names: at most 63 lower-case
   * alphanumerics or {@code -}, starting and ending with an alphanumeric.
   *
   * @param name e.g. {@code kube-system}
   * @return what is wrong, or empty if the name is valid
   */
  public static Optional<String> checkDnsLabel(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > 63) {
      return Optional.of("\"" + name + "\" must be at most 63 characters, found " + name.length());
    }
    if (!DNS1123_LABEL.matcher(name).matches()) {
      return Optional.of(
          "\""
              + name
              + "\" must consist of lower-case alphanumerics or '-', and start and end with an"
              + " alphanumeric");
    }
    return Optional.empty();
  }

  /**
   * Checks a DNS-1123 subdomain, the syntax of most object names (pods, deployments, policies):
   * at most 253 characters of dot-separated DNS-1123 labels.
   *
   * @param name e.g. {@code allow-frontend.v2}
   * @return what is wrong, or empty if the name is valid
   */
  public static Optional<String> checkDnsSubdomain(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > 253) {
      return Optional.of(
          "\"" + name + "\" must be at most 253 characters, found " + name.length());
    }
    if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return Optional.of(
          "\""
              + name
              + "\" must consist of lower-case alphanumerics, '-' or '.', and start and end with"
              + " an alphanumeric");
    }
    return Optional.empty();
  }

  /**
   * Checks a port name (an IANA service name): at most 15 characters, lower-case alphanumerics
   * and {@code -}, at least one letter, no leading, trailing or doubled {@code -}.
   *
   * <p>This is why {@code port: "80"} (a quoted number) is not port 80 in a NetworkPolicy: it is
   * read as a name, and a name needs a letter.
   *
   * @param name e.g. {@code http}, {@code metrics}
   * @return what is wrong, or empty if the name is valid
   */
  public static Optional<String> checkPortName(String name) {
    if (name.isEmpty()) {
      return Optional.of("port name must not be empty");
    }
    if (name.length() > 15) {
      return Optional.of(
          "port name \"" + name + "\" must be at most 15 characters, found " + name.length());
    }
    if (!IANA_SVC_NAME.matcher(name).matches()) {
      return Optional.of(
          "port name \"" + name + "\" must contain only lower-case alphanumerics and '-'");
    }
    if (name.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
      return Optional.of(
          "port name \"" + name + "\" must contain at least one letter (a number is not a name)");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      return Optional.of("port name \"" + name + "\" must not begin or end with '-'");
    }
    if (name.contains("--")) {
      return Optional.of("port name \"" + name + "\" must not contain '--'");
    }
    return Optional.empty();
  }
}
