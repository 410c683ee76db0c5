package dev.netpol.junit5;

import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.manifest.ManifestProblem;
import dev.netpol.core.manifest.SourceLocation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Loads each {@link ManifestSet} once per engine run, in the root {@link ExtensionContext.Store}
 * (namespaced by {@link NetpolExtension}), which every test of the run shares and which lives
 * until the run ends, and makes the warnings of each load visible in the run.
 */
final class ManifestCache {
  static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NetpolExtension.class);

  /**
   * How many times manifests were really loaded in this JVM. Package-private and not API: it
   * exists so that a test can prove the cache works (200 tests, one load) by counting the real
   * loads, rather than trusting the store.
   */
  static final AtomicInteger LOADS = new AtomicInteger();

  private ManifestCache() {}

  /** The report entry key under which a test class's load warnings are published. */
  static final String WARNINGS_ENTRY = "netpol load warnings";

  /**
   * The load of a set, from the cache or loaded now; its warnings, if any, are printed to {@code
   * System.err} once per load and published as a report entry of each test class, so that a
   * warning such as a selector that matches no pod is seen in the test run, not only in a {@code
   * LoadReport} nobody asks for.
   */
  static Loaded get(ExtensionContext context, ManifestSet set) {
    Loaded loaded = cached(context, set);
    if (!loaded.warnings().isEmpty()) {
      if (loaded.firstToAnnounce()) {
        System.err.println(warningsText(set, loaded));
      }
      publishOncePerClass(context, set, loaded);
    }
    return loaded;
  }

  // getOrComputeIfAbsent is deprecated in JUnit 6 in favour of computeIfAbsent, which JUnit 5
  // lacks (NoSuchMethodError there); it is still present in 6, so it serves both.
  @SuppressWarnings("deprecation")
  private static Loaded cached(ExtensionContext context, ManifestSet set) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(set, ManifestCache::load, Loaded.class);
  }

  @SuppressWarnings("deprecation")
  private static void publishOncePerClass(
      ExtensionContext context, ManifestSet set, Loaded loaded) {
    ExtensionContext classLevel = context;
    while (classLevel.getTestMethod().isPresent() && classLevel.getParent().isPresent()) {
      classLevel = classLevel.getParent().get();
    }
    AtomicBoolean published =
        classLevel
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                List.of(WARNINGS_ENTRY, set), k -> new AtomicBoolean(), AtomicBoolean.class);
    if (published.compareAndSet(false, true)) {
      // On the class, not the test: a test's own entries (its reachability table) stay its own.
      classLevel.publishReportEntry(
          WARNINGS_ENTRY,
          loaded.warnings().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
  }

  /** The warnings of a load as printed: a header naming the manifests, then one per line. */
  static String warningsText(ManifestSet set, Loaded loaded) {
    int n = loaded.warnings().size();
    StringBuilder sb =
        new StringBuilder("netpol: ")
            .append(n)
            .append(n == 1 ? " warning" : " warnings")
            .append(" loading ")
            .append(String.join(", ", set.locations()))
            .append(':');
    loaded.warnings().forEach(w -> sb.append("\n  ").append(w));
    return sb.toString();
  }

  private static Loaded load(ManifestSet set) {
    LOADS.incrementAndGet();
    ManifestLoader loader;
    try {
      loader =
          ManifestLoader.builder()
              .defaultNamespace(set.defaultNamespace())
              .podCidr(set.podCidr())
              .daemonSetNodes(set.daemonSetNodes())
              .systemPods(set.systemPods())
              .build();
    } catch (IllegalArgumentException e) {
      return Loaded.misconfigured(
          new ExtensionConfigurationException("invalid @Manifests option: " + e.getMessage(), e));
    }
    List<String> resources = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String location : set.locations()) {
      if (location.startsWith(ManifestSet.FILE)) {
        files.add(Path.of(location.substring(ManifestSet.FILE.length())));
      } else {
        resources.add(location.substring(ManifestSet.CLASSPATH.length()));
      }
    }
    if (files.isEmpty()) {
      return Loaded.of(loader.loadResources(resources.toArray(new String[0])));
    }
    if (resources.isEmpty()) {
      return Loaded.of(loader.load(files));
    }
    return loadMixed(loader, set);
  }

  /**
   * A set that mixes {@code classpath:} and {@code file:} is loaded as one list of paths, in the
   * order given, so classpath locations must be on the file system (not in a jar).
   */
  private static Loaded loadMixed(ManifestLoader loader, ManifestSet set) {
    List<Path> paths = new ArrayList<>();
    List<ManifestProblem> problems = new ArrayList<>();
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = ManifestCache.class.getClassLoader();
    }
    for (String location : set.locations()) {
      if (location.startsWith(ManifestSet.FILE)) {
        paths.add(Path.of(location.substring(ManifestSet.FILE.length())));
        continue;
      }
      String name = location.substring(ManifestSet.CLASSPATH.length());
      URL url = cl.getResource(name);
      if (url == null) {
        problems.add(new ManifestProblem(SourceLocation.of(location), "", "no such classpath resource"));
      } else if (!url.getProtocol().equals("file")) {
        problems.add(
            new ManifestProblem(
                SourceLocation.of(location),
                "",
                "is in " + url + "; a set that mixes classpath: and file: locations needs its"
                    + " classpath locations on the file system: load the jar's manifests alone"));
      } else {
        try {
          paths.add(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
          problems.add(new ManifestProblem(SourceLocation.of(location), "", "bad URL " + url));
        }
      }
    }
    return problems.isEmpty() ? Loaded.of(loader.load(paths)) : Loaded.problems(problems);
  }
}
