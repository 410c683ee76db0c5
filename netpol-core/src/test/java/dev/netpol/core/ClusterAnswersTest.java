package dev.netpol.core;

import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.PodIsolation.Reason;
import dev.netpol.core.eval.Party;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Cluster#answer} and {@link Cluster#isolation}: the one place where a question about
 * endpoints and ports becomes pod pairs and port sets, used as is by the AssertJ and JUnit
 * adapters.
 */
class ClusterAnswersTest {
  private static final String YAML = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-0, namespace: shop, labels: {app: web}}
      spec: {containers: [{name: c}]}
      status: {podIP: 10.0.0.10}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db-0, namespace: shop, labels: {app: db}}
      spec:
        containers:
        - name: c
          ports: [{name: pg, containerPort: 5432}]
      status: {podIP: 10.0.0.20}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db-1, namespace: shop, labels: {app: db}}
      spec:
        containers:
        - name: c
          ports: [{name: pg, containerPort: 5433}]
      status: {podIP: 10.0.0.21}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: agent-0, namespace: shop, labels: {app: agent}}
      spec: {hostNetwork: true, containers: [{name: c}]}
      status: {podIP: 192.168.1.5}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: shop}
      spec:
        selector: {app: db}
        ports: [{port: 80, targetPort: pg}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-from-web, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: pg}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-egress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        policyTypes: [Egress]
        egress:
        - to: [{ipBlock: {cidr: 10.1.0.0/16, except: [10.1.128.0/17]}}]
          ports: [{port: 443}]
        - to: [{podSelector: {matchLabels: {app: db}}}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-ingress-rules-ignored, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        policyTypes: [Egress]
        ingress:
        - from: [{podSelector: {}}]
      """;

  private final Cluster cluster = Cluster.fromYaml(YAML);

  @Test
  void aServicePortIsJudgedAtTheTargetPortOfEachPodBehindIt() {
    ConnectionAnswer a = cluster.answer(pod("shop/web-0"), service("shop/db"),
        PortQuery.of(Port.tcp(80)));
    assertThat(a.pairs()).hasSize(2);
    assertThat(a.allAllowed()).isTrue();
    assertThat(a.pairs().get(0).allowedPorts().get(Protocol.TCP).asRanges())
        .containsExactly(Range.closed(5432, 5432));
    assertThat(a.pairs().get(1).allowedPorts().get(Protocol.TCP).asRanges())
        .containsExactly(Range.closed(5433, 5433));
  }

  @Test
  void aRangeOrNamedPortAskedOfAServiceIsRefusedWithTheReason() {
    for (PortQuery q : List.of(PortQuery.range(Protocol.TCP, 1, 100), PortQuery.allPorts(),
        PortQuery.named("pg"))) {
      assertThatThrownBy(() -> cluster.answer(pod("shop/web-0"), service("shop/db"), q))
          .as(q.toString())
          .isInstanceOf(EndpointResolutionException.class)
          .hasMessageContaining("Service");
    }
  }

  @Test
  void aNamedPortIsResolvedOnEachDestinationPod() {
    ConnectionAnswer a = cluster.answer(pod("shop/web-0"), pods("shop", "app=db"),
        PortQuery.named("pg"));
    assertThat(a.allAllowed()).isTrue();
    assertThat(a.pairs()).extracting(p -> p.allowedPorts().get(Protocol.TCP))
        .containsExactly(ImmutableRangeSet.of(Range.singleton(5432)),
            ImmutableRangeSet.of(Range.singleton(5433)));
  }

  @Test
  void aNamedPortNoDestinationDeclaresIsAnError() {
    assertThatThrownBy(() -> cluster.answer(pod("shop/db-0"), pod("shop/web-0"),
        PortQuery.named("pg")))
        .isInstanceOf(UnresolvedNamedPortException.class)
        .hasMessageContaining("pg");
  }

  @Test
  void aCidrIsAnsweredExactlyPerAddressRangeThatPoliciesTreatAlike() {
    ConnectionAnswer a = cluster.answer(pod("shop/web-0"), cidr("10.1.0.0/16"),
        PortQuery.of(Port.tcp(443)));
    assertThat(a.podPairs()).isFalse();
    assertThat(a.pairs()).extracting(p -> p.destination().toString(), PairAnswer::allowed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.1.0.0/17", true),
            org.assertj.core.groups.Tuple.tuple("10.1.128.0/17", false));
    assertThat(a.breaking(true)).hasSize(1);
  }

  @Test
  void aPortRangeAnswerListsExactlyTheAllowedAndDeniedNumbers() {
    ConnectionAnswer a = cluster.answer(pod("shop/web-0"), pod("shop/db-0"),
        PortQuery.range(Protocol.TCP, 5430, 5435));
    PairAnswer pair = a.pairs().get(0);
    assertThat(pair.allowedPorts().get(Protocol.TCP).asRanges())
        .containsExactly(Range.closed(5432, 5432));
    assertThat(pair.deniedPorts().get(Protocol.TCP).asRanges())
        .containsExactly(Range.closed(5430, 5431), Range.closed(5433, 5435));
    assertThat(a.allAllowed()).isFalse();
    assertThat(a.allDenied()).isFalse();
  }

  @Test
  void isolationNamesTheReasonPerPod() {
    IsolationAnswer ingress = cluster.isolation(pods("shop", "app"), PolicyType.INGRESS);
    assertThat(ingress.pods()).extracting(p -> p.pod().id(), PodIsolation::reason)
        .contains(
            org.assertj.core.groups.Tuple.tuple("shop/db-0", Reason.ISOLATED),
            org.assertj.core.groups.Tuple.tuple("shop/web-0", Reason.NOT_SELECTED),
            org.assertj.core.groups.Tuple.tuple("shop/agent-0", Reason.HOST_NETWORK));
    assertThat(ingress.allIsolated()).isFalse();
  }

  @Test
  void anIsolatedPodNamesThePoliciesThatIsolateIt() {
    PodIsolation db = cluster.isolation(pod("shop/db-0"), PolicyType.INGRESS).pods().get(0);
    assertThat(db.isolatingPolicies()).extracting(p -> p.id())
        .containsExactly("shop/db-from-web");
    assertThat(db).hasToString("shop/db-0: ISOLATED for Ingress by shop/db-from-web");
    PodIsolation web = cluster.isolation(pod("shop/web-0"), PolicyType.EGRESS).pods().get(0);
    assertThat(web.isolatingPolicies()).extracting(p -> p.id())
        .containsExactly("shop/web-egress", "shop/web-ingress-rules-ignored");
  }

  @Test
  void notSelectedListsThePoliciesWhoseRulesAreIgnoredForTheDirection() {
    PodIsolation web = cluster.isolation(pod("shop/web-0"), PolicyType.INGRESS).pods().get(0);
    assertThat(web.ignoringPolicies()).extracting(p -> p.id())
        .containsExactly("shop/web-ingress-rules-ignored");
  }

  @Test
  void anAddressHasNoIsolationAndIsListedOutside() {
    IsolationAnswer a = cluster.isolation(cidr("8.8.8.0/24"), PolicyType.EGRESS);
    assertThat(a.pods()).isEmpty();
    assertThat(a.outside()).isNotEmpty().allMatch(p -> p instanceof Party.Outside);
    assertThat(a.allIsolated()).isFalse();
  }
}
