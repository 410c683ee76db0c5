package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NetpolGenTest {
  private static final int CLUSTERS = 1000;

  private static Stream<NetworkPolicyRule> rules(NetworkPolicy p) {
    return Stream.concat(p.ingress().stream(), p.egress().stream());
  }

  @Test
  void generatesClustersWithinTheirBounds() {
    Property.forAll(NetpolGen.clusters()).check(c -> {
      assertThat(c.namespaces()).hasSizeBetween(1, 4);
      assertThat(c.pods()).hasSizeLessThanOrEqualTo(8);
      assertThat(c.policies()).hasSizeLessThanOrEqualTo(6);
    });
  }

  @Test
  void givesEveryPodOfTheClusterNetworkItsOwnAddress() {
    Property.forAll(NetpolGen.clusters()).check(c -> {
      List<Pod> podNetwork = c.pods().stream().filter(p -> !p.hostNetwork()).toList();
      long addresses = podNetwork.stream().flatMap(p -> p.ips().stream()).distinct().count();
      assertThat(addresses).isEqualTo(podNetwork.stream().mapToLong(p -> p.ips().size()).sum());
      podNetwork.forEach(p -> assertThat(c.podAt(p.ips().get(0))).contains(p));
    });
  }

  @Test
  void reachesTheEdgeCasesOfTheApi() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < CLUSTERS; seed++) {
      Cluster c = NetpolGen.clusters().generate(Source.random(seed));
      if (!c.implicitNamespaces().isEmpty()) {
        seen.add("implicit namespace");
      }
      for (Pod p : c.pods()) {
        if (p.hostNetwork()) {
          seen.add("hostNetwork pod");
        }
        if (p.ips().stream().anyMatch(ip -> !ip.isIpv4())) {
          seen.add("IPv6 pod");
        }
        if (p.labels().asMap().containsValue("")) {
          seen.add("empty label value");
        }
        if (p.containerPorts().stream().anyMatch(cp -> cp.name().isPresent())) {
          seen.add("named container port");
        }
      }
      for (NetworkPolicy p : c.policies()) {
        if (p.podSelector().isEmpty()) {
          seen.add("podSelector {}");
        }
        if (p.ingress().isEmpty() && p.egress().isEmpty()) {
          seen.add("policy without rules");
        }
        if (p.declaredPolicyTypes().equals(List.of(PolicyType.EGRESS))) {
          seen.add("policyTypes [Egress]");
        }
        if (p.declaredPolicyTypes().isEmpty() && !p.egress().isEmpty()) {
          seen.add("implicit Egress from rules");
        }
        if (p.ignoresWrittenRules(PolicyType.INGRESS) || p.ignoresWrittenRules(PolicyType.EGRESS)) {
          seen.add("rules ignored by policyTypes");
        }
        p.podSelector().matchExpressions().stream()
            .filter(r -> r.operator() == Operator.NOT_IN && r.key().equals(NetpolGen.ABSENT_KEY))
            .forEach(r -> seen.add("NotIn on an absent key"));
        rules(p).forEach(r -> {
          if (r.peers().isEmpty()) {
            seen.add("rule with no peers");
          }
          if (r.ports().isEmpty()) {
            seen.add("rule with no ports");
          }
          r.ports().forEach(port -> seen.add(portCase(port)));
          r.peers().forEach(peer -> seen.add(peerCase(peer)));
        });
      }
    }
    assertThat(seen).contains(
        "implicit namespace", "hostNetwork pod", "IPv6 pod", "empty label value",
        "named container port", "podSelector {}", "policy without rules", "policyTypes [Egress]",
        "implicit Egress from rules", "rules ignored by policyTypes", "NotIn on an absent key",
        "rule with no peers", "rule with no ports",
        "port 1", "port 65535", "named port", "all ports", "range", "UDP", "SCTP",
        "podSelector peer", "namespaceSelector peer", "both selectors in one peer",
        "ipBlock 0.0.0.0/0", "ipBlock with except", "namespace selected by name");
  }

  private static String portCase(NetworkPolicyPort port) {
    if (port.protocol() != dev.netpol.core.model.Protocol.TCP) {
      return port.protocol().toString();
    }
    if (port.name().isPresent()) {
      return "named port";
    }
    if (port.isAllPorts()) {
      return "all ports";
    }
    if (port.endPort().isPresent()) {
      return "range";
    }
    return "port " + port.number().orElseThrow();
  }

  private static String peerCase(NetworkPolicyPeer peer) {
    if (peer instanceof IpBlockPeer) {
      IpBlockPeer b = (IpBlockPeer) peer;
      if (!b.except().isEmpty()) {
        return "ipBlock with except";
      }
      return b.cidr().equals(Cidr.parse("0.0.0.0/0")) ? "ipBlock 0.0.0.0/0" : "ipBlock";
    }
    PodPeer p = (PodPeer) peer;
    if (p.podSelector().isPresent() && p.namespaceSelector().isPresent()) {
      return "both selectors in one peer";
    }
    if (p.namespaceSelector().filter(s -> s.keys().contains("kubernetes.io/metadata.name"))
        .isPresent()) {
      return "namespace selected by name";
    }
    return p.podSelector().isPresent() ? "podSelector peer" : "namespaceSelector peer";
  }

  @Test
  void asksAboutPodsOfTheClusterOrAddressesOutsideIt() {
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      for (TrafficEnd end : List.of(s.query().source(), s.query().destination())) {
        if (end.pod().isPresent()) {
          assertThat(s.cluster().pods()).contains(end.pod().get());
        } else {
          assertThat(s.cluster().podAt(end.address())).isEmpty();
        }
      }
    });
  }
}
