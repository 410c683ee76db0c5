package dev.netpol.core.eval;

import static dev.netpol.core.Endpoint.domain;
import static dev.netpol.core.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.PortQuery;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import org.junit.jupiter.api.Test;

/**
 * A DNS name as a destination (docs/cluster-policies.md#domain-names): {@code domainNames} peers
 * match it by the API's wildcard rules, address blocks only when they hold every IPv4 address,
 * selectors never; toward a pod or an address {@code domainNames} never matches, and the
 * explanation says why.
 */
class DomainDestinationTest {
  private static final String WEB = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      status: {podIP: 10.0.0.1}
      """;

  /** The egress-control pattern: names of example.com on 443, then nothing else anywhere. */
  private static final String EGRESS_CONTROL = """
      ---
      apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: egress-control}
      spec:
        tier: Admin
        priority: 10
        subject: {namespaces: {}}
        egress:
        - name: example-apis
          action: Accept
          to: [{domainNames: ["*.example.com"]}]
          protocols: [{tcp: {destinationPort: {number: 443}}}]
        - name: nothing-else
          action: Deny
          to: [{networks: [0.0.0.0/0]}]
      """;

  private static String egressPolicy(String to) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress:
          - %s
        """.formatted(to);
  }

  private static Verdict fromWeb(Cluster cluster, String name, Port port) {
    Pod web = cluster.pod("shop/web").orElseThrow();
    return cluster.evaluator().evaluate(Party.pod(web), Party.domain(name), port);
  }

  @Test
  void aDomainNamesPeerMatchesNamesByTheWildcardRules() {
    Cluster c = Cluster.fromYaml(WEB + EGRESS_CONTROL);

    Verdict api = fromWeb(c, "api.example.com", Port.tcp(443));
    assertThat(api.allowed()).isTrue();
    assertThat(api.explain()).isEqualTo("""
        shop/web -> api.example.com on TCP/443: ALLOWED
          egress of shop/web: ALLOWED by ClusterNetworkPolicy egress-control (Admin, priority\
         10) rule egress[0] "example-apis" (Accept): to matched domainNames [*.example.com]
          ingress of api.example.com: not applicable (outside the cluster)""");
    assertThat(fromWeb(c, "a.b.example.com", Port.tcp(443)).allowed()).isTrue();
    assertThat(fromWeb(c, "API.Example.COM.", Port.tcp(443)).allowed()).isTrue();
    assertThat(fromWeb(c, "example.com", Port.tcp(443)).allowed())
        .as("*. needs at least one whole label").isFalse();
    assertThat(fromWeb(c, "evil-example.com", Port.tcp(443)).allowed()).isFalse();
    assertThat(fromWeb(c, "api.example.com", Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void aNetworksPeerHoldingEveryIpv4AddressMatchesAnyNameAndASmallerOneNone() {
    Cluster c = Cluster.fromYaml(WEB + EGRESS_CONTROL);

    assertThat(fromWeb(c, "evil.org", Port.tcp(443)).explain())
        .contains("DENIED by ClusterNetworkPolicy egress-control (Admin, priority 10) rule"
            + " egress[1] \"nothing-else\" (Deny): to matched networks [0.0.0.0/0]");

    Cluster narrow = Cluster.fromYaml(WEB + EGRESS_CONTROL.replace("0.0.0.0/0", "0.0.0.0/1"));
    assertThat(fromWeb(narrow, "evil.org", Port.tcp(443)).allowed())
        .as("the name's address is unknown: 0.0.0.0/1 may or may not hold it").isTrue();
  }

  @Test
  void towardAnAddressDomainNamesNeverMatchAndTheExplanationSaysHowToAskAboutAName() {
    Cluster c = Cluster.fromYaml(WEB + EGRESS_CONTROL);
    Pod web = c.pod("shop/web").orElseThrow();

    Verdict v = c.evaluator().evaluate(web, IpAddress.parse("93.184.216.34"), Port.tcp(443));

    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).contains(
        "note: domainNames peers (ClusterNetworkPolicy egress-control rule egress[0]) never match"
            + " a pod or an address: domainNames match DNS names only, and netpol does not"
            + " resolve names; to judge a connection to a name, ask with"
            + " Endpoint.domain(\"api.example.com\")");
  }

  @Test
  void networkPolicyIpBlocksMatchANameOnlyWhenTheyHoldEveryIpv4Address() {
    Cluster narrow = Cluster.fromYaml(WEB + egressPolicy("to: [{ipBlock: {cidr: 10.0.0.0/8}}]"));
    Cluster everything =
        Cluster.fromYaml(WEB + egressPolicy("to: [{ipBlock: {cidr: 0.0.0.0/0}}]"));
    Cluster except = Cluster.fromYaml(WEB + egressPolicy(
        "to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]"));
    Cluster noPeers = Cluster.fromYaml(WEB + egressPolicy("ports: [{port: 443}]"));

    Verdict denied = fromWeb(narrow, "api.example.com", Port.tcp(443));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.explain()).contains(
        "peer 0 ipBlock 10.0.0.0/8: api.example.com is a DNS name and netpol does not know its"
            + " address: an ipBlock matches a name only if it holds every IPv4 address"
            + " (0.0.0.0/0 without except); ask about an address with Endpoint.ip(...)");
    assertThat(fromWeb(everything, "api.example.com", Port.tcp(443)).allowed()).isTrue();
    assertThat(fromWeb(except, "api.example.com", Port.tcp(443)).allowed()).isFalse();
    assertThat(fromWeb(noPeers, "api.example.com", Port.tcp(443)).allowed()).isTrue();
    assertThat(fromWeb(noPeers, "api.example.com", Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void endpointsAskAboutANameWithExactPortSets() {
    Cluster c = Cluster.fromYaml(WEB + EGRESS_CONTROL);

    assertThat(c.evaluate(pod("shop/web"), domain("api.example.com"), Port.tcp(443)).allowed())
        .isTrue();
    var answer = c.answer(
        pod("shop/web"), domain("api.example.com"), PortQuery.range(Protocol.TCP, 1, 1000));
    assertThat(answer.pairs().get(0).allowedPorts().get(Protocol.TCP).asRanges())
        .hasToString("[[443..443]]");
  }

  @Test
  void aNameIsADestinationOnlyAndMustBeAFullyQualifiedName() {
    Cluster c = Cluster.fromYaml(WEB + EGRESS_CONTROL);

    assertThatThrownBy(() -> c.evaluate(domain("api.example.com"), pod("shop/web"), Port.tcp(80)))
        .isInstanceOf(EndpointResolutionException.class)
        .hasMessageContaining("a DNS name is a destination only");
    assertThatThrownBy(() -> domain("*.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a wildcard belongs in a domainNames peer");
    assertThatThrownBy(() -> domain("localhost")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> domain("api..example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(domain("API.example.com.")).hasToString("domain api.example.com");
  }
}
