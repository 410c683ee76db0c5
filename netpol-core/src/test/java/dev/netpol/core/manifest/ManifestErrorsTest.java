package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ManifestErrorsTest {

  private static List<String> problems(String yaml) {
    LoadResult result = ManifestLoader.defaults().loadString("k8s/policies.yaml", yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static String policy(String spec) {
    return "apiVersion: networking.k8s.io/v1\n"
        + "kind: NetworkPolicy\n"
        + "metadata:\n"
        + "  name: p\n"
        + "spec:\n"
        + spec;
  }

  @Test
  void invalidCidrNamesFileLineColumnAndFieldPath() {
    String yaml =
        policy(
            """
              podSelector: {}
              ingress:
              - from:
                - podSelector: {}
                - ipBlock:
                    cidr: 10.0.0.0/33
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:11:15: spec.ingress[0].from[1].ipBlock.cidr: invalid CIDR"
                + " \"10.0.0.0/33\": prefix must be at most 32, found 33");
  }

  @Test
  void reportsEveryProblemOfALoadTogether() {
    String yaml =
        policy(
            """
              podSelector: {}
              ingress:
              - ports:
                - port: 70000
                - port: 80
                  endPort: 79
              egress:
              - to:
                - ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}
            """);
    assertThatThrownBy(() -> Cluster.fromYaml(yaml))
        .isInstanceOf(ManifestException.class)
        .satisfies(
            e ->
                assertThat(((ManifestException) e).problems())
                    .extracting(Object::toString)
                    .containsExactly(
                        "<string>:9:13: spec.ingress[0].ports[0].port: must be between 1 and"
                            + " 65535, found 70000",
                        "<string>:11:16: spec.ingress[0].ports[1].endPort: must be greater than or"
                            + " equal to port 80, found 79",
                        "<string>:14:44: spec.egress[0].to[0].ipBlock.except[0]: must be a strict"
                            + " subset of cidr 10.0.0.0/8, found 192.168.0.0/16"))
        .hasMessageStartingWith("3 problems in the manifests:\n  <string>:9:13: ");
  }

  @Test
  void misspelledFieldInSpecIsAnErrorWithTheClosestKnownName() {
    String yaml =
        policy(
            """
              podSelector: {}
              ingress:
              - from:
                - namespaceSelctor: {}
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:9:7: spec.ingress[0].from[0].namespaceSelctor: unknown field"
                + " \"namespaceSelctor\" (did you mean \"namespaceSelector\"?); known fields here:"
                + " ipBlock, namespaceSelector, podSelector");
  }

  @Test
  void unknownFieldsAreRefusedInEveryPartOfTheSpec() {
    String yaml =
        policy(
            """
              podSelector: {matchLabel: {app: x}}
              policyType: [Ingress]
              egress:
              - too: []
                ports: [{prot: TCP}]
            """);
    assertThat(problems(yaml))
        .extracting(s -> s.substring(0, s.indexOf(" (")))
        .containsExactly(
            "k8s/policies.yaml:7:3: spec.policyType: unknown field \"policyType\"",
            "k8s/policies.yaml:6:17: spec.podSelector.matchLabel: unknown field \"matchLabel\"",
            "k8s/policies.yaml:9:5: spec.egress[0].too: unknown field \"too\"",
            "k8s/policies.yaml:10:14: spec.egress[0].ports[0].prot: unknown field \"prot\"");
  }

  @Test
  void misspelledSpecIsRefusedRatherThanReadAsAnEmptyPolicy() {
    String yaml =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspecc: {}\n";
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("k8s/policies.yaml:4:1: specc: unknown field \"specc\" (did you mean \"spec\"?)");
  }

  @Test
  void quotedPortNumberIsANameAndKubernetesRejectsIt() {
    String yaml =
        policy(
            """
              ingress:
              - ports:
                - port: "80"
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:8:13: spec.ingress[0].ports[0].port: the quoted \"80\" is a string,"
                + " which Kubernetes reads as a port name, and a port name needs a letter: write the"
                + " number without quotes (port: 80)");
  }

  @Test
  void portOfTheWrongTypeIsRefused() {
    String yaml =
        policy(
            """
              ingress:
              - ports:
                - port: [80]
                - port: 80
                  protocol: tcp
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:8:13: spec.ingress[0].ports[0].port: expected a port number or"
                + " name, found a sequence",
            "k8s/policies.yaml:10:17: spec.ingress[0].ports[1].protocol: unsupported protocol"
                + " \"tcp\": expected one of TCP, UDP, SCTP (protocol names are upper case: TCP)");
  }

  @Test
  void yaml11BooleansAndNumbersAreNotLabelValues() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            enabled: yes
            legacy: on
            build: 012
            version: 1.10
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:6:14: metadata.labels[\"enabled\"]: expected a string, found the"
                + " boolean yes (YAML reads an unquoted yes as a boolean): quote it, \"yes\"",
            "k8s/policies.yaml:7:13: metadata.labels[\"legacy\"]: expected a string, found the"
                + " boolean on (YAML reads an unquoted on as a boolean): quote it, \"on\"",
            "k8s/policies.yaml:8:12: metadata.labels[\"build\"]: expected a string, found the number"
                + " 012 (YAML reads an unquoted 012 as a number): quote it, \"012\"",
            "k8s/policies.yaml:9:14: metadata.labels[\"version\"]: expected a string, found the"
                + " number 1.10 (YAML reads an unquoted 1.10 as a number): quote it, \"1.10\"");
  }

  @Test
  void aRefusedTemplateLabelDoesNotAlsoReportTheSelectorAsNotMatching() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              enabled: "on"
          template:
            metadata:
              labels:
                enabled: on
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:12:18: spec.template.metadata.labels[\"enabled\"]: expected a"
                + " string, found the boolean on (YAML reads an unquoted on as a boolean): quote"
                + " it, \"on\"");
  }

  @Test
  void invalidLabelSyntaxAndSelectorOperatorRulesAreLocated() {
    String yaml =
        policy(
            """
              podSelector:
                matchLabels: {"bad key": x}
                matchExpressions:
                - {key: tier, operator: In, values: []}
                - {key: tier, operator: Exist}
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:7:30: spec.podSelector.matchLabels[\"bad key\"]: label key \"bad"
                + " key\": name must consist of alphanumerics, '-', '_' or '.', and start and end"
                + " with an alphanumeric",
            "k8s/policies.yaml:9:41: spec.podSelector.matchExpressions[0].values: operator In needs"
                + " at least one value",
            "k8s/policies.yaml:10:29: spec.podSelector.matchExpressions[1].operator: unknown"
                + " operator \"Exist\": expected one of In, NotIn, Exists, DoesNotExist");
  }

  @Test
  void ipBlockCombinedWithASelectorInOnePeerIsRefused() {
    String yaml =
        policy(
            """
              egress:
              - to:
                - ipBlock: {cidr: 10.0.0.0/8}
                  podSelector: {}
            """);
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/policies.yaml:8:16: spec.egress[0].to[0].ipBlock: ipBlock cannot be combined with"
                + " podSelector or namespaceSelector in one peer entry");
  }

  @Test
  void invalidPolicyTypeIsRefused() {
    assertThat(problems(policy("  policyTypes: [ingress]\n")))
        .containsExactly(
            "k8s/policies.yaml:6:17: spec.policyTypes[0]: unknown policy type \"ingress\": expected"
                + " Ingress or Egress");
  }

  @Test
  void oldNetworkPolicyApiVersionSaysWhichOneToUse() {
    String yaml = "apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: p}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:1:13: apiVersion: NetworkPolicy apiVersion \"extensions/v1beta1\" is"
                + " not served by current Kubernetes: use networking.k8s.io/v1");
  }

  @Test
  void policyKindsNotSupportedYetAreRefusedAndSayWhatTheyAre() {
    String yaml =
        """
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: AdminNetworkPolicy
        metadata: {name: a}
        ---
        apiVersion: other.example.com/v1
        kind: BaselineAdminNetworkPolicy
        metadata: {name: default}
        ---
        apiVersion: policy.networking.k8s.io/v1beta1
        kind: ClusterNetworkPolicy
        metadata: {name: c}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: d}
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: GlobalNetworkPolicy
        metadata: {name: e}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: f}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: g}
        """;
    List<String> problems = problems(yaml);
    assertThat(problems).hasSize(7);
    assertThat(problems.subList(3, 7)).allMatch(p -> p.contains("not supported yet"));
    assertThat(problems.get(0))
        .startsWith(
            "k8s/policies.yaml:1:1: kind: AdminNetworkPolicy (policy.networking.k8s.io/v1alpha2):"
                + " netpol reads AdminNetworkPolicy in apiVersion"
                + " policy.networking.k8s.io/v1alpha1 only");
    assertThat(problems.get(1))
        .contains("is a cluster-wide policy of the Kubernetes network-policy-api project");
    assertThat(problems.get(3))
        .startsWith(
            "k8s/policies.yaml:13:1: kind: NetworkPolicy (projectcalico.org/v3) is a policy of the"
                + " Calico network plugin");
    assertThat(problems.get(6)).contains("is a policy of the Cilium network plugin");
  }

  @Test
  void otherKindsAreSkippedAndListedInTheReport() {
    LoadResult result =
        ManifestLoader.defaults()
            .loadString(
                "cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
                    + "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                    + "metadata: {name: widgets.example.com}\n");
    assertThat(result.isValid()).isTrue();
    assertThat(result.report().skipped())
        .extracting(Object::toString)
        .containsExactly(
            "cm.yaml:1:1: ConfigMap default/c: skipped: netpol does not use ConfigMap (v1)",
            "cm.yaml:5:1: CustomResourceDefinition default/widgets.example.com: skipped: netpol"
                + " does not use CustomResourceDefinition (apiextensions.k8s.io/v1)");
  }

  @Test
  void duplicateObjectNamesWithinKindAndNamespaceAreRefused() {
    String yaml =
        policy("  podSelector: {}\n") + "---\n" + policy("  podSelector: {}\n")
            + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:8:1: metadata.name: duplicate NetworkPolicy default/p: already"
                + " defined at k8s/policies.yaml:1:1");
  }

  @Test
  void duplicateKeysInOneMappingAreRefused() {
    assertThat(problems("apiVersion: v1\nkind: Pod\nkind: Service\n"))
        .containsExactly(
            "k8s/policies.yaml:3:5: duplicate key \"kind\" in one mapping (YAML readers silently"
                + " keep only one of them; remove the other)");
  }

  @Test
  void syntaxErrorsAreLocatedAtTheProblemMark() {
    assertThat(problems("apiVersion: v1\nkind: Pod\n  metadata: x\n"))
        .containsExactly("k8s/policies.yaml:3:11: invalid YAML: mapping values are not allowed here");
  }

  @Test
  void aliasToAnUnknownAnchorIsAnErrorNotAString() {
    assertThat(problems("apiVersion: v1\nkind: Pod\nmetadata: {name: *podname}\n"))
        .contains(
            "k8s/policies.yaml:3:18: alias *podname refers to no anchor &podname defined before it"
                + " in this document");
  }

  @Test
  void customTagsAreRefusedAndNeverInstantiated() {
    assertThat(
            problems(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: !!python/object:os.system x\n"
                    + "  namespace: !Ref ns\n"))
        .containsExactly(
            "k8s/policies.yaml:4:9: YAML tag !!python/object:os.system is not allowed: Kubernetes"
                + " manifests use only plain values (standard tags !!str, !!int, !!float, !!bool,"
                + " !!null, !!map, !!seq are accepted)",
            "k8s/policies.yaml:5:14: YAML tag !Ref is not allowed: Kubernetes manifests use only"
                + " plain values (standard tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq"
                + " are accepted)");
  }

  @Test
  void standardStrTagMakesAString() {
    Cluster cluster =
        Cluster.fromYaml("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {v: !!str 1.10}\n");
    assertThat(cluster.pod("default/p").orElseThrow().labels().get("v")).contains("1.10");
  }

  @Test
  void missingKindApiVersionAndNameAreErrors() {
    assertThat(problems("metadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n"))
        .containsExactly(
            "k8s/policies.yaml:1:1: kind: required: every object needs a kind",
            "k8s/policies.yaml:1:1: apiVersion: required: every object needs an apiVersion",
            "k8s/policies.yaml:5:11: metadata.name: required: the object's name");
  }

  @Test
  void objectsInAListAreLocatedWithTheirItemPath() {
    String yaml =
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: p, namespace: prod}
          spec:
            ingress: [{ports: [{port: 0}]}]
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:8:31: items[0].spec.ingress[0].ports[0].port: must be between 1 and"
                + " 65535, found 0");
  }

  @Test
  void generatedPodNameCollidingWithAPodIsAnError() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web-0}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: c}]}
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "k8s/policies.yaml:5:1: Deployment default/web makes pod default/web-0, which Pod"
                + " default/web-0 at k8s/policies.yaml:1:1 already makes");
  }

  @Test
  void missingFilesAreReportedWithTheOtherProblems() {
    LoadResult result = ManifestLoader.defaults().load(java.nio.file.Path.of("no/such/dir"));
    assertThat(result.report().problems())
        .extracting(Object::toString)
        .containsExactly("no/such/dir: no such file or directory");
  }

  @Test
  void hostBitsInACidrAreMaskedWithAWarning() {
    LoadResult result =
        ManifestLoader.defaults()
            .loadString(
                "np.yaml", policy("  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.1.1/8}\n"));
    assertThat(result.cluster().policies().get(0).egress().get(0).peers().get(0))
        .hasToString("ipBlock 10.0.0.0/8");
    assertThat(result.report().warnings())
        .extracting(Object::toString)
        .contains(
            "np.yaml:8:23: spec.egress[0].to[0].ipBlock.cidr: \"10.0.1.1/8\" has host bits set: read"
                + " as 10.0.0.0/8, as the API server does");
  }

  @Test
  void anOctalLookingPortIsReadAsYaml11DoesWithAWarning() {
    LoadResult result =
        ManifestLoader.defaults()
            .loadString("np.yaml", policy("  ingress:\n  - ports:\n    - port: 010\n"));
    assertThat(result.cluster().policies().get(0).ingress().get(0).ports().get(0))
        .hasToString("TCP/8");
    assertThat(result.report().warnings())
        .extracting(Object::toString)
        .contains(
            "np.yaml:8:13: spec.ingress[0].ports[0].port: port 010 is read as the number 8 (YAML"
                + " 1.1 number syntax); write 8 if that is meant");
  }
}
