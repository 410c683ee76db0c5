package dev.netpol.core.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each workload is open to, on a small cluster with one example of each kind of peer: any
 * namespace, a whole namespace, workloads, an ipBlock with except, and a workload whose pods
 * differ.
 */
class ExposureTest {
  static final String YAML = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {team: shop}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: ops, labels: {team: ops}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: lab, labels: {team: lab}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        replicas: 2
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: probe, namespace: ops, labels: {app: probe}}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: toy, namespace: lab, labels: {app: toy}}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-open, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{namespaceSelector: {}}]
          ports: [{port: http}]
        - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
          ports: [{port: 443}, {port: 8000, endPort: 8080}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-from-ops, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {team: ops}}
          - podSelector: {matchLabels: {app: web}}
          ports: [{port: pg}]
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 9000}]
        - from: [{namespaceSelector: {matchLabels: {team: lab}}}]
          ports: [{port: 9000}]
          # only db-0
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: cache, namespace: shop}
      spec:
        replicas: 2
        selector: {matchLabels: {app: cache}}
        template:
          metadata: {labels: {app: cache}}
          spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: cache-0
        namespace: shop
        labels: {app: cache, role: primary}
        ownerReferences:
        - {apiVersion: apps/v1, kind: StatefulSet, name: cache, uid: u1, controller: true}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: cache-1
        namespace: shop
        labels: {app: cache, role: replica}
        ownerReferences:
        - {apiVersion: apps/v1, kind: StatefulSet, name: cache, uid: u2, controller: true}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: cache-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: cache}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 6379}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: cache-primary-debug, namespace: shop}
      spec:
        podSelector: {matchLabels: {role: primary}}
        ingress:
        - from: [{namespaceSelector: {matchLabels: {team: lab}}}]
          ports: [{port: 7000}]
      """;

  private final Exposure exposure = Cluster.fromYaml(YAML).exposure();

  private WorkloadExposure of(String id) {
    return exposure.workload(id).orElseThrow();
  }

  private static PortRange tcp(int first, int last) {
    return new PortRange(Protocol.TCP, first, last);
  }

  @Test
  void namespaceSelectorEmptyIsAnyPodOfAnyNamespaceOnTheNamedPortsNumber() {
    assertThat(of("shop/web").ingress()).contains(new Reach(
        PolicyType.INGRESS, new Peer.AnyPod(), true, ImmutableList.of(tcp(8080, 8080))));
  }

  @Test
  void aNamespaceSelectorAdmittingEveryPodOfANamespaceNamesTheNamespace() {
    assertThat(of("shop/db").ingress()).contains(new Reach(PolicyType.INGRESS,
        new Peer.Namespaces(ImmutableSortedSet.of("ops")), true,
        ImmutableList.of(tcp(5432, 5432))));
  }

  @Test
  void aPodSelectorPeerNamesTheWorkloadsOnTheDestinationsNamedPort() {
    assertThat(of("shop/db").ingress()).contains(new Reach(PolicyType.INGRESS,
        new Peer.Workloads(ImmutableSortedSet.of("shop/web"), ImmutableSortedSet.of()), true,
        ImmutableList.of(tcp(5432, 5432), tcp(9000, 9000))));
  }

  @Test
  void anIpBlockWithExceptIsTheExactAddressSetAndNeighbouringAtomsMerge() {
    TreeRangeSet<IpAddress> expected = TreeRangeSet.create();
    expected.add(Cidr.parse("0.0.0.0/0").range());
    expected.remove(Cidr.parse("10.0.0.0/8").range());
    Reach internet = of("shop/web").ingress().get(0);
    assertThat(internet.peer()).isEqualTo(new Peer.Outside(ImmutableRangeSet.copyOf(expected)));
    assertThat(internet.ports()).containsExactly(tcp(443, 443), tcp(8000, 8080));
    assertThat(internet.toString()).isEqualTo("in  TCP/443, TCP/8000-8080 from outside the"
        + " cluster: 0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3,"
        + " 64.0.0.0/2, 128.0.0.0/1");
  }

  @Test
  void aWorkloadIsExposedWhenAnyOfItsPodsIsAndSaysSomePods() {
    Reach debug = new Reach(PolicyType.INGRESS,
        new Peer.Namespaces(ImmutableSortedSet.of("lab")), false,
        ImmutableList.of(tcp(7000, 7000)));
    assertThat(of("shop/cache").ingress()).contains(debug);
    assertThat(debug.toString()).isEqualTo("in  TCP/7000 from all pods of namespace lab"
        + " (some pods)");
    assertThat(of("lab/toy").egress()).contains(new Reach(PolicyType.EGRESS,
        new Peer.Workloads(ImmutableSortedSet.of("shop/cache"), ImmutableSortedSet.of(
            "shop/cache")), true, ImmutableList.of(tcp(7000, 7000))));
  }

  @Test
  void aPodNoPolicyIsolatesIsOpenToEverythingOnEveryPort() {
    List<PortRange> all = List.of(tcp(1, 65535), new PortRange(Protocol.UDP, 1, 65535),
        new PortRange(Protocol.SCTP, 1, 65535));
    assertThat(of("ops/probe").ingress()).extracting(Reach::peer).containsExactly(
        new Peer.Outside(ImmutableRangeSet.<IpAddress>builder()
            .add(Cidr.parse("0.0.0.0/0").range()).add(Cidr.parse("::/0").range()).build()),
        new Peer.AnyPod());
    assertThat(of("ops/probe").ingress()).allSatisfy(r -> assertThat(r.ports()).isEqualTo(all));
  }

  @Test
  void workloadsAreOrderedWidestIngressFirstThenByNamespaceAndName() {
    assertThat(exposure.workloads()).extracting(WorkloadExposure::id).containsExactly(
        "lab/toy", "ops/probe", "shop/web", "shop/cache", "shop/db");
    assertThat(exposure.workloads()).extracting(w -> w.widest(PolicyType.INGRESS).orElseThrow())
        .isSorted();
  }

  @Test
  void theExampleOfALineIsExplainedByTheRuleThatAdmitsIt() {
    WorkloadExposure db = of("shop/db");
    Reach ops = db.ingress().get(0);
    assertThat(exposure.example(db, ops).orElseThrow().explain())
        .startsWith("ops/probe -> shop/db-0 on TCP/5432: ALLOWED")
        .contains("NetworkPolicy shop/db-from-ops");
    WorkloadExposure web = of("shop/web");
    assertThat(exposure.example(web, web.ingress().get(0)).orElseThrow().explain())
        .startsWith("0.0.0.0 -> shop/web-")
        .contains("NetworkPolicy shop/web-open");
  }

  @Test
  void theTextListsEachWorkloadWithItsLines() {
    assertThat(of("shop/db").toString()).isEqualTo("""
        shop/db (StatefulSet, 2 pods)
          in  TCP/5432 from all pods of namespace ops
          in  TCP/9000 from all pods of namespace lab
          in  TCP/5432, TCP/9000 from pods of shop/web
          out TCP/1-65535, UDP/1-65535, SCTP/1-65535 to outside the cluster: 0.0.0.0/0, ::/0
          out TCP/1-65535, UDP/1-65535, SCTP/1-65535 to all pods of namespaces lab, ops
          out TCP/8080 to pods of shop/web""");
    assertThat(exposure.workload("shop/nope")).isEmpty();
  }
}
