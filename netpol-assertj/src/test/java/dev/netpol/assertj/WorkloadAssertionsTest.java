package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.ip;
import static dev.netpol.core.Endpoint.namespace;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import org.junit.jupiter.api.Test;

/** workload(...).isNotExposedOutsideNamespace() and isNotReachableFrom(...), with messages. */
class WorkloadAssertionsTest {
  private static final String YAML = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {team: shop}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: ops, labels: {team: ops}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: api}}
          spec: {containers: [{name: c}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: probe, namespace: ops, labels: {app: probe}}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: api}}}]
          ports: [{port: pg}]
        - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
          ports: [{port: 9187}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: api-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: api}}
        ingress:
        - from: [{podSelector: {}}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
          ports: [{port: 443}]
      """;

  private final Cluster cluster = Cluster.fromYaml(YAML);

  private static final String DB_FROM_OPS = String.join("\n",
      "in  TCP/9187 from all pods of namespace ops",
      "  ops/probe -> shop/db-0 on TCP/9187: ALLOWED",
      "    egress of ops/probe: not isolated (no NetworkPolicy in ops selects it for egress)",
      "    ingress of shop/db-0: allowed by NetworkPolicy shop/db-ingress, rule ingress[1]",
      "      from: matched (peer 0 {namespaceSelector: team=ops})",
      "      ports: matched (TCP/9187)");

  @Test
  void isNotExposedOutsideNamespacePassesWhenOnlyPodsOfItsNamespaceMayConnect() {
    assertThat(cluster).workload("shop/api").isNotExposedOutsideNamespace();
  }

  @Test
  void isNotExposedOutsideNamespaceListsTheLineAndTheRuleThatAdmitAnotherNamespace() {
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/db").isNotExposedOutsideNamespace())
        .hasMessage("expected \"shop/db\" not to be reachable from outside namespace shop, but 1"
            + " line of its exposure admits it:\n" + DB_FROM_OPS);
  }

  @Test
  void isNotExposedOutsideNamespaceFailsForAddressesOutsideTheCluster() {
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/web")
        .isNotExposedOutsideNamespace())
        .hasMessageStartingWith("expected \"shop/web\" not to be reachable from outside namespace"
            + " shop, but 1 line of its exposure admits it:\nin  TCP/443 from outside the cluster")
        .hasMessageContaining("allowed by NetworkPolicy shop/web-ingress, rule ingress[0]");
  }

  @Test
  void onTcpNarrowsTheQuestionToOnePort() {
    assertThat(cluster).workload("shop/db").onTcp(5432).isNotExposedOutsideNamespace();
    assertThat(cluster).workload("shop/db").onUdp(9187).isNotExposedOutsideNamespace();
    assertThat(cluster).workload("shop/web").onSctp(443).isNotReachableFrom(cidr("0.0.0.0/0"));
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/db").onTcp(9187)
        .isNotExposedOutsideNamespace())
        .hasMessage("expected \"shop/db\" not to be reachable from outside namespace shop on"
            + " TCP/9187, but 1 line of its exposure admits it:\n" + DB_FROM_OPS);
  }

  @Test
  void isNotReachableFromACidrNamesTheIpBlockThatAdmitsIt() {
    assertThat(cluster).workload("shop/db").isNotReachableFrom(cidr("0.0.0.0/0"));
    assertThat(cluster).workload("shop/web").isNotReachableFrom(cidr("10.0.0.0/8"));
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/web")
        .isNotReachableFrom(cidr("0.0.0.0/0")))
        .hasMessage(String.join("\n",
            "expected \"shop/web\" not to be reachable from cidr 0.0.0.0/0, but 1 line of its"
                + " exposure admits it:",
            "in  TCP/443 from outside the cluster: 0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6,"
                + " 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/1",
            "  0.0.0.0 -> shop/web-0 on TCP/443: ALLOWED",
            "    egress of 0.0.0.0: not applicable (outside the cluster)",
            "    ingress of shop/web-0: allowed by NetworkPolicy shop/web-ingress, rule ingress[0]",
            "      from: matched (peer 0 ipBlock 0.0.0.0/0 except [10.0.0.0/8])",
            "      ports: matched (TCP/443)"));
  }

  @Test
  void isNotReachableFromAnAddressExplainsWithThatAddress() {
    assertThat(cluster).workload("shop/web").isNotReachableFrom(ip("10.1.2.3"));
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/web")
        .isNotReachableFrom(ip("8.8.8.8")))
        .hasMessageContaining("8.8.8.8 -> shop/web-0 on TCP/443: ALLOWED");
  }

  @Test
  void isNotReachableFromPodsChecksOnlyThosePods() {
    assertThat(cluster).workload("shop/db").isNotReachableFrom(workload("shop/web"));
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/db")
        .isNotReachableFrom(namespace("ops")))
        .hasMessage("expected \"shop/db\" not to be reachable from namespace ops, but 1 line of"
            + " its exposure admits it:\n" + DB_FROM_OPS);
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/db")
        .isNotReachableFrom(workload("shop/api")))
        .hasMessageContaining("in  TCP/5432 from pods of shop/api\n"
            + "  shop/api-0 -> shop/db-0 on TCP/5432: ALLOWED")
        .hasMessageContaining("allowed by NetworkPolicy shop/db-ingress, rule ingress[0]");
  }

  @Test
  void anEndpointThatNamesNothingFailsWithTheNearestNames() {
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/db")
        .isNotReachableFrom(namespace("opz")))
        .hasMessage("expected \"shop/db\" not to be reachable from namespace opz, but cannot"
            + " resolve namespace opz: no namespace opz; did you mean ops?");
  }

  @Test
  void anUnknownWorkloadFailsWithTheNearestNames() {
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/dbb"))
        .hasMessage("expected a workload (or a pod of no workload) \"shop/dbb\" in the cluster,"
            + " but there is none; did you mean shop/db, shop/web?");
    assertThatThrownBy(() -> assertThat(cluster).workload("shop/payments"))
        .hasMessage("expected a workload (or a pod of no workload) \"shop/payments\" in the"
            + " cluster, but there is none; workloads of namespace shop: shop/api, shop/db,"
            + " shop/web");
    assertThatThrownBy(() -> assertThat(cluster).workload("billing/x"))
        .hasMessageEndingWith("there is none; namespaces with pods: ops, shop");
  }

  @Test
  void softAssertionsCollectEveryExposureFailure() {
    NetpolSoftAssertions softly = new NetpolSoftAssertions();
    softly.assertThat(cluster).workload("shop/db").isNotExposedOutsideNamespace();
    softly.assertThat(cluster).workload("shop/web").isNotReachableFrom(cidr("0.0.0.0/0"));
    softly.assertThat(cluster).workload("shop/nope").isNotExposedOutsideNamespace();
    softly.assertThat(cluster).workload("shop/api").isNotExposedOutsideNamespace();
    assertThatThrownBy(softly::assertAll)
        .hasMessageContaining("Multiple Failures (3 failures)")
        .hasMessageContaining("outside namespace shop")
        .hasMessageContaining("cidr 0.0.0.0/0")
        .hasMessageContaining("\"shop/nope\" in the cluster");
  }
}
