package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Port;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netpol explain}: may these endpoints connect on this port, and why. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains whether SRC may open connections to DST on PORT: each pod pair's verdict, with "
          + "the policies and rules that decide it at both ends.",
      "Endpoints: " + EndpointSyntax.HELP + "."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:explained (with --expect: the answer was as expected)",
      "1:--expect was given and the answer differs",
      "2:bad input: refused manifests, an endpoint that names nothing, a bad port"
    })
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Option(
      names = {"-f", "--manifests"},
      paramLabel = "PATH",
      description = "A manifest file or directory (repeatable); directories are read recursively.")
  List<Path> manifests;

  @Parameters(index = "0", paramLabel = "SRC", description = "The end opening the connection.")
  String source;

  @Parameters(index = "1", paramLabel = "DST", description = "The end accepting it.")
  String destination;

  @Parameters(
      index = "2",
      paramLabel = "PORT",
      description = "The destination port: TCP/80, UDP/53, SCTP/9000, or 80 for TCP.")
  String port;

  @Option(
      names = "--expect",
      paramLabel = "allowed|denied",
      description = "Exit 1 unless every pair is allowed (or every pair denied).")
  Expectation expect;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description = "Explain at most N pairs in full (default: ${DEFAULT-VALUE}); denied first.")
  int limit;

  /** What {@code --expect} asks of every pair. */
  enum Expectation {
    allowed,
    denied
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = Manifests.load(manifests, loading, spec.commandLine().getErr());
    Endpoint src = EndpointSyntax.parse(cluster, source);
    Endpoint dst = EndpointSyntax.parse(cluster, destination);
    Port p = Ports.parse(port);
    Evaluation e = cluster.evaluate(src, dst, p);
    out.println(e);
    List<Verdict> shown = e.sample().stream().limit(Math.max(0, limit)).toList();
    shown.forEach(v -> out.println(v.explain()));
    if (e.pairCount() > shown.size()) {
      out.println("... and " + (e.pairCount() - shown.size())
          + " more pairs (--limit N explains more)");
    }
    out.flush();
    if (expect == null) {
      return ExitCodes.OK;
    }
    boolean met = expect == Expectation.allowed ? e.allowed() : e.allDenied();
    if (!met) {
      spec.commandLine().getErr().println("expected every pair " + expect + ", but "
          + e.allowedCount() + " of " + e.pairCount() + " pairs are allowed");
    }
    return met ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
  }
}
