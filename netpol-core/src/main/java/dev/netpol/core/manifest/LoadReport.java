package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a load did: the objects loaded (and what they became), the objects skipped (and why),
 * warnings about things accepted that may not be what was meant, and the problems that make the
 * manifests invalid.
 *
 * <pre>{@code
 * LoadReport report = ManifestLoader.defaults().load(Path.of("k8s")).report();
 * report.skipped();    // [k8s/cm.yaml:1:1: ConfigMap default/settings: not used by netpol]
 * report.warnings();   // [k8s/app.yaml:4:14: metadata.namespace: namespace "shop" is not ...]
 * System.out.println(report);
 * }</pre>
 *
 * @param loaded the objects loaded, by kind, then namespace and name (numbers in names as
 *     numbers), so the same manifests give the same list whatever the files are called
 * @param skipped the objects skipped, with the reason (files are read in the order of their paths)
 * @param warnings things accepted that may not be what was meant
 * @param problems what makes the manifests invalid; empty when the load succeeded
 */
public record LoadReport(
    ImmutableList<ReportEntry> loaded,
    ImmutableList<ReportEntry> skipped,
    ImmutableList<ManifestWarning> warnings,
    ImmutableList<ManifestProblem> problems) {

  /**
   * Copies the lists.
   *
   * @param loaded the objects loaded
   * @param skipped the objects skipped
   * @param warnings the warnings
   * @param problems the problems
   */
  public LoadReport {
    loaded = ImmutableList.copyOf(loaded);
    skipped = ImmutableList.copyOf(skipped);
    warnings = ImmutableList.copyOf(warnings);
    problems = ImmutableList.copyOf(problems);
  }

  /**
   * Whether the manifests had no problem.
   *
   * @return true if {@link #problems()} is empty
   */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /** Returns the report as text: a summary line, then one line per entry, grouped. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(loaded.size())
        .append(" loaded, ")
        .append(skipped.size())
        .append(" skipped, ")
        .append(warnings.size())
        .append(" warnings, ")
        .append(problems.size())
        .append(" problems");
    section(sb, "loaded", loaded);
    section(sb, "skipped", skipped);
    section(sb, "warnings", warnings);
    section(sb, "problems", problems);
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<?> entries) {
    if (!entries.isEmpty()) {
      sb.append('\n').append(title).append(':');
      entries.forEach(e -> sb.append("\n  ").append(e));
    }
  }
}
