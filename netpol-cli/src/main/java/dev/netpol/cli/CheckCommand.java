package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.table.TableCheck;
import dev.netpol.core.table.TableComparison;
import dev.netpol.core.table.TruthTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netpol check}: the truth-table files a {@code @ReachabilityTest} reads, checked against
 * manifests, so a shell CI job gates on expected connectivity.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks truth-table files against the manifests: rows are source pods, columns destination "
          + "pods, '.' allowed, 'X' denied, one port per table ('# port: TCP/80').",
      "Every differing cell is printed with its explanation, then the actual table to copy."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every cell of every table is as expected",
      "1:some cell differs",
      "2:bad input: refused manifests, an unreadable or malformed table, a pod the cluster lacks"
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Manifest files or directories, read as one cluster.")
  List<Path> manifests;

  @Option(
      names = {"-t", "--table"},
      required = true,
      paramLabel = "FILE",
      description = "A truth-table file (repeatable).")
  List<Path> tables;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = Manifests.load(manifests, loading, spec.commandLine().getErr());
    List<TableCheck> checks = new ArrayList<>();
    for (Path file : tables) {
      // The engine answers fast; with cluster-scoped policies (which it does not evaluate yet)
      // the reference evaluator answers each cell.
      TableCheck check = cluster.clusterPolicies().isEmpty()
          ? TableCheck.of(read(file), cluster, EvaluationOptions.defaults(),
              (s, d, p) -> matrix(cluster).allowed(s, d, p))
          : TableCheck.of(read(file), cluster);
      if (!check.unknownEndpoints().isEmpty()) {
        throw new BadInputException(check.compare().describe());
      }
      checks.add(check);
    }
    int failed = 0;
    for (TableCheck check : checks) {
      TableComparison result = check.compare();
      out.println(result.describe());
      failed += result.matches() ? 0 : 1;
    }
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
  }

  private ReachabilityMatrix matrix;

  /** The engine's matrix, built once for all tables and only if a table is checked. */
  private ReachabilityMatrix matrix(Cluster cluster) {
    if (matrix == null) {
      matrix = cluster.reachability();
    }
    return matrix;
  }

  private static TruthTable read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read the table: " + e);
    }
    try {
      TruthTable table = TruthTable.parse(file.toString(), text);
      table.requirePort();
      return table;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
