package dev.netpol.core.eval;

import static dev.netpol.core.eval.Fixtures.pod;
import static dev.netpol.core.eval.Fixtures.sel;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.SeedCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact sets agree with the per-connection verdicts, at every boundary. */
class AllowedSetsTest {
  private final Pod client = pod("default/client", "10.0.0.1", "app", "client");
  private final Pod web = Pod.builder("default", "web").labels(Labels.of("app", "web"))
      .ip(IpAddress.parse("10.0.0.2"))
      .containerPort(ContainerPort.named("metrics", 9090, Protocol.TCP)).build();

  private final Cluster cluster = Cluster.builder().pod(client).pod(web)
      .policy(NetworkPolicy.builder("default", "web-in").podSelector(sel("app=web"))
          .ingress(NetworkPolicyRule.builder().peer(PodPeer.pods(sel("app=client")))
              .port(NetworkPolicyPort.range(Protocol.TCP, 8000, 8080))
              .port(NetworkPolicyPort.tcp(443))
              .port(NetworkPolicyPort.named(Protocol.TCP, "metrics"))
              .port(NetworkPolicyPort.all(Protocol.UDP))
              .build())
          .ingress(NetworkPolicyRule.builder()
              .peer(IpBlockPeer.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("203.0.113.128/25")))
              .port(NetworkPolicyPort.tcp(443))
              .build())
          .build())
      .policy(NetworkPolicy.builder("default", "client-out").podSelector(sel("app=client"))
          .policyTypes(PolicyType.EGRESS)
          .egress(NetworkPolicyRule.builder().peer(PodPeer.pods(sel("app=web")))
              .port(NetworkPolicyPort.range(Protocol.TCP, 1, 8040))
              .port(NetworkPolicyPort.tcp(9090))
              .build())
          .egress(NetworkPolicyRule.builder()
              .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8")))
              .port(NetworkPolicyPort.tcp(443))
              .build())
          .egress(NetworkPolicyRule.builder()
              .port(NetworkPolicyPort.named(Protocol.TCP, "metrics"))
              .build())
          .build())
      .build();
  private final Evaluator evaluator = cluster.evaluator();

  @Test
  void allowedPortsIsTheIntersectionOfBothSides() {
    assertThat(evaluator.allowedPorts(client, web, Protocol.TCP).asRanges()).containsExactly(
        Range.closed(443, 443), Range.closed(8000, 8040), Range.closed(9090, 9090));
    assertThat(evaluator.allowedPorts(client, web, Protocol.UDP)).isEqualTo(ImmutableRangeSet.of());
    assertThat(evaluator.allowedPorts(web, client, Protocol.SCTP).encloses(Range.closed(1, 65535))).isTrue();
  }

  @Test
  void allowedPortsAgreesWithEvaluateAtEveryBoundaryAndOnAStride() {
    int[] boundaries = {1, 2, 52, 53, 54, 442, 443, 444, 7999, 8000, 8040, 8041, 8080, 8081, 9089,
        9090, 9091, 65534, 65535};
    for (Protocol protocol : Protocol.values()) {
      ImmutableRangeSet<Integer> ports = evaluator.allowedPorts(client, web, protocol);
      List<Integer> sample = new ArrayList<>();
      for (int n : boundaries) {
        sample.add(n);
      }
      for (int n = Port.MIN; n <= Port.MAX; n += 13) {
        sample.add(n);
      }
      for (int n : sample) {
        boolean allowed = evaluator.evaluate(client, web, new Port(protocol, n)).allowed();
        assertThat(ports.contains(n)).as("%s/%s", protocol, n).isEqualTo(allowed);
      }
    }
  }

  @Test
  void allowedPortsTowardOutsideAddressesCountOnlyThePodsSide() {
    Party google = Party.address(IpAddress.parse("8.8.8.8"));
    Party inside = Party.address(IpAddress.parse("10.9.9.9"));
    assertThat(evaluator.allowedPorts(Party.pod(client), google, Protocol.TCP).asRanges())
        .containsExactly(Range.closed(443, 443)); // the named-port rule never matches outside
    assertThat(evaluator.allowedPorts(Party.pod(client), inside, Protocol.TCP).isEmpty()).isTrue();
    Party partner = Party.address(IpAddress.parse("203.0.113.1"));
    assertThat(evaluator.allowedPorts(partner, Party.pod(web), Protocol.TCP).asRanges())
        .containsExactly(Range.closed(443, 443));
    assertThat(evaluator.allowedPorts(partner, Party.pod(client), Protocol.UDP).encloses(
        Range.closed(1, 65535))).isTrue();
  }

  @Test
  void everyTcpPortDeniedIsAnEmptySet() {
    Cluster seed = SeedCluster.build();
    Pod backend = seed.pod("default/backend-0").orElseThrow();
    Pod frontend = seed.pod("default/frontend-0").orElseThrow();
    assertThat(seed.evaluator().allowedPorts(backend, backend, Protocol.TCP).isEmpty()).isTrue();
    assertThat(seed.evaluator().allowedPorts(frontend, backend, Protocol.TCP).asRanges())
        .containsExactly(Range.closed(80, 80));
  }

  @Test
  void allowedDestinationsIsTheBlockMinusExceptsAndPodAddresses() {
    ImmutableRangeSet<IpAddress> https =
        evaluator.allowedDestinations(client, Port.tcp(443), Cidr.parse("0.0.0.0/0"));
    assertThat(https.asRanges()).containsExactly(
        Range.closed(IpAddress.parse("0.0.0.0"), IpAddress.parse("9.255.255.255")),
        Range.closed(IpAddress.parse("11.0.0.0"), IpAddress.parse("255.255.255.255")));
    // the named port rule never matches outside; no rule admits TCP/80 outside
    assertThat(evaluator.allowedDestinations(client, Port.tcp(9090), Cidr.parse("0.0.0.0/0")).isEmpty()).isTrue();
    // not isolated: the whole block, without the cluster's pod addresses
    assertThat(evaluator.allowedDestinations(web, Port.tcp(80), Cidr.parse("10.0.0.0/30")).asRanges())
        .containsExactly(
            Range.closed(IpAddress.parse("10.0.0.0"), IpAddress.parse("10.0.0.0")),
            Range.closed(IpAddress.parse("10.0.0.3"), IpAddress.parse("10.0.0.3")));
  }

  @Test
  void allowedSourcesHonoursExcepts() {
    assertThat(evaluator.allowedSources(web, Port.tcp(443), Cidr.parse("203.0.0.0/16")).asRanges())
        .containsExactly(Range.closed(IpAddress.parse("203.0.113.0"), IpAddress.parse("203.0.113.127")));
    assertThat(evaluator.allowedSources(web, Port.tcp(80), Cidr.parse("0.0.0.0/0")).isEmpty()).isTrue();
  }

  @Test
  void addressSetsAgreeWithEvaluateAtEveryBoundary() {
    Cidr all = Cidr.parse("0.0.0.0/0");
    ImmutableRangeSet<IpAddress> out = evaluator.allowedDestinations(client, Port.tcp(443), all);
    ImmutableRangeSet<IpAddress> in = evaluator.allowedSources(web, Port.tcp(443), all);
    for (IpAddress a : boundaries()) {
      if (cluster.podAt(a).isPresent()) {
        assertThat(out.contains(a)).as("pod address %s is left out", a).isFalse();
        continue;
      }
      assertThat(out.contains(a)).as("to %s", a)
          .isEqualTo(evaluator.evaluate(client, a, Port.tcp(443)).allowed());
      assertThat(in.contains(a)).as("from %s", a)
          .isEqualTo(evaluator.evaluate(a, web, Port.tcp(443)).allowed());
    }
  }

  @Test
  void everyAddressOfAnAtomGetsTheSameVerdict() {
    List<Range<IpAddress>> atoms = evaluator.addressAtoms(Cidr.parse("0.0.0.0/0"));
    assertThat(atoms).hasSizeGreaterThan(4);
    for (Range<IpAddress> atom : atoms) {
      Verdict first = evaluator.evaluate(Party.addresses(atom), Party.pod(web), Port.tcp(443));
      Verdict last = evaluator.evaluate(atom.upperEndpoint(), web, Port.tcp(443));
      assertThat(last.allowed()).as("atom %s", atom).isEqualTo(first.allowed());
      Verdict out = evaluator.evaluate(Party.pod(client), Party.addresses(atom), Port.tcp(443));
      assertThat(evaluator.evaluate(client, atom.upperEndpoint(), Port.tcp(443)).allowed())
          .as("atom %s", atom).isEqualTo(out.allowed());
    }
    assertThat(atoms).noneMatch(a -> a.contains(IpAddress.parse("10.0.0.1")));
  }

  @Test
  void anAtomPrintsAsItsCidrWhenItIsOne() {
    assertThat(Party.addresses(Cidr.parse("203.0.113.128/25").range())).hasToString("203.0.113.128/25");
    assertThat(Party.addresses(Range.closed(IpAddress.parse("10.0.0.3"), IpAddress.parse("10.0.0.5"))))
        .hasToString("10.0.0.3-10.0.0.5");
    assertThat(Party.address(IpAddress.parse("8.8.8.8"))).hasToString("8.8.8.8");
  }

  private static List<IpAddress> boundaries() {
    List<IpAddress> out = new ArrayList<>();
    for (String s : new String[] {"0.0.0.0", "9.255.255.255", "10.0.0.0", "10.0.0.1", "10.0.0.2",
        "10.255.255.255", "11.0.0.0", "203.0.112.255", "203.0.113.0", "203.0.113.127",
        "203.0.113.128", "203.0.113.255", "203.0.114.0", "255.255.255.255"}) {
      out.add(IpAddress.parse(s));
    }
    return out;
  }
}
