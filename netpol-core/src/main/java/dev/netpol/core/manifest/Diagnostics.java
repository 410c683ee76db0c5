package dev.netpol.core.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems and warnings of one load, so all of them are reported together. */
final class Diagnostics {
  final List<ManifestProblem> problems = new ArrayList<>();
  final List<ManifestWarning> warnings = new ArrayList<>();
  final List<ReportEntry> loaded = new ArrayList<>();
  final List<ReportEntry> skipped = new ArrayList<>();

  void problem(SourceLocation location, String path, String message) {
    problems.add(new ManifestProblem(location, path, message));
  }

  void warning(SourceLocation location, String path, String message) {
    warnings.add(new ManifestWarning(location, path, message));
  }

  LoadReport report() {
    return new LoadReport(
        com.google.common.collect.ImmutableList.copyOf(loaded),
        com.google.common.collect.ImmutableList.copyOf(skipped),
        com.google.common.collect.ImmutableList.copyOf(warnings),
        com.google.common.collect.ImmutableList.copyOf(problems));
  }
}
