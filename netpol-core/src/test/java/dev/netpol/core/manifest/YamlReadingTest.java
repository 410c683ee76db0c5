package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class YamlReadingTest {

  private static LoadResult load(String yaml) {
    return ManifestLoader.defaults().loadString("k8s/p.yaml", yaml);
  }

  private static List<String> problems(LoadResult result) {
    return result.report().problems().stream().map(Object::toString).toList();
  }

  private static List<String> warnings(LoadResult result) {
    return result.report().warnings().stream().map(Object::toString).toList();
  }

  private static String policyWithPorts(String first, String second) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: default}
        spec:
          podSelector: {}
          ingress:
          - ports:
            - port: %s
            - port: %s
        """
        .formatted(first, second);
  }

  private static List<NetworkPolicyPort> ports(LoadResult result) {
    NetworkPolicy p = result.cluster().policiesIn("default").get(0);
    return p.rules(PolicyType.INGRESS).get(0).ports();
  }

  @Test
  void anchorsOnScalarsAreAccepted() {
    LoadResult result =
        load(
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: a
              labels: {app: &v web, copy: *v}
            ---
            """
                + policyWithPorts("&p 80", "*p"));

    assertThat(problems(result)).isEmpty();
    assertThat(result.cluster().namespace("a").orElseThrow().labels().get("copy"))
        .contains("web");
    assertThat(ports(result))
        .extracting(NetworkPolicyPort::number)
        .containsExactly(Optional.of(80), Optional.of(80));
  }

  @Test
  void aliasesOfScalarsStillCountTowardsTheExpansionCap() {
    String yaml = "a: &v x\nb: [" + "*v, ".repeat(20) + "*v]\n";

    LoadResult result =
        ManifestLoader.builder().maxAliasExpansion(10).build().loadString("lol.yaml", yaml);

    assertThat(problems(result))
        .singleElement()
        .asString()
        .endsWith("aliases expand to more than 10 nodes (a \"billion laughs\" input?)");
  }

  @Test
  void yaml12OctalPortIsReadAsTheNumberKubectlReadsWithAWarning() {
    LoadResult result = load(policyWithPorts("0o120", "80"));

    assertThat(problems(result)).isEmpty();
    assertThat(ports(result))
        .extracting(NetworkPolicyPort::number)
        .containsExactly(Optional.of(80), Optional.of(80));
    assertThat(ports(result)).allSatisfy(p -> assertThat(p.name()).isEmpty());
    assertThat(warnings(result))
        .anySatisfy(w -> assertThat(w).startsWith("k8s/p.yaml:8:13: ").contains(
            "port 0o120 is read as the number 80"));
  }

  @Test
  void unquotedLeadingZeroPortIsTheNumberKubectlReadsNotAQuotedString() {
    LoadResult result = load(policyWithPorts("09", "80"));

    assertThat(problems(result)).isEmpty();
    assertThat(ports(result).get(0).number()).contains(9);
    assertThat(warnings(result))
        .anySatisfy(w -> assertThat(w).contains("port 09 is read as the number 9"))
        .noneSatisfy(w -> assertThat(w).contains("quoted"));
  }

  @Test
  void singleLettersYAndNAreBooleansAsKubectlReadsThem() {
    LoadResult result =
        load("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {ok: y}\n");

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:5:16: metadata.labels[\"ok\"]: expected a string, found the boolean y"
                + " (YAML reads an unquoted y as a boolean): quote it, \"y\"");
  }

  @Test
  void unquotedBooleanWordAsLabelKeyIsRefusedWithAHintToQuoteIt() {
    LoadResult result =
        load(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: default}
            spec:
              podSelector:
                matchLabels: {on: a, off: b, 010: c}
            """);

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:6:19: key on: kubectl reads an unquoted on as the boolean true, so this"
                + " key would be \"true\", not \"on\": quote it (\"on\") to keep the text",
            "k8s/p.yaml:6:26: key off: kubectl reads an unquoted off as the boolean false, so"
                + " this key would be \"false\", not \"off\": quote it (\"off\") to keep the text",
            "k8s/p.yaml:6:34: key 010: kubectl reads an unquoted 010 as the number 8, so this"
                + " key would be \"8\", not \"010\": quote it (\"010\") to keep the text");
  }

  @Test
  void unquotedNullKeyIsRefusedAsKubectlRefusesIt() {
    LoadResult result =
        load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {~: x}\n");

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:4:8: key ~: kubectl reads an unquoted ~ as null, and refuses a null key:"
                + " quote it (\"~\") to keep the text");
  }

  @Test
  void keysKubectlKeepsAsWrittenAreAccepted() {
    LoadResult result =
        load(
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: a
              labels: {true: "1", 80: "2", 1.5: "3", "on": "4", !!str yes: "5"}
            """);

    assertThat(problems(result)).isEmpty();
    assertThat(result.cluster().namespace("a").orElseThrow().labels().asMap())
        .containsKeys("true", "80", "1.5", "on", "yes");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void hugeScalarFailsFastWithThePreciseLimit() {
    String yaml =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: " + "x".repeat(25_000_000)
            + "}\n";

    LoadResult result = load(yaml);

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:4:1: line 4 is 25000011 characters long, more than the limit of 1572864"
                + " for one value: a Kubernetes object is at most about 1.5 MB, so no value in a"
                + " manifest can be this long (is the file what you meant to load?)");
  }

  @Test
  void valueLongerThanTheLimitOverManyLinesIsRefused() {
    String yaml = "data:\n  x: |\n" + ("    " + "y".repeat(50) + "\n").repeat(3);

    LoadResult result =
        ManifestLoader.builder().maxScalarChars(100).build().loadString("k8s/p.yaml", yaml);

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:2:6: a value of 153 characters, more than the limit of 100: a Kubernetes"
                + " object is at most about 1.5 MB, so no value in it can be this long");
  }

  @Test
  void nulCharacterIsReportedAtItsRealLineAndColumn() {
    LoadResult result = load("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\u0000b\n");

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:4:10: control character U+0000 (NUL) is not allowed in YAML, not even"
                + " in a comment or a quoted string: remove it (inside double quotes write it as"
                + " an escape, e.g. \"\\u0000\")");
  }

  @Test
  void controlCharacterInACommentIsReportedAtItsRealLineAndColumn() {
    LoadResult result = load("apiVersion: v1\n# bell \u0007\nkind: Namespace\n");

    assertThat(problems(result))
        .singleElement()
        .asString()
        .startsWith("k8s/p.yaml:2:8: control character U+0007 is not allowed in YAML");
  }

  @Test
  void complexKeyIsRefusedWithoutParserClassNames() {
    LoadResult result =
        load("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  ? [x, y]\n  : z\n");

    assertThat(problems(result))
        .containsExactly(
            "k8s/p.yaml:5:5: a key must be a string, found a sequence used as a key (a YAML"
                + " complex key, \"? ...\"): Kubernetes objects have only string keys; write the"
                + " key as plain text");
  }

  @Test
  void flowMappingDocumentLoadsAsYaml() {
    LoadResult result = load("{apiVersion: v1, kind: Namespace, metadata: {name: a}}\n");

    assertThat(problems(result)).isEmpty();
    Cluster cluster = result.cluster();
    assertThat(cluster.namespace("a")).isPresent();
  }

  @Test
  void brokenJsonIsStillReportedAsJson() {
    LoadResult result = load("{\"apiVersion\": \"v1\" \"kind\": \"Namespace\"}\n");

    assertThat(problems(result))
        .singleElement()
        .asString()
        .startsWith("k8s/p.yaml:1:21: invalid JSON: ");
  }
}
