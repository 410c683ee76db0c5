package dev.netpol.core.policy;

import static dev.netpol.core.model.LabelSelector.everything;
import static dev.netpol.core.model.LabelSelector.matchLabels;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Range;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/semantics.md, each tested at its one home in the policy model: the
 * evaluator, the engine and the answers all call these methods, so a regression shows here first
 * with the rule's name.
 */
class PolicyRulesTest {
  private static final Namespace SHOP = Namespace.of("shop", Labels.of("team", "shop"));
  private static final Namespace ADS = Namespace.of("ads");

  private static Pod pod(String namespace, String name, String app) {
    return Pod.builder(namespace, name)
        .labels(Labels.of("app", app))
        .ip(IpAddress.parse("10.0.0." + (name.length() + app.length())))
        .containerPort(ContainerPort.named("http", 8080, Protocol.TCP))
        .build();
  }

  private static Pod hostNetwork(Pod pod) {
    return pod.toBuilder().hostNetwork(true).build();
  }

  private static final Pod WEB = pod("shop", "web-0", "web");
  private static final Pod WEB_IN_ADS = pod("ads", "web-0", "web");

  /** docs/semantics.md#isolation */
  @Nested
  class Selection {
    @Test
    void aPolicySelectsMatchingPodsOfItsOwnNamespaceOnly() {
      NetworkPolicy p = NetworkPolicy.builder("shop", "p").podSelector(matchLabels("app", "web"))
          .build();
      assertThat(p.selects(WEB)).isTrue();
      assertThat(p.selects(WEB_IN_ADS)).isFalse();
      assertThat(p.selects(pod("shop", "db-0", "db"))).isFalse();
    }

    @Test
    void hostNetworkPodIsNeverSelectedEvenByAnEmptySelector() {
      NetworkPolicy p = NetworkPolicy.builder("shop", "p").podSelector(everything()).build();
      assertThat(p.selects(hostNetwork(WEB))).isFalse();
    }
  }

  /** docs/semantics.md#peers */
  @Nested
  class PodPeers {
    @Test
    void podSelectorAloneStaysInThePolicysNamespace() {
      PodPeer peer = PodPeer.pods(matchLabels("app", "web"));
      assertThat(peer.admits("shop", WEB, SHOP)).isTrue();
      assertThat(peer.admits("shop", WEB_IN_ADS, ADS)).isFalse();
    }

    @Test
    void namespaceSelectorSeesTheNamespaceLabels() {
      assertThat(PodPeer.namespaces(matchLabels("team", "shop")).admits("ads", WEB, SHOP))
          .isTrue();
      assertThat(PodPeer.namespaces(matchLabels("team", "shop")).admits("shop", WEB_IN_ADS, ADS))
          .isFalse();
      assertThat(PodPeer.namespaces(everything()).admits("shop", WEB_IN_ADS, ADS)).isTrue();
    }

    @Test
    void bothSelectorsInOneEntryMustBothMatch() {
      PodPeer peer = PodPeer.of(matchLabels("app", "db"), matchLabels("team", "shop"));
      assertThat(peer.admits("ads", WEB, SHOP)).isFalse();
      assertThat(peer.admits("ads", pod("shop", "db-0", "db"), SHOP)).isTrue();
    }

    @Test
    void hostNetworkPodIsNeverAdmittedByASelector() {
      assertThat(PodPeer.namespaces(everything()).admits("shop", hostNetwork(WEB), SHOP))
          .isFalse();
    }

    @Test
    void podPeersAdmitNoAddressOutsideTheCluster() {
      PodPeer peer = PodPeer.namespaces(everything());
      assertThat(peer.admitsOutside(IpAddress.parse("8.8.8.8"))).isFalse();
      assertThat(peer.outsideAddresses().isEmpty()).isTrue();
    }
  }

  /** docs/semantics.md#peers and docs/semantics.md#plugin-options */
  @Nested
  class IpBlocks {
    private final IpBlockPeer block = IpBlockPeer.of(Cidr.parse("10.0.0.0/24"),
        Cidr.parse("10.0.0.128/25"));

    @Test
    void exceptIsCutOutOfTheBlock() {
      assertThat(block.contains(IpAddress.parse("10.0.0.5"))).isTrue();
      assertThat(block.contains(IpAddress.parse("10.0.0.200"))).isFalse();
      assertThat(block.outsideAddresses().asRanges()).containsExactly(
          Range.closed(IpAddress.parse("10.0.0.0"), IpAddress.parse("10.0.0.127")));
    }

    @Test
    void ipBlockSeesPodAddressesUnlessTheOptionTurnsItOff() {
      EvaluationOptions selectorsOnly =
          EvaluationOptions.builder().ipBlockMatchesPods(false).build();
      assertThat(EvaluationOptions.defaults().ipBlockSeesPod(WEB)).isTrue();
      assertThat(selectorsOnly.ipBlockSeesPod(WEB)).isFalse();
      assertThat(block.admits(WEB, 4, EvaluationOptions.defaults())).isTrue();
      assertThat(block.admits(WEB, 4, selectorsOnly)).isFalse();
    }

    @Test
    void hostNetworkPodIsAlwaysSeenByItsAddressWhichIsTheNodes() {
      EvaluationOptions selectorsOnly =
          EvaluationOptions.builder().ipBlockMatchesPods(false).build();
      assertThat(selectorsOnly.ipBlockSeesPod(hostNetwork(WEB))).isTrue();
      assertThat(block.admits(hostNetwork(WEB), 4, selectorsOnly)).isTrue();
    }

    @Test
    void aBlockOnlyMatchesAddressesOfTheConnectionsFamily() {
      assertThat(block.admits(WEB, 6, EvaluationOptions.defaults())).isFalse();
    }
  }

  /** docs/semantics.md#ports */
  @Nested
  class Ports {
    @Test
    void endPortIsInclusive() {
      NetworkPolicyPort range = NetworkPolicyPort.range(Protocol.TCP, 8000, 8080);
      assertThat(range.fixedNumbers()).contains(Range.closed(8000, 8080));
      assertThat(range.matchesOnEveryDestination(Port.tcp(8080))).isTrue();
      assertThat(range.matchesOnEveryDestination(Port.tcp(8081))).isFalse();
      assertThat(range.matchesOnEveryDestination(Port.udp(8000))).isFalse();
    }

    @Test
    void anEntryWithoutPortMeansEveryPortOfItsProtocol() {
      NetworkPolicyPort all = NetworkPolicyPort.all(Protocol.UDP);
      assertThat(all.isAllPorts()).isTrue();
      assertThat(all.fixedNumbers()).contains(Range.closed(Port.MIN, Port.MAX));
      assertThat(all.matchesOnEveryDestination(Port.udp(1))).isTrue();
      assertThat(all.matchesOnEveryDestination(Port.tcp(1))).isFalse();
    }

    @Test
    void namedPortResolvesOnTheDestinationPodOnly() {
      NetworkPolicyPort named = NetworkPolicyPort.named(Protocol.TCP, "http");
      assertThat(named.fixedNumbers()).isEmpty();
      assertThat(named.resolvedOn(WEB)).contains(8080);
      assertThat(named.resolvedOn(pod("shop", "db-0", "db").toBuilder().build())).contains(8080);
      assertThat(named.matches(Port.tcp(8080), Optional.of(WEB))).isTrue();
      assertThat(named.matchesOnEveryDestination(Port.tcp(8080))).isFalse();
    }

    @Test
    void namedPortNeverMatchesAnAddressOutsideTheCluster() {
      NetworkPolicyPort named = NetworkPolicyPort.named(Protocol.TCP, "http");
      assertThat(named.matches(Port.tcp(8080), Optional.empty())).isFalse();
      assertThat(named.numbersToward(Optional.empty()).isEmpty()).isTrue();
    }

    @Test
    void aNamedPortOfAnotherProtocolDoesNotResolve() {
      assertThat(NetworkPolicyPort.named(Protocol.UDP, "http").resolvedOn(WEB)).isEmpty();
    }
  }

  /** docs/semantics.md#rules */
  @Nested
  class Rules {
    @Test
    void aRuleWithoutPortsAdmitsEveryPortAndWithoutPeersEveryAddress() {
      NetworkPolicyRule all = NetworkPolicyRule.allowAll();
      assertThat(all.admitsPort(Port.sctp(9), Optional.empty())).isTrue();
      assertThat(all.portNumbers(Protocol.TCP, Optional.empty()).encloses(
          Range.closed(Port.MIN, Port.MAX))).isTrue();
      assertThat(all.outsideAddresses().contains(IpAddress.parse("8.8.8.8"))).isTrue();
    }

    @Test
    void portsOfARuleAreAUnionPerProtocol() {
      NetworkPolicyRule rule = NetworkPolicyRule.builder()
          .port(NetworkPolicyPort.tcp(80))
          .port(NetworkPolicyPort.range(Protocol.TCP, 8000, 8001))
          .port(NetworkPolicyPort.named(Protocol.TCP, "http"))
          .port(NetworkPolicyPort.number(Protocol.UDP, 53))
          .build();
      assertThat(rule.portNumbers(Protocol.TCP, Optional.of(WEB)).asRanges()).containsExactly(
          Range.closed(80, 80), Range.closed(8000, 8001), Range.closed(8080, 8080));
      assertThat(rule.portNumbers(Protocol.TCP, Optional.empty()).asRanges()).containsExactly(
          Range.closed(80, 80), Range.closed(8000, 8001));
      assertThat(rule.admitsPort(Port.udp(53), Optional.empty())).isTrue();
      assertThat(rule.admitsPort(Port.tcp(53), Optional.empty())).isFalse();
    }

    @Test
    void aRuleWithOnlyPodPeersAdmitsNoOutsideAddress() {
      NetworkPolicyRule rule = NetworkPolicyRule.builder()
          .peer(PodPeer.namespaces(everything())).build();
      assertThat(rule.outsideAddresses().isEmpty()).isTrue();
    }
  }
}
