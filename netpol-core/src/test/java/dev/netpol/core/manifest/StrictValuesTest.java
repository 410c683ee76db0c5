package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Values read as the API server reads them (accepted where it accepts them, refused where it
 * refuses them), and value errors located at the field they are about.
 */
class StrictValuesTest {

  private static LoadResult load(String yaml) {
    return ManifestLoader.defaults().loadString("k8s/in.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    LoadResult result = load(yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static String policy(String spec) {
    return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n"
        + spec;
  }

  @Test
  void repeatedPolicyTypeIsAcceptedAsOne() {
    NetworkPolicy p =
        Cluster.fromYaml(policy("  podSelector: {}\n  policyTypes: [Ingress, Ingress]\n"))
            .policiesIn("default")
            .get(0);
    assertThat(p.policyTypes()).containsExactly(PolicyType.INGRESS);
  }

  @Test
  void moreThanTwoPolicyTypesAreRefusedAsTheApiServerDoes() {
    assertThat(problems(policy("  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]\n")))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:6:16: spec.policyTypes: may not specify more than two policyTypes");
  }

  @Test
  void nullPortEntryMeansEveryTcpPort() {
    NetworkPolicy p =
        Cluster.fromYaml(policy("  podSelector: {}\n  ingress:\n  - ports: [null]\n"))
            .policiesIn("default")
            .get(0);
    assertThat(p.ingress().get(0).ports()).containsExactly(NetworkPolicyPort.all(Protocol.TCP));
  }

  @Test
  void emptyNamespaceMeansTheDefaultNamespace() {
    Cluster cluster =
        Cluster.fromYaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: \"\"}\n");
    assertThat(cluster.pod("default/p")).isPresent();
  }

  @Test
  void unicodeDigitsInACidrPrefixAreRefused() {
    List<String> problems =
        problems(
            policy(
                "  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/\u0668}\n"
                    + "    - ipBlock: {cidr: 10.0.0.0/\uff18}\n"));
    assertThat(problems)
        .containsExactly(
            "k8s/in.yaml:8:23: spec.egress[0].to[0].ipBlock.cidr: invalid CIDR \"10.0.0.0/\u0668\":"
                + " prefix \"\u0668\" is not a number of ASCII digits 0-9 (other scripts' digits"
                + " are refused)",
            "k8s/in.yaml:9:23: spec.egress[0].to[1].ipBlock.cidr: invalid CIDR \"10.0.0.0/\uff18\":"
                + " prefix \"\uff18\" is not a number of ASCII digits 0-9 (other scripts' digits"
                + " are refused)");
  }

  @Test
  void unicodeDigitsInAnAddressAreRefused() {
    assertThat(
            problems(
                policy(
                    "  podSelector: {}\n  egress:\n  - to:\n"
                        + "    - ipBlock: {cidr: \uff11\uff10.0.0.0/8}\n")))
        .singleElement()
        .asString()
        .contains("is not an IP address: character '\uff11' (U+FF11) is not ASCII");
  }

  @Test
  void ipv6ZoneInACidrIsRefusedWithoutAWarning() {
    LoadResult result =
        load(
            policy(
                "  podSelector: {}\n  egress:\n  - to:\n"
                    + "    - ipBlock: {cidr: \"fe80::1%eth0/64\"}\n"));
    assertThat(result.report().warnings()).isEmpty();
    assertThat(result.report().problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "k8s/in.yaml:8:23: spec.egress[0].to[0].ipBlock.cidr: invalid CIDR"
                + " \"fe80::1%eth0/64\": \"fe80::1%eth0\" is not an IP address: an IPv6 zone"
                + " (\"%eth0\") is not allowed, as Kubernetes allows none; write fe80::1");
  }

  @Test
  void invalidNamespaceOfAPodIsReportedAtTheField() {
    assertThat(problems("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: Prod\n"))
        .containsExactly(
            "k8s/in.yaml:5:14: metadata.namespace: \"Prod\" must consist of lower-case"
                + " alphanumerics or '-', and start and end with an alphanumeric");
  }

  @Test
  void tooLongPodNameIsReportedAtTheField() {
    String name = "a".repeat(254);
    assertThat(problems("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n"))
        .containsExactly(
            "k8s/in.yaml:4:9: metadata.name: \""
                + name
                + "\" must be at most 253 characters, found 254");
  }

  @Test
  void secondIpv4AddressOfAPodIsReportedAtItsField() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        status:
          podIP: 10.0.0.1
          podIPs:
          - ip: 10.0.0.1
          - ip: 10.0.0.2
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/in.yaml:8:9: status.podIPs[1].ip: at most one IPv4 address per pod, found a"
                + " second: 10.0.0.2 (the first is 10.0.0.1)");
  }

  @Test
  void podIpDifferentFromTheFirstOfPodIpsIsRefused() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        status:
          podIP: 10.0.0.9
          podIPs: [{ip: 10.0.0.1}]
        """;
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:5:10: status.podIP: podIP 10.0.0.9 differs from podIPs[0].ip 10.0.0.1");
  }

  @Test
  void duplicatePortNameErrorNamesTheContainerOfTheSecondPort() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            ports: [{containerPort: 80, name: http}]
          - name: b
            ports: [{containerPort: 81, name: http}]
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/in.yaml:9:39: spec.containers[1].ports[0].name: port name \"http\" is used twice"
                + " in one pod (first at spec.containers[0].ports[0].name): a Service or policy"
                + " naming it would be ambiguous; rename one");
  }
}
