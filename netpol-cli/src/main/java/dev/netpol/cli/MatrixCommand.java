package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netpol matrix}: who can reach whom, by workload and port, in a chosen format. */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description = {
      "Prints who can reach whom by workload (a workload's pods together, a pod without one on "
          + "its own), for every port, ports with the same answers grouped.",
      "Formats: text, md (Markdown tables), csv (from,to,ports,answer), json (schema version "
          + MatrixFormats.JSON_SCHEMA_VERSION + "; cells not listed are denied), dot (Graphviz), "
          + "html (one self-contained page: port selector, namespace filter, a click on a cell "
          + "explains it; namespaces instead of workloads above " + HtmlView.MAX_WORKLOADS
          + " workloads)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:bad input: refused manifests, a file that cannot be written"})
final class MatrixCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Manifest files or directories.")
  List<Path> manifests;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, md, csv, json, dot or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE.")
  Path output;

  @Option(
      names = "--explain",
      description = "With --format json: list every cell, denied ones too, each with the "
          + "evaluator's explanation (one pod pair, or a denied and an allowed one if partly).")
  boolean explain;

  @Override
  public Integer call() {
    Cluster cluster = Manifests.load(manifests, loading, spec.commandLine().getErr());
    ReachabilityMatrix matrix = cluster.reachability();
    if (explain && !format.equals("json")) {
      throw new BadInputException("--explain goes with --format json (the html format always "
          + "explains a cell on a click)");
    }
    String text = format.equals("html")
        ? HtmlView.write(cluster, matrix)
        : explain
            ? MatrixFormats.json(WorkloadMatrix.of(matrix),
                Optional.of(cluster.evaluator(matrix.options())))
            : formatNamed(format).write(WorkloadMatrix.of(matrix));
    Output.write(text, output, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private static MatrixFormats formatNamed(String name) {
    try {
      return MatrixFormats.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("unknown format \"" + name
          + "\": expected text, md, csv, json, dot or html");
    }
  }
}
