package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.policy.EvaluationOptions;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What one test loads: normalized locations and the loader options. It is the cache key, so two
 * tests that name the same manifests the same way share one cluster.
 */
record ManifestSet(
    ImmutableList<String> locations,
    String defaultNamespace,
    String podCidr,
    int daemonSetNodes,
    boolean systemPods) {

  static final String CLASSPATH = "classpath:";
  static final String FILE = "file:";

  /** A test's manifests and the evaluation options its evaluator uses. */
  record Config(ManifestSet manifests, EvaluationOptions options) {}

  /** The {@link Manifests} that apply to the test (or class) of a context, if any. */
  static Optional<Config> of(ExtensionContext context) {
    Optional<Manifests> onClass = onClass(context.getTestClass().orElse(null));
    Optional<AnnotatedElement> method = context.getTestMethod().map(m -> m);
    Optional<Manifests> onMethod =
        method.flatMap(m -> AnnotationSupport.findAnnotation(m, Manifests.class));
    if (onMethod.isEmpty()) {
      return onClass.map(a -> config(a, List.of()));
    }
    Manifests m = onMethod.get();
    if (!m.inherit()) {
      return Optional.of(config(m, List.of()));
    }
    String where = "@Manifests(inherit = true) on " + method.get();
    if (onClass.isEmpty()) {
      throw new ExtensionConfigurationException(
          where + ": there is no @Manifests on the class to inherit; remove inherit = true");
    }
    if (hasOptions(m)) {
      throw new ExtensionConfigurationException(
          where + ": a method that extends the class's manifests takes the class's options;"
              + " remove the options here, or use inherit = false and list every location");
    }
    return Optional.of(config(onClass.get(), List.of(m.value())));
  }

  /** The class's annotation, its superclasses' (it is inherited), or an enclosing class's. */
  private static Optional<Manifests> onClass(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      Optional<Manifests> found = AnnotationSupport.findAnnotation(c, Manifests.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static boolean hasOptions(Manifests m) {
    return !m.defaultNamespace().equals("default")
        || !m.podCidr().equals("10.244.0.0/16")
        || m.daemonSetNodes() != 1
        || m.systemPods()
        || !m.ipBlockMatchesPods()
        || m.selfTrafficAlwaysAllowed();
  }

  private static Config config(Manifests a, List<String> extra) {
    List<String> all = new ArrayList<>(List.of(a.value()));
    all.addAll(extra);
    if (all.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@Manifests needs at least one location, e.g. @Manifests(\"k8s\")");
    }
    ImmutableList<String> locations =
        all.stream().map(ManifestSet::normalize).collect(ImmutableList.toImmutableList());
    EvaluationOptions options =
        EvaluationOptions.builder()
            .ipBlockMatchesPods(a.ipBlockMatchesPods())
            .selfTrafficAlwaysAllowed(a.selfTrafficAlwaysAllowed())
            .build();
    return new Config(
        new ManifestSet(
            locations, a.defaultNamespace(), a.podCidr(), a.daemonSetNodes(), a.systemPods()),
        options);
  }

  /**
   * {@code classpath:name} without leading or trailing slashes, or {@code file:} with an absolute, normalized
   * path, so equal sets compare equal whatever their spelling.
   */
  static String normalize(String location) {
    String l = location.trim();
    if (l.startsWith(FILE)) {
      String path = l.substring(FILE.length());
      requireText(location, path);
      return FILE + Path.of(path).toAbsolutePath().normalize();
    }
    String name = l.startsWith(CLASSPATH) ? l.substring(CLASSPATH.length()) : l;
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    requireText(location, name);
    return CLASSPATH + name;
  }

  private static void requireText(String location, String rest) {
    if (rest.isBlank()) {
      throw new ExtensionConfigurationException(
          "invalid location \"" + location + "\": expected a classpath resource (e.g. \"k8s\""
              + " or \"classpath:k8s\") or a path (e.g. \"file:deploy/k8s\")");
    }
  }
}
