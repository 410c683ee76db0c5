package dev.netpol.examples;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The netpol report: loads manifests and prints what was loaded, the reachability tables for every
 * port the policies treat differently, and (with {@code --explain}) why each denied group pair is
 * denied.
 *
 * <pre>{@code
 * mvn -q -B -ntp -pl examples -am compile exec:java                         # the article's scenario
 * mvn -q -B -ntp -pl examples -am compile exec:java -Dexec.args="--explain k8s/"  # your manifests
 * }</pre>
 *
 * <p>Exit status: 0 on success, 1 if the manifests are invalid (the loader's message, with file,
 * line and field, goes to standard error), 2 on a usage error.
 */
public final class Report {
  /** The manifests the report shows when given no path: the article's final stage. */
  static final List<String> DEFAULT_RESOURCES =
      List.of("manifests/base", "manifests/frontend-egress", "manifests/extras");

  private Report() {}

  /**
   * Runs the report.
   *
   * @param args {@code [--explain] [--no-system-pods] [PATH...]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the report with the given streams, for tests.
   *
   * @param args the command-line arguments
   * @param out where the report goes
   * @param err where errors go
   * @return the exit status
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean explain = false;
    boolean systemPods = true;
    List<Path> paths = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--explain")) {
        explain = true;
      } else if (arg.equals("--no-system-pods")) {
        systemPods = false;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        out.println(usage());
        return 0;
      } else if (arg.startsWith("-")) {
        err.println("netpol: unknown option " + arg + "\n" + usage());
        return 2;
      } else {
        paths.add(Path.of(arg));
      }
    }
    ManifestLoader loader = ManifestLoader.builder().systemPods(systemPods).build();
    LoadResult result =
        paths.isEmpty()
            ? loader.loadResources(DEFAULT_RESOURCES.toArray(new String[0]))
            : loader.load(paths);
    String what = paths.isEmpty() ? "the example scenario (" + String.join(", ", DEFAULT_RESOURCES) + ")" : paths.toString();
    if (!result.isValid()) {
      err.println("netpol: cannot load " + what);
      result.report().problems().forEach(p -> err.println("  " + p));
      return 1;
    }
    Cluster cluster = result.cluster();
    out.println(ReportWriter.wrap("netpol report for " + what, 80));
    out.println();
    out.print(new ReportWriter(cluster, result.report()).write(explain));
    return 0;
  }

  private static String usage() {
    return "usage: netpol-report [--explain] [--no-system-pods] [PATH...]\n"
        + "  PATH              manifest files or directories (default: the article's scenario)\n"
        + "  --explain         explain every denied pair of workloads\n"
        + "  --no-system-pods  do not add the kube-system CoreDNS pods (k8s-app=kube-dns)";
  }
}
