package dev.netpol.core.eval;

import static dev.netpol.core.eval.Fixtures.pod;
import static dev.netpol.core.eval.Fixtures.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import org.junit.jupiter.api.Test;

class VerdictFormatterTest {
  private final Pod db = pod("default/db", "10.0.0.5", "app", "db");
  private final Cluster cluster = Cluster.builder().pod(db)
      .policy(NetworkPolicy.builder("default", "db-in").podSelector(sel("app=db"))
          .ingress(NetworkPolicyRule.builder()
              .peer(PodPeer.pods(sel("app=api")))
              .peer(IpBlockPeer.of(Cidr.parse("192.168.0.0/16"), Cidr.parse("192.168.7.0/24")))
              .port(NetworkPolicyPort.tcp(5432))
              .build())
          .ingress(NetworkPolicyRule.builder().peer(PodPeer.pods(sel("app=admin"))).build())
          .build())
      .build();

  @Test
  void explainsAnOutsideSourceWithEveryFailedPeer() {
    Verdict v = cluster.evaluator().evaluate(IpAddress.parse("192.168.7.9"), db, Port.tcp(5432));
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "192.168.7.9 -> default/db on TCP/5432: DENIED",
        "  egress of 192.168.7.9: not applicable (outside the cluster)",
        "  ingress of default/db: denied, isolated by 1 policy",
        "    NetworkPolicy default/db-in: closest rule ingress[0]",
        "      from: no peer matches 192.168.7.9",
        "        peer 0 {podSelector: app=api}: 192.168.7.9 is outside the cluster: podSelector and"
            + " namespaceSelector match pods only",
        "        peer 1 ipBlock 192.168.0.0/16 except [192.168.7.0/24]: 192.168.7.9 is in except"
            + " 192.168.7.0/24",
        "      ports: matched (TCP/5432)"));
    assertThat(v).hasToString("192.168.7.9 -> default/db on TCP/5432: DENIED");
  }

  @Test
  void closestRuleIsTheOneWithMostSatisfiedClauses() {
    Verdict v = cluster.evaluator().evaluate(IpAddress.parse("192.168.1.1"), db, Port.tcp(22));
    assertThat(v.explain()).contains(
        "closest rule ingress[0]",
        "      from: matched (peer 1 ipBlock 192.168.0.0/16 except [192.168.7.0/24])",
        "      ports: TCP/22 is not in [TCP/5432]");
    Verdict any = cluster.evaluate(pod("default/x", "10.0.0.9"), db, Port.tcp(22));
    assertThat(any.explain()).contains("closest rule ingress[1]", "ports: any port (the rule has no ports)");
  }
}
