package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.lint.Finding;
import dev.netpol.core.lint.LintCode;
import dev.netpol.core.lint.Severity;
import dev.netpol.core.manifest.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netpol lint}: the mistakes a reviewer would catch (docs/lint.md), each located by file,
 * line and field with a fix; as text, JSON, or SARIF for code-scanning views.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the mistakes a reviewer would catch in the policies (docs/lint.md): selectors that "
          + "match nothing, rules that admit nothing or that another rule already covers, egress "
          + "isolation without DNS, two peer entries where one was meant, cluster-scoped rules "
          + "shadowed or passing into nothing... Each finding has a code, a severity, the file, "
          + "line and field, and a fix.",
      "Formats: text (one finding per line), json, sarif (SARIF 2.1.0, for code-scanning views)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:findings at or above --fail-on",
      "2:bad input: refused manifests, an unknown option value"
    })
final class LintCommand implements Callable<Integer> {
  /** How findings are written. */
  enum Format {
    text,
    json,
    sarif
  }

  /** The least severity that fails the command; {@code never} reports only. */
  enum FailOn {
    error,
    warning,
    hint,
    never
  }

  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
      description = "Exit 1 when a finding is at least this severe: error, warning, hint or never "
          + "(default: ${DEFAULT-VALUE}).")
  FailOn failOn;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE.")
  Path output;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Manifest files or directories.")
  List<Path> manifests;

  @Override
  public Integer call() {
    Cluster cluster =
        Manifests.load(manifests == null ? List.of() : manifests, loading,
            spec.commandLine().getErr());
    List<Finding> findings = cluster.lint();
    String text = switch (format) {
      case text -> text(findings);
      case json -> json(findings);
      case sarif -> sarif(findings);
    };
    Output.write(text, output, spec.commandLine().getOut());
    boolean fails = findings.stream().anyMatch(this::fails);
    return fails ? ExitCodes.EXPECTATION_FAILED : ExitCodes.OK;
  }

  private boolean fails(Finding f) {
    return failOn != FailOn.never && f.severity().ordinal() <= Severity.valueOf(
        failOn.name().toUpperCase(java.util.Locale.ROOT)).ordinal();
  }

  /** One line per finding, then a count by severity. */
  static String text(List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    findings.forEach(f -> b.append(f).append('\n'));
    Map<Severity, Long> counts = new TreeMap<>(
        findings.stream().collect(Collectors.groupingBy(Finding::severity, Collectors.counting())));
    b.append(findings.isEmpty() ? "no findings" : counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
        .collect(Collectors.joining(", ")));
    return b.append('\n').toString();
  }

  private static String json(List<Finding> findings) {
    StringBuilder b = new StringBuilder("{\"schemaVersion\": 1, \"findings\": [");
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      b.append(i == 0 ? "\n  " : ",\n  ")
          .append("{\"code\": ").append(Json.quote(f.code().code()))
          .append(", \"severity\": ").append(Json.quote(f.severity().toString()))
          .append(", \"object\": ").append(Json.quote(f.object()));
      f.location().ifPresent(l -> b.append(", \"file\": ").append(Json.quote(l.source()))
          .append(", \"line\": ").append(l.line()).append(", \"column\": ").append(l.column()));
      b.append(", \"field\": ").append(Json.quote(f.fieldPath()))
          .append(", \"message\": ").append(Json.quote(f.message()))
          .append(", \"hint\": ").append(Json.quote(f.hint())).append('}');
    }
    return b.append(findings.isEmpty() ? "]}\n" : "\n]}\n").toString();
  }

  /** SARIF 2.1.0: one run of the tool netpol, its rules the codes, one result per finding. */
  private static String sarif(List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    b.append("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",")
        .append(" \"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {")
        .append("\"name\": \"netpol\", \"rules\": [");
    LintCode[] codes = LintCode.values();
    for (int i = 0; i < codes.length; i++) {
      b.append(i == 0 ? "\n  " : ",\n  ").append("{\"id\": ").append(Json.quote(codes[i].code()))
          .append(", \"defaultConfiguration\": {\"level\": ")
          .append(Json.quote(level(codes[i].severity()))).append("}}");
    }
    b.append("]}}, \"results\": [");
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      b.append(i == 0 ? "\n  " : ",\n  ")
          .append("{\"ruleId\": ").append(Json.quote(f.code().code()))
          .append(", \"level\": ").append(Json.quote(level(f.severity())))
          .append(", \"message\": {\"text\": ")
          .append(Json.quote(f.object() + (f.fieldPath().isEmpty() ? "" : " " + f.fieldPath())
              + ": " + f.message() + ". Fix: " + f.hint()))
          .append("}");
      if (f.location().isPresent()) {
        SourceLocation l = f.location().get();
        b.append(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ")
            .append(Json.quote(l.source())).append("}, \"region\": {\"startLine\": ")
            .append(Math.max(1, l.line())).append(", \"startColumn\": ")
            .append(Math.max(1, l.column())).append("}}}]");
      }
      b.append('}');
    }
    return b.append(findings.isEmpty() ? "]}]}\n" : "\n]}]}\n").toString();
  }

  private static String level(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case HINT -> "note";
    };
  }
}
