package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import dev.netpol.core.testkit.SeedCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workload view agrees with the pod-by-pod matrix on every cell of every port. */
class WorkloadMatrixTest {
  private final Cluster cluster = SeedCluster.build();

  @Test
  void everyCellAgreesWithThePodPairsOfItsGroups() {
    for (EvaluationOptions options : List.of(EvaluationOptions.defaults(),
        EvaluationOptions.builder().selfTrafficAlwaysAllowed(true).build())) {
      ReachabilityMatrix m = cluster.reachability(options);
      WorkloadMatrix w = WorkloadMatrix.of(m);
      List<Group> groups = w.groups();
      for (PortGroup pg : w.portGroups()) {
        for (PortRange range : pg.ports()) {
          for (Port port : List.of(range.representative(),
              new Port(range.protocol(), range.last()))) {
            for (int r = 0; r < groups.size(); r++) {
              for (int c = 0; c < groups.size(); c++) {
                assertThat(pg.answer(r, c)).as("%s -> %s on %s", groups.get(r).id(),
                    groups.get(c).id(), port).isEqualTo(expected(m, groups.get(r),
                    groups.get(c), port));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void groupsAreWorkloadsByNamespaceAndPortGroupsCoverEveryPort() {
    WorkloadMatrix w = WorkloadMatrix.of(cluster.reachability());
    assertThat(w.groups()).extracting(Group::id, Group::kind).startsWith(
        org.assertj.core.groups.Tuple.tuple("default/backend", "Deployment"),
        org.assertj.core.groups.Tuple.tuple("default/frontend", "Deployment"));
    long covered = w.portGroups().stream().flatMap(g -> g.ports().stream())
        .mapToLong(r -> r.last() - r.first() + 1).sum();
    assertThat(covered).isEqualTo(3L * Port.MAX);
    assertThat(w.portGroups()).anySatisfy(g -> assertThat(g.ports())
        .contains(new PortRange(Protocol.TCP, 80, 80)));
  }

  private static Answer expected(ReachabilityMatrix m, Group from, Group to, Port port) {
    int allowed = 0;
    int total = 0;
    for (Pod s : from.pods()) {
      for (Pod d : to.pods()) {
        total++;
        allowed += m.allowed(s, d, port) ? 1 : 0;
      }
    }
    return allowed == total ? Answer.ALLOWED : allowed == 0 ? Answer.DENIED : Answer.PARTLY;
  }
}
