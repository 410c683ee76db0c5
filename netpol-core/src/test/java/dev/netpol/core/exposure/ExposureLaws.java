package dev.netpol.core.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.PortMatrix;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Exposure agrees with the engine's matrix cell by cell: on generated clusters whose pods are
 * grouped into workloads of differing pods, for every workload, direction and port atom (its
 * first and last port), the lines that cover the port name exactly the pods the matrix admits
 * (as any pod, whole namespaces, workloads wholly or partly) and exactly the outside addresses,
 * and say "some pods" exactly when the workload's pods differ.
 */
class ExposureLaws {

  /** A generated cluster with its pods grouped into workloads, and options to judge it with. */
  record Case(Cluster cluster, EvaluationOptions options) {}

  private static final Gen<Case> CASES = Gen.zip(NetpolGen.clusters(), NetpolGen.options(),
      (c, o) -> new Case(grouped(c), o.toBuilder().selfTrafficAlwaysAllowed(false).build()));

  /** Every second pod joins one of two workloads of its namespace, whatever its labels. */
  private static Cluster grouped(Cluster generated) {
    Cluster.Builder b = Cluster.builder();
    for (Namespace ns : generated.namespaces()) {
      b.namespace(ns);
    }
    List<Pod> pods = generated.pods();
    for (int i = 0; i < pods.size(); i++) {
      Pod p = pods.get(i);
      Optional<WorkloadRef> owner = i % 2 == 0
          ? Optional.of(new WorkloadRef(WorkloadKind.DEPLOYMENT, "w" + (i / 2 % 2)))
          : Optional.empty();
      b.pod(new Pod(p.namespace(), p.name(), p.labels(), p.ips(), p.containerPorts(),
          p.hostNetwork(), owner, p.node()));
    }
    for (NetworkPolicy p : generated.policies()) {
      b.policy(p);
    }
    return b.build();
  }

  @Test
  void exposureNamesExactlyThePodsAndAddressesTheMatrixAdmits() {
    Coverage coverage = new Coverage();
    Property.forAll(CASES).show(c -> Property.describe(c.cluster()) + "\noptions: " + c.options())
        .check(c -> {
          coverage.tried();
          ReachabilityMatrix matrix = new ReachabilityEngine(c.options()).build(c.cluster());
          Exposure exposure = Exposure.of(matrix);
          List<Pod> pods = c.cluster().pods();
          assertThat(exposure.workloads()).extracting(WorkloadExposure::id)
              .containsExactlyInAnyOrderElementsOf(
                  pods.stream().map(WorkloadMatrix::groupId).distinct().toList());
          for (PortRange atom : matrix.portAtoms()) {
            PortMatrix m = matrix.matrix(atom.representative());
            for (Port port : List.of(atom.representative(),
                new Port(atom.protocol(), atom.last()))) {
              for (WorkloadExposure w : exposure.workloads()) {
                List<Pod> mine = pods.stream()
                    .filter(p -> WorkloadMatrix.groupId(p).equals(w.id())).toList();
                coverage.when("workload of several pods", mine.size() > 1);
                for (PolicyType dir : List.of(PolicyType.INGRESS, PolicyType.EGRESS)) {
                  List<Reach> lines = w.reaches(dir).stream().filter(r -> r.covers(port)).toList();
                  checkPods(c.cluster(), m, mine, dir, lines, coverage);
                  checkOutside(matrix, mine, dir, port, lines, coverage);
                }
              }
            }
          }
        });
    for (String seen : List.of("any pod of any namespace", "whole namespaces", "workloads",
        "workload partly admitted", "some pods differ", "outside differs by pod")) {
      coverage.requireAtLeast(seen, 0.05);
    }
  }

  private static boolean allowed(PortMatrix m, PolicyType dir, Pod other, Pod own) {
    return dir == PolicyType.INGRESS ? m.allowed(other, own) : m.allowed(own, other);
  }

  private static void checkPods(Cluster cluster, PortMatrix m, List<Pod> mine, PolicyType dir,
      List<Reach> lines, Coverage coverage) {
    List<Pod> pods = cluster.pods();
    Set<Pod> any = pods.stream().filter(p -> mine.stream().anyMatch(q -> allowed(m, dir, p, q)))
        .collect(Collectors.toSet());
    List<Reach> podLines = lines.stream().filter(r -> !(r.peer() instanceof Peer.Outside))
        .toList();
    coverage.when("pods admitted", !any.isEmpty());
    if (any.isEmpty()) {
      assertThat(podLines).as("no pod admitted").isEmpty();
      return;
    }
    if (any.size() == pods.size()) {
      coverage.when("any pod of any namespace", true);
      assertThat(podLines).hasSize(1);
      assertThat(podLines.get(0).peer()).isEqualTo(new Peer.AnyPod());
      assertThat(podLines.get(0).everyPod()).isEqualTo(everyPodAdmitsAll(m, dir, mine, any));
      return;
    }
    Set<String> whole = pods.stream().map(Pod::namespace).distinct()
        .filter(ns -> any.containsAll(cluster.podsIn(ns))).collect(Collectors.toSet());
    List<Reach> nsLines = podLines.stream().filter(r -> r.peer() instanceof Peer.Namespaces)
        .toList();
    List<Reach> wLines = podLines.stream().filter(r -> r.peer() instanceof Peer.Workloads)
        .toList();
    assertThat(podLines).hasSize(nsLines.size() + wLines.size());
    if (whole.isEmpty()) {
      assertThat(nsLines).isEmpty();
    } else {
      coverage.when("whole namespaces", true);
      assertThat(nsLines).hasSize(1);
      assertThat(((Peer.Namespaces) nsLines.get(0).peer()).names())
          .containsExactlyInAnyOrderElementsOf(whole);
      Set<Pod> inWhole = any.stream().filter(p -> whole.contains(p.namespace()))
          .collect(Collectors.toSet());
      assertThat(nsLines.get(0).everyPod()).isEqualTo(everyPodAdmitsAll(m, dir, mine, inWhole));
    }
    Set<Pod> rest = any.stream().filter(p -> !whole.contains(p.namespace()))
        .collect(Collectors.toSet());
    if (rest.isEmpty()) {
      assertThat(wLines).isEmpty();
      return;
    }
    coverage.when("workloads", true);
    assertThat(wLines).hasSize(1);
    Peer.Workloads named = (Peer.Workloads) wLines.get(0).peer();
    Set<String> ids = rest.stream().map(WorkloadMatrix::groupId).collect(Collectors.toSet());
    assertThat(named.ids()).containsExactlyInAnyOrderElementsOf(ids);
    Set<String> partly = ids.stream().filter(id -> pods.stream()
        .anyMatch(p -> WorkloadMatrix.groupId(p).equals(id) && !rest.contains(p)))
        .collect(Collectors.toSet());
    coverage.when("workload partly admitted", !partly.isEmpty());
    assertThat(named.partly()).containsExactlyInAnyOrderElementsOf(partly);
    boolean every = everyPodAdmitsAll(m, dir, mine, rest);
    coverage.when("some pods differ", !every);
    assertThat(wLines.get(0).everyPod()).isEqualTo(every);
  }

  private static boolean everyPodAdmitsAll(
      PortMatrix m, PolicyType dir, List<Pod> mine, Set<Pod> others) {
    return mine.stream().allMatch(q -> others.stream().allMatch(p -> allowed(m, dir, p, q)));
  }

  private static void checkOutside(ReachabilityMatrix matrix, List<Pod> mine, PolicyType dir,
      Port port, List<Reach> lines, Coverage coverage) {
    TreeRangeSet<IpAddress> union = TreeRangeSet.create();
    List<ImmutableRangeSet<IpAddress>> each = new ArrayList<>();
    for (Pod q : mine) {
      ImmutableRangeSet<IpAddress> s = AddressRanges.closed(dir == PolicyType.INGRESS
          ? matrix.ingressFromOutside(q, port) : matrix.egressToOutside(q, port));
      each.add(s);
      union.addAll(s);
    }
    List<Reach> outside = lines.stream().filter(r -> r.peer() instanceof Peer.Outside).toList();
    if (union.isEmpty()) {
      assertThat(outside).isEmpty();
      return;
    }
    coverage.when("outside addresses", true);
    assertThat(outside).hasSize(1);
    assertThat(((Peer.Outside) outside.get(0).peer()).addresses())
        .isEqualTo(AddressRanges.closed(union));
    boolean every = each.stream().allMatch(s -> s.equals(each.get(0)));
    coverage.when("outside differs by pod", !every);
    assertThat(outside.get(0).everyPod()).isEqualTo(every);
  }
}
