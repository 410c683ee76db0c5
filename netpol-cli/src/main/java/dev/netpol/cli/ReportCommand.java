package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.DirectionVerdict;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ReportEntry;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import com.google.common.collect.ImmutableRangeSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netpol report}: what talks to what. The load, then every connection allowed between
 * workloads with the ports and the rules that allow it, then what each workload may reach
 * outside the cluster and be reached from, as CIDRs.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Reports what talks to what: the objects loaded (with warnings), every allowed connection "
          + "between workloads with its ports and the rules that allow it at each end, the "
          + "addresses outside the cluster each workload may reach or be reached from, the "
          + "workload tables by port group, the lint findings, and what each workload is open to, "
          + "widest first.",
      "Denied pairs are not listed one by one: ask `netpol explain SRC DST PORT` for one."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:reported", "2:bad input: refused manifests"})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoaderOptions loading = new LoaderOptions();

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Manifest files or directories.")
  List<Path> manifests;

  @Override
  public Integer call() {
    LoadResult load = Manifests.loadResult(manifests == null ? List.of() : manifests, loading,
        loading.loader(), spec.commandLine().getErr(), false);
    Cluster cluster = load.cluster();
    PrintWriter out = spec.commandLine().getOut();
    writeLoad(out, cluster, load.report());
    ReachabilityMatrix matrix = cluster.reachability();
    WorkloadMatrix workloads = WorkloadMatrix.of(matrix);
    writeConnections(out, workloads, cluster.evaluator());
    writeOutside(out, workloads, matrix);
    out.println();
    out.print(MatrixFormats.text.write(workloads));
    out.println();
    out.println("Findings (docs/lint.md):");
    out.print(indent(LintCommand.text(cluster.lint())));
    out.println();
    out.println("Exposure, widest first (docs/exposure.md):");
    out.print(indent(cluster.exposure().toString()));
    out.flush();
    return ExitCodes.OK;
  }

  private static String indent(String text) {
    StringBuilder b = new StringBuilder();
    text.lines().forEach(l -> b.append("  ").append(l).append('\n'));
    return b.length() == 0 ? "  none\n" : b.toString();
  }

  private static void writeLoad(PrintWriter out, Cluster cluster, LoadReport report) {
    Map<String, Integer> counts = new TreeMap<>();
    report.loaded().forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
    out.println("Loaded: " + counts.entrySet().stream()
        .map(c -> c.getValue() + " " + c.getKey()).collect(Collectors.joining(", "))
        + " -> " + cluster.pods().size() + " pods in " + cluster.namespaces().size()
        + " namespaces");
    if (!report.skipped().isEmpty()) {
      out.println("Skipped (cannot change an answer):");
      for (ReportEntry e : report.skipped()) {
        out.println("  " + e);
      }
    }
    if (!report.warnings().isEmpty()) {
      out.println("Warnings:");
      report.warnings().forEach(w -> out.println("  " + w));
    }
  }

  private static void writeConnections(PrintWriter out, WorkloadMatrix m, Evaluator evaluator) {
    out.println();
    out.println("Allowed connections between workloads (source -> destination: ports, why):");
    List<Group> g = m.groups();
    int shown = 0;
    for (int r = 0; r < g.size(); r++) {
      for (int c = 0; c < g.size(); c++) {
        Map<String, List<PortRange>> byReason = new LinkedHashMap<>();
        boolean partly = false;
        for (PortGroup pg : m.portGroups()) {
          Answer a = pg.answer(r, c);
          if (a == Answer.DENIED) {
            continue;
          }
          partly |= a == Answer.PARTLY;
          String why = reason(evaluator, g.get(r), g.get(c), pg);
          byReason.computeIfAbsent(why, k -> new ArrayList<>()).addAll(pg.ports());
        }
        if (byReason.isEmpty()) {
          continue;
        }
        shown++;
        List<PortRange> all = byReason.values().stream().flatMap(List::stream).toList();
        out.println("  " + g.get(r).id() + " -> " + g.get(c).id() + ": "
            + MatrixFormats.ports(all) + (partly ? " (only some pod pairs)" : ""));
        byReason.forEach((why, ports) -> out.println("      "
            + (byReason.size() > 1 ? MatrixFormats.ports(ports) + ": " : "") + why));
      }
    }
    if (shown == 0) {
      out.println("  none");
    }
  }

  /** The rules that let the first allowed pod pair of two groups connect on a port group. */
  private static String reason(Evaluator evaluator, Group from, Group to, PortGroup pg) {
    for (Pod s : from.pods()) {
      for (Pod d : to.pods()) {
        Verdict v = evaluator.evaluate(s, d, pg.ports().get(0).representative());
        if (v.allowed()) {
          return "egress " + side(v.egress()) + "; ingress " + side(v.ingress());
        }
      }
    }
    return "allowed"; // not reached: the engine and the evaluator agree on every cell
  }

  private static String side(DirectionVerdict v) {
    if (v instanceof DirectionVerdict.Layered l) {
      if (l.admin().decides()) {
        return "by " + l.admin().match().orElseThrow() + (l.tied() ? " (tie: undefined)" : "");
      }
      if (l.networkPolicy().isPresent() && !(l.networkPolicy().get()
          instanceof DirectionVerdict.NotIsolated)) {
        return side(l.networkPolicy().get());
      }
      return l.baseline().flatMap(b -> b.match())
          .map(m -> "by " + m + (l.tied() ? " (tie: undefined)" : ""))
          .orElse("no cluster-scoped rule and not isolated");
    }
    if (v instanceof DirectionVerdict.Allowed a) {
      return "by " + a.admittedBy().stream()
          .map(ref -> ref.policy().id() + " " + ref.ruleName())
          .collect(Collectors.joining(", "));
    }
    if (v instanceof DirectionVerdict.NotIsolated n) {
      return n.hostNetwork() ? "not isolated (host network)" : "not isolated";
    }
    if (v instanceof DirectionVerdict.SelfTrafficAllowed) {
      return "self traffic, always allowed";
    }
    return v.allows() ? "allowed" : "denied";
  }

  private static void writeOutside(PrintWriter out, WorkloadMatrix m, ReachabilityMatrix matrix) {
    out.println();
    out.println("Outside the cluster, per workload (the addresses the policies admit for a peer"
        + " outside the cluster; the cluster's own pods are in the table above):");
    for (Group g : m.groups()) {
      out.println("  " + g.id() + ":");
      out.println("      egress to: " + outside(g, matrix, matrix::egressToOutside));
      out.println("      ingress from: " + outside(g, matrix, matrix::ingressFromOutside));
    }
  }

  /** Ports with the same addresses grouped ({@code TCP/443: 0.0.0.0/0}); per pod if they differ. */
  private static String outside(Group g, ReachabilityMatrix matrix,
      BiFunction<Pod, dev.netpol.core.model.Port, ImmutableRangeSet<IpAddress>> reach) {
    Map<Pod, String> perPod = new LinkedHashMap<>();
    for (Pod pod : g.pods()) {
      Map<ImmutableRangeSet<IpAddress>, List<PortRange>> byAddresses = new LinkedHashMap<>();
      for (PortRange atom : matrix.portAtoms()) {
        ImmutableRangeSet<IpAddress> addresses = reach.apply(pod, atom.representative());
        if (!addresses.isEmpty()) {
          byAddresses.computeIfAbsent(addresses, k -> new ArrayList<>()).add(atom);
        }
      }
      perPod.put(pod, byAddresses.isEmpty() ? "none" : byAddresses.entrySet().stream()
          .map(e -> MatrixFormats.ports(e.getValue()) + ": " + Cidr.format(e.getKey()))
          .collect(Collectors.joining("; ")));
    }
    if (perPod.values().stream().distinct().count() <= 1) {
      return perPod.values().stream().findFirst().orElse("none");
    }
    return perPod.entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue())
        .collect(Collectors.joining("; "));
  }
}
