package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.reach.MatrixDiff;
import java.io.PrintWriter;
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
 * {@code netpol diff}: what changes between two versions of the manifests, e.g. the base and the
 * head of a pull request, so a pipeline can require approval when traffic opens up.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compares who can reach whom, on every port, between OLD and NEW: pod pairs that went "
          + "from denied to allowed or back, addresses outside the cluster a pod gained or lost, "
          + "and pods only one version has.",
      "Pods are matched by namespace/name. A pod only NEW has counts as opened traffic: nothing "
          + "was compared for it, so a reviewer should look."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing opened up (closing traffic alone exits 0, and is printed)",
      "2:bad input: refused manifests",
      "3:traffic opened up: a pair allowed, addresses gained, or a new pod"
    })
final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Parameters(
      arity = "1..2",
      paramLabel = "OLD NEW",
      description = "The old and the new manifests (file or dir each); with --live, "
          + "--kubeconfig or --context only NEW: the running cluster is the old version.")
  List<Path> versions;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or html: the matrix of both versions in one page, cells "
          + "coloured opened, closed or unchanged, a click lists the pod pairs that changed.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE.")
  Path output;

  @Option(
      names = {"-c", "--common"},
      paramLabel = "PATH",
      description = "Manifests both versions share, loaded with each (repeatable), e.g. the "
          + "workloads when OLD and NEW hold only policies.")
  List<Path> common = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (versions.size() != (loading.live() ? 1 : 2)) {
      throw new BadInputException(loading.live()
          ? "with a running cluster as OLD, give only NEW (found " + versions + ")"
          : "give OLD and NEW (found " + versions + "), or --live and NEW");
    }
    Cluster old = loading.live()
        ? Manifests.load(List.of(), loading, spec.commandLine().getErr())
        : Manifests.load(with(versions.get(0)), loading.loader(), spec.commandLine().getErr());
    Cluster now = Manifests.load(with(versions.get(versions.size() - 1)), loading.loader(),
        spec.commandLine().getErr());
    MatrixDiff diff = MatrixDiff.between(old.reachability(), now.reachability());
    if (format.equals("html")) {
      Output.write(HtmlDiffView.write(old, now), output, out);
    } else if (format.equals("text")) {
      Output.write(DiffReport.write(diff, old, now), output, out);
    } else {
      throw new BadInputException("unknown format \"" + format + "\": expected text or html");
    }
    boolean opened = diff.changes().stream().anyMatch(MatrixDiff.Change::allowedAfter)
        || diff.outsideChanges().stream().anyMatch(c -> !c.openedCidrs().isEmpty())
        || !diff.podsOnlyAfter().isEmpty();
    // The verdict line goes where it cannot break a page written to standard output.
    PrintWriter status = format.equals("html") && output == null
        ? spec.commandLine().getErr() : out;
    status.println(opened ? "traffic opened up" : "nothing opened up");
    status.flush();
    out.flush();
    return opened ? ExitCodes.OPENED : ExitCodes.OK;
  }

  private List<Path> with(Path version) {
    List<Path> paths = new ArrayList<>(common);
    paths.add(version);
    return paths;
  }
}
