package dev.netpol.core;

import static dev.netpol.core.Endpoint.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import org.junit.jupiter.api.Test;

/** Questions over more pairs than an evaluation keeps: counts from the engine, a bounded sample. */
class LargeSelectionTest {

  /**
   * Namespaces a and b of {@code perNamespace} pods each; b's pods with tier=db admit only a's
   * pods with role=client on TCP/5432 (every third pod of a, every second of b).
   */
  private static Cluster twoNamespaces(int perNamespace) {
    Cluster.Builder b =
        Cluster.builder().namespace(Namespace.of("a")).namespace(Namespace.of("b"));
    for (int i = 0; i < perNamespace; i++) {
      b.pod(
          Pod.builder("a", "c-" + i)
              .labels(Labels.of("role", i % 3 == 0 ? "client" : "other"))
              .ip(IpAddress.parse("10.1." + (i / 250) + "." + (i % 250 + 1)))
              .build());
      b.pod(
          Pod.builder("b", "s-" + i)
              .labels(Labels.of("tier", i % 2 == 0 ? "db" : "web"))
              .ip(IpAddress.parse("10.2." + (i / 250) + "." + (i % 250 + 1)))
              .build());
    }
    b.policy(
        NetworkPolicy.builder("b", "db-from-clients")
            .podSelector(LabelSelector.matchLabels("tier", "db"))
            .policyTypes(PolicyType.INGRESS)
            .ingress(
                NetworkPolicyRule.builder()
                    .peer(
                        PodPeer.of(
                            LabelSelector.matchLabels("role", "client"),
                            LabelSelector.everything()))
                    .port(NetworkPolicyPort.tcp(5432))
                    .build())
            .build());
    return b.build();
  }

  private static long expectedAllowed(int perNamespace) {
    long clients = (perNamespace + 2) / 3;
    long dbs = (perNamespace + 1) / 2;
    return (long) perNamespace * perNamespace - (perNamespace - clients) * dbs;
  }

  @Test
  void aMillionPairsAreCountedWithoutKeepingAVerdictEach() {
    Cluster cluster = twoNamespaces(1000);

    Evaluation e = cluster.evaluate(namespace("a"), namespace("b"), Port.tcp(5432));

    assertThat(e.pairCount()).isEqualTo(1_000_000L);
    assertThat(e.allowedCount()).isEqualTo(expectedAllowed(1000));
    assertThat(e.deniedCount()).isEqualTo(1_000_000L - expectedAllowed(1000));
    assertThat(e.isComplete()).isFalse();
    assertThat(e.allowed()).isFalse();
    assertThat(e.allDenied()).isFalse();
    assertThat(e.sample())
        .hasSize(2 * Evaluation.SAMPLED_PAIRS)
        .startsWith(e.sample().get(0));
    assertThat(e.sample().subList(0, Evaluation.SAMPLED_PAIRS)).noneMatch(Verdict::allowed);
    assertThat(e.sample().get(0).explain()).contains("a/c-1 -> b/s-0 on TCP/5432: DENIED");
    assertThat(e.toString())
        .isEqualTo("namespace a -> namespace b on TCP/5432: "
            + expectedAllowed(1000) + " of 1000000 pairs allowed");
    assertThat(e.explain()).endsWith("... and 999997 more pairs");
    assertThat(e.deniedSummary().lines()).hasSize(Evaluation.SAMPLED_PAIRS + 1);
    assertThat(e.deniedSummary())
        .endsWith("... and " + (e.deniedCount() - Evaluation.SAMPLED_PAIRS) + " more denied pairs");
  }

  @Test
  void aSampledEvaluationAgreesWithTheEvaluatorOnEveryPair() {
    Cluster cluster = twoNamespaces(101);

    Evaluation e = cluster.evaluate(namespace("a"), namespace("b"), Port.tcp(5432));

    assertThat(e.pairCount()).isGreaterThan(Evaluation.MATERIALISED_PAIRS);
    assertThat(e.isComplete()).isFalse();
    // pairs() asks the evaluator about every pair: the oracle for the engine's counts.
    ImmutableList<Verdict> every = e.pairs();
    assertThat(every).hasSize(101 * 101);
    long allowed = every.stream().filter(Verdict::allowed).count();
    assertThat(e.allowedCount()).isEqualTo(allowed).isEqualTo(expectedAllowed(101));
    assertThat(e.sample().subList(0, Evaluation.SAMPLED_PAIRS))
        .containsExactlyElementsOf(
            every.stream().filter(v -> !v.allowed()).limit(Evaluation.SAMPLED_PAIRS).toList());
    assertThat(e.deniedPairs()).hasSize((int) e.deniedCount()).noneMatch(Verdict::allowed);
  }

  @Test
  void aSampledEvaluationFollowsTheSelfTrafficOption() {
    Cluster cluster = twoNamespaces(120);
    EvaluationOptions selfAllowed = new EvaluationOptions(true, true);

    Evaluation strict = cluster.evaluate(namespace("b"), namespace("b"), Port.tcp(80));
    Evaluation lenient =
        cluster.evaluate(namespace("b"), namespace("b"), Port.tcp(80), selfAllowed);

    // db pods admit nothing on TCP/80, except each from itself when the option says so.
    assertThat(lenient.allowedCount() - strict.allowedCount()).isEqualTo(60);
  }

  @Test
  void aSmallEvaluationKeepsEveryVerdict() {
    Cluster cluster = twoNamespaces(10);

    Evaluation e = cluster.evaluate(namespace("a"), namespace("b"), Port.tcp(5432));

    assertThat(e.isComplete()).isTrue();
    assertThat(e.pairs()).hasSize(100);
    assertThat(e.sample()).hasSize(100);
    assertThat(e.allowedCount()).isEqualTo(expectedAllowed(10));
  }
}
