package dev.netpol.core;

import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.ip;
import static dev.netpol.core.Endpoint.namespace;
import static dev.netpol.core.Endpoint.pod;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.service;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.ServicePort;
import dev.netpol.core.model.Workload;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import org.junit.jupiter.api.Test;

class EndpointTest {

  private static Pod web(String name, String ip, int httpPort) {
    return Pod.builder("shop", name).labels(Labels.of("app", "web"))
        .ip(IpAddress.parse(ip))
        .containerPort(ContainerPort.named("http", httpPort, Protocol.TCP))
        .owner(new WorkloadRef(WorkloadKind.DEPLOYMENT, "web"))
        .build();
  }

  /** web-0 serves http on 8080, web-1 on 9090; only 8080 is allowed in; egress to outside only 443. */
  private final Cluster cluster = Cluster.builder()
      .namespace(Namespace.of("shop", Labels.of("team", "payments")))
      .namespace(Namespace.of("prod"))
      .pod(Pod.builder("shop", "frontend-0").labels(Labels.of("app", "frontend"))
          .ip(IpAddress.parse("10.1.0.1")).build())
      .pod(web("web-0", "10.1.0.10", 8080))
      .pod(web("web-1", "10.1.0.11", 9090))
      .pod(Pod.builder("prod", "backend-0").labels(Labels.of("app", "backend"))
          .ip(IpAddress.parse("10.2.0.1")).build())
      .workload(new Workload(WorkloadKind.DEPLOYMENT, "shop", "web", Labels.of("app", "web"),
          ImmutableList.of("web-0", "web-1")))
      .service(new Service("shop", "web", Labels.of("app", "web"), ImmutableList.of(
          ServicePort.toName("http", 80, Protocol.TCP, "http"))))
      .service(new Service("shop", "web-direct", Labels.of("app", "web"), ImmutableList.of(
          ServicePort.toNumber("", 80, Protocol.TCP, 8080))))
      .service(new Service("shop", "ghost", Labels.of("app", "nothing"), ImmutableList.of(
          ServicePort.toNumber("", 80, Protocol.TCP, 8080))))
      .policy(NetworkPolicy.builder("shop", "web-in")
          .podSelector(LabelSelector.parse("app=web"))
          .ingress(NetworkPolicyRule.builder()
              .peer(PodPeer.pods(LabelSelector.parse("app=frontend")))
              .port(NetworkPolicyPort.tcp(8080)).build())
          .build())
      .policy(NetworkPolicy.builder("shop", "frontend-out")
          .podSelector(LabelSelector.parse("app=frontend"))
          .policyTypes(PolicyType.EGRESS)
          .egress(NetworkPolicyRule.builder()
              .peer(PodPeer.pods(LabelSelector.parse("app=web"))).build())
          .egress(NetworkPolicyRule.builder()
              .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8")))
              .port(NetworkPolicyPort.tcp(443)).build())
          .build())
      .build();

  @Test
  void printsInTheUsersTerms() {
    assertThat(pod("shop/web-0")).hasToString("pod shop/web-0");
    assertThat(workload("shop/web")).hasToString("workload shop/web");
    assertThat(pods("app=web")).hasToString("pods app=web");
    assertThat(pods("shop", "app in (web)")).hasToString("pods app in (web) in shop");
    assertThat(namespace("shop")).hasToString("namespace shop");
    assertThat(service("shop/web")).hasToString("service shop/web");
    assertThat(ip("8.8.8.8")).hasToString("ip 8.8.8.8");
    assertThat(cidr("0.0.0.0/0")).hasToString("cidr 0.0.0.0/0");
  }

  @Test
  void rejectsMalformedIds() {
    assertThatThrownBy(() -> pod("web-0"))
        .hasMessage("invalid pod \"web-0\": expected namespace/name, e.g. default/frontend-0");
  }

  @Test
  void resolvesEachKindToItsPods() {
    Port p = Port.tcp(8080);
    assertThat(cluster.evaluate(pod("shop/frontend-0"), workload("shop/web"), p).pairs())
        .extracting(v -> v.destination().toString()).containsExactly("shop/web-0", "shop/web-1");
    assertThat(cluster.evaluate(pods("app=frontend"), pods("shop", "app=web"), p).pairs()).hasSize(2);
    assertThat(cluster.evaluate(namespace("shop"), pod("prod/backend-0"), p).pairs()).hasSize(3);
    assertThat(cluster.evaluate(ip("10.1.0.1"), pod("shop/web-0"), p).pairs())
        .extracting(v -> v.source().toString()).containsExactly("shop/frontend-0");
  }

  @Test
  void resolveNamesThePartiesWithoutAPort() {
    assertThat(cluster.resolve(service("shop/web")))
        .extracting(Object::toString).containsExactly("shop/web-0", "shop/web-1");
    assertThat(cluster.resolve(cidr("10.1.0.0/30")))
        .extracting(Object::toString).containsExactly("10.1.0.0", "10.1.0.2/31");
    assertThatThrownBy(() -> cluster.resolve(pods("app=wbe")))
        .isInstanceOf(EndpointResolutionException.class)
        .hasMessageStartingWith("pods app=wbe: no pod has app=wbe");
  }

  @Test
  void evaluationSummarisesPairs() {
    Evaluation e = cluster.evaluate(pods("app=frontend"), workload("shop/web"), Port.tcp(8080));
    assertThat(e.allowed()).isTrue();
    assertThat(e.allDenied()).isFalse();
    assertThat(e.allowedPairs()).hasSize(2);
    assertThat(e.deniedPairs()).isEmpty();
    assertThat(e).hasToString("pods app=frontend -> workload shop/web on TCP/8080: 2 of 2 pairs allowed");
    Evaluation denied = cluster.evaluate(pod("prod/backend-0"), workload("shop/web"), Port.tcp(8080));
    assertThat(denied.allDenied()).isTrue();
    assertThat(denied.explain()).startsWith(
        "pod prod/backend-0 -> workload shop/web on TCP/8080: 0 of 2 pairs allowed\n"
            + "prod/backend-0 -> shop/web-0 on TCP/8080: DENIED\n");
  }

  @Test
  void selectionMatchingNoPodNamesTheNearestMisses() {
    assertThatThrownBy(() -> cluster.evaluate(pods("app=frontnd"), pod("shop/web-0"), Port.tcp(80)))
        .isInstanceOf(EndpointResolutionException.class)
        .hasMessage("pods app=frontnd: no pod has app=frontnd; pods have app in {backend, frontend, web}");
    assertThatThrownBy(() -> cluster.evaluate(pods("shop", "app=backend"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("pods app=backend in shop: no pod in namespace shop has app=backend;"
            + " pods have app in {frontend, web}; pods matching it are in namespaces {prod}");
    assertThatThrownBy(() -> cluster.evaluate(pods("tier=db"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("pods tier=db: no pod has tier=db; no pod has a label tier");
    assertThatThrownBy(() -> cluster.evaluate(pods("app=web,app!=web"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessageContaining("no pod matches all of app=web,app notin (web), though each requirement matches some pod");
  }

  @Test
  void unknownNamesSuggestTheClosest() {
    assertThatThrownBy(() -> cluster.evaluate(namespace("shp"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("namespace shp: no namespace shp; did you mean shop?");
    assertThatThrownBy(() -> cluster.evaluate(workload("shop/wbe"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("workload shop/wbe: no workload shop/wbe; did you mean web?");
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/web-3"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("pod shop/web-3: no pod shop/web-3; did you mean web-0 or web-1?");
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/database"), pod("shop/web-0"), Port.tcp(80)))
        .hasMessage("pod shop/database: no pod shop/database; pods in shop: frontend-0, web-0, web-1");
  }

  @Test
  void serviceDestinationTranslatesThePortPerPod() {
    Evaluation e = cluster.evaluate(pod("shop/frontend-0"), service("shop/web"), Port.tcp(80));
    assertThat(e.pairs()).extracting(Verdict::port).containsExactly(Port.tcp(8080), Port.tcp(9090));
    assertThat(e.allowedPairs()).extracting(v -> v.destination().toString()).containsExactly("shop/web-0");
    assertThat(e.deniedPairs().get(0).explain()).startsWith(
        "shop/frontend-0 -> shop/web-1 on TCP/9090 (via Service shop/web TCP/80): DENIED\n");
    assertThat(cluster.evaluate(pod("shop/frontend-0"), service("shop/web-direct"), Port.tcp(80)).allowed())
        .isTrue();
  }

  @Test
  void serviceErrorsSayWhatIsExposed() {
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/frontend-0"), service("shop/web"), Port.tcp(8080)))
        .isInstanceOf(EndpointResolutionException.class)
        .hasMessage("service shop/web: Service shop/web does not expose TCP/8080; it exposes [http:TCP/80->http]");
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/frontend-0"), service("shop/ghost"), Port.tcp(80)))
        .hasMessage("service shop/ghost: Service shop/ghost selects no pod (selector app=nothing)");
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/frontend-0"), service("shop/wbe"), Port.tcp(80)))
        .hasMessage("service shop/wbe: no Service shop/wbe; did you mean web?");
  }

  @Test
  void cidrIsJudgedExactlyOverEveryOutsideAddress() {
    Evaluation e = cluster.evaluate(pod("shop/frontend-0"), cidr("0.0.0.0/0"), Port.tcp(443));
    assertThat(e.allowedPairs()).extracting(v -> v.destination().toString())
        .containsExactly("0.0.0.0-9.255.255.255", "11.0.0.0-255.255.255.255");
    assertThat(e.deniedPairs()).extracting(v -> v.destination().toString())
        .containsExactly("10.0.0.0-10.1.0.0", "10.1.0.2-10.1.0.9", "10.1.0.12-10.2.0.0",
            "10.2.0.2-10.255.255.255");
    assertThat(cluster.evaluate(pod("shop/frontend-0"), cidr("8.8.8.0/24"), Port.tcp(443)).allowed()).isTrue();
    assertThat(cluster.evaluate(pod("shop/frontend-0"), cidr("8.8.8.0/24"), Port.tcp(80)).allDenied()).isTrue();
  }

  @Test
  void addressesOnBothEndsAreRefused() {
    assertThatThrownBy(() -> cluster.evaluate(ip("1.1.1.1"), cidr("8.8.8.0/24"), Port.tcp(80)))
        .isInstanceOf(EndpointResolutionException.class)
        .hasMessageContaining("neither ip 1.1.1.1 nor cidr 8.8.8.0/24 is a pod of the cluster");
    assertThatThrownBy(() -> cluster.evaluate(pod("shop/web-0"), cidr("10.1.0.10/32"), Port.tcp(80)))
        .hasMessage("cidr 10.1.0.10/32: every address of 10.1.0.10/32 belongs to a pod of the cluster;"
            + " name the pods");
  }
}
