package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.exposure.Exposure;
import dev.netpol.core.exposure.WorkloadExposure;
import dev.netpol.core.internal.Suggestions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netpol exposure}: what each workload is open to, widest first (docs/exposure.md): who
 * may connect in and where it may connect out, per port range, exactly over ports and addresses.
 */
@Command(
    name = "exposure",
    mixinStandardHelpOptions = true,
    description = {
      "Prints what each workload is open to, widest exposure first: per port range, who may "
          + "connect in (addresses outside the cluster as CIDRs, any pod of any namespace, all "
          + "pods of named namespaces, pods of named workloads) and where it may connect out. "
          + "\"(some pods)\" marks a line that holds for some of a workload's pods only.",
      "Ask `netpol explain SRC DST PORT` for the rule behind one connection."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:bad input: refused manifests, an unknown workload"})
final class ExposureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Option(
      names = "--workload",
      paramLabel = "NS/NAME",
      description = "Only this workload (a pod without a workload: NS/POD).")
  String workload;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE.")
  Path output;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Manifest files or directories.")
  List<Path> manifests;

  @Override
  public Integer call() {
    Cluster cluster =
        Manifests.load(manifests == null ? List.of() : manifests, loading,
            spec.commandLine().getErr());
    Exposure exposure = cluster.exposure();
    String text;
    if (workload == null) {
      text = exposure.toString();
    } else {
      WorkloadExposure one = exposure.workload(workload).orElseThrow(() -> {
        List<String> near = Suggestions.closest(workload,
            exposure.workloads().stream().map(WorkloadExposure::id).toList());
        return new BadInputException("no workload " + workload
            + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?"));
      });
      text = one.toString();
    }
    Output.write(text.endsWith("\n") ? text : text + "\n", output, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
