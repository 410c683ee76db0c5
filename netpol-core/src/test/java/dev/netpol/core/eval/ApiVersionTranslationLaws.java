package dev.netpol.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.testkit.ClusterPolicyGen;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.Query;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy ({@code v1alpha1}) and their
 * ClusterNetworkPolicy translation ({@code v1alpha2}: Admin tier at the same priority, Baseline
 * tier, {@code Allow} as {@code Accept}, {@code ports} as {@code protocols}), both loaded from
 * YAML, answer every generated question alike: verdicts, undefined answers and exact port sets. A
 * pod's connection to itself is left out: only ClusterNetworkPolicy exempts it
 * (docs/cluster-policies.md#hairpin). 1000 tries from a fixed seed.
 */
class ApiVersionTranslationLaws {
  private static final long SEED = 20261217L;

  @Test
  void v1alpha1PoliciesAndTheirV1alpha2TranslationGiveTheSameAnswers() {
    Gen<ClusterPolicyOrderLaws.Input> inputs = s -> new ClusterPolicyOrderLaws.Input(
        NetpolGen.scenarios().generate(s), ClusterPolicyGen.v1alpha1Sets().generate(s), 0, 0, 0);
    Coverage coverage = new Coverage();
    Property.forAll(inputs).seed(SEED).tries(1000).show(in -> {
      StringBuilder out = new StringBuilder(Property.describe(in.scenario()));
      in.policies().forEach(p -> out.append(ClusterPolicyGen.v1alpha1Yaml(p)));
      return out.toString();
    }).check(in -> {
      coverage.tried();
      Query q = in.query();
      if (q.source().pod().isPresent() && q.source().pod().equals(q.destination().pod())) {
        return; // hairpin: only ClusterNetworkPolicy is exempt (docs/cluster-policies.md#hairpin)
      }
      StringBuilder v1 = new StringBuilder();
      StringBuilder v2 = new StringBuilder();
      for (ClusterPolicy p : in.policies()) {
        v1.append(ClusterPolicyGen.v1alpha1Yaml(p));
        v2.append(ClusterPolicyGen.v1alpha2Yaml(p));
      }
      Cluster c1 = in.with(loaded(v1.toString()));
      Cluster c2 = in.with(loaded(v2.toString()));
      Optional<Verdict> a1 = ClusterPolicyOrderLaws.verdict(c1, q);
      if (a1.isEmpty()) {
        return;
      }
      Verdict a2 = ClusterPolicyOrderLaws.verdict(c2, q).orElseThrow();
      coverage.when(
          "a cluster-scoped rule decided a side", ClusterPolicyOrderLaws.decidedByATier(a1.get()));
      assertThat(a2.allowed()).as("v1alpha1:%n%s%nv1alpha2:%n%s", a1.get().explain(),
          a2.explain()).isEqualTo(a1.get().allowed());
      assertThat(a2.undefined()).isEqualTo(a1.get().undefined());
      if (q.source().pod().isPresent() && q.destination().pod().isPresent()) {
        Party s = Party.pod(q.source().pod().get());
        Party d = Party.pod(q.destination().pod().get());
        for (Protocol protocol : Protocol.values()) {
          assertThat(c2.evaluator().allowedPorts(s, d, protocol))
              .isEqualTo(c1.evaluator().allowedPorts(s, d, protocol));
        }
      }
    });
    coverage.requireAtLeast("a cluster-scoped rule decided a side", 0.1);
  }

  private static List<ClusterPolicy> loaded(String yaml) {
    return yaml.isEmpty() ? List.of() : Cluster.fromYaml(yaml).clusterPolicies();
  }
}
