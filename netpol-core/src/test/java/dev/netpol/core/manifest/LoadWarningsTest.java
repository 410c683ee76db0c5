package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Mistakes the API server accepts but that make a policy protect nothing: a namespace spelled
 * almost like the app's, a selector that matches no pod. Each is reported with file, line and
 * field path, and the name that was probably meant.
 */
class LoadWarningsTest {
  private static final String SHOP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: storefront}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: storefront}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web, tier: front}}
          spec: {containers: [{name: web, image: nginx}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: controller, namespace: storefront}
      spec:
        selector: {matchLabels: {app: controller}}
        template:
          metadata: {labels: {app: controller}}
          spec: {containers: [{name: c, image: nginx}]}
      ---
      """;

  private static String policy(String namespace, String spec) {
    return "apiVersion: networking.k8s.io/v1\n"
        + "kind: NetworkPolicy\n"
        + "metadata:\n"
        + "  name: allow-web\n"
        + "  namespace: " + namespace + "\n"
        + "spec:\n"
        + spec;
  }

  private static LoadResult load(String yaml) {
    return ManifestLoader.defaults().loadString("k8s.yaml", yaml);
  }

  private static List<String> warnings(LoadResult result) {
    return result.report().warnings().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static List<String> problems(LoadResult result) {
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  // ---- a namespace that is a typo of a declared one

  @Test
  void aPolicyInANamespaceOneTypoFromADeclaredOneIsAnErrorWithDidYouMean() {
    LoadResult result = load(SHOP + policy("storefornt", "  podSelector: {}\n"));

    assertThat(result.isValid()).isFalse();
    assertThat(problems(result))
        .containsExactly(
            "k8s.yaml:27:3: metadata.namespace: namespace storefornt is never declared and holds"
                + " only policies (NetworkPolicy storefornt/allow-web): did you mean storefront?"
                + " A policy applies only to pods of its own namespace, so this one protects"
                + " nothing. Fix metadata.namespace, or declare namespace storefornt with a"
                + " Namespace object if it is meant");
  }

  @Test
  void declaringTheLookalikeNamespaceMakesItMeant() {
    String declared = "apiVersion: v1\nkind: Namespace\nmetadata: {name: storefornt}\n---\n";
    LoadResult result = load(SHOP + declared + policy("storefornt", "  podSelector: {}\n"));

    assertThat(result.isValid()).isTrue();
  }

  @Test
  void anUndeclaredNamespaceFarFromEveryDeclaredOneStaysAWarning() {
    LoadResult result = load(SHOP + policy("payments", "  podSelector: {}\n"));

    assertThat(result.isValid()).isTrue();
    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:23:1: namespace payments is used by NetworkPolicy payments/allow-web but"
                + " never declared: created with only its kubernetes.io/metadata.name label");
  }

  @Test
  void aLookalikeNamespaceThatHoldsPodsStaysAWarning() {
    String pod =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: storefornt}\n"
            + "spec: {containers: [{name: c, image: nginx}]}\n---\n";
    LoadResult result = load(SHOP + pod + policy("storefornt", "  podSelector: {}\n"));

    assertThat(result.isValid()).isTrue();
    assertThat(warnings(result))
        .singleElement()
        .asString()
        .contains("namespace storefornt is used");
  }

  @Test
  void namesSoShortThatEveryLetterDiffersAreNoTypo() {
    assertThat(UndeclaredNamespaces.typoOf("db", java.util.Set.of("ui", "shop"))).isEmpty();
    assertThat(UndeclaredNamespaces.typoOf("storefornt", java.util.Set.of("storefront", "shop")))
        .containsExactly("storefront");
    assertThat(UndeclaredNamespaces.typoOf("shpo", java.util.Set.of("storefront", "shop")))
        .containsExactly("shop");
  }

  // ---- selectors that match nothing

  @Test
  void aPolicyWhosePodSelectorMatchesNoPodIsWarnedWithTheNearestLabels() {
    LoadResult result =
        load(SHOP + policy("storefront", "  podSelector:\n    matchLabels: {app: wbe}\n"));

    assertThat(result.isValid()).isTrue();
    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:29:3: spec.podSelector: podSelector app=wbe matches no pod in storefront,"
                + " so NetworkPolicy storefront/allow-web protects nothing; nearest: app=web");
  }

  @Test
  void aPeerPodSelectorThatMatchesNoPodIsWarnedAtItsLine() {
    LoadResult result =
        load(
            SHOP
                + policy(
                    "storefront",
                    """
                      podSelector: {matchLabels: {app: web}}
                      ingress:
                      - from:
                        - podSelector: {matchLabels: {app: controler}}
                    """));

    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:32:7: spec.ingress[0].from[0].podSelector: podSelector app=controler matches"
                + " no pod in storefront (without a namespaceSelector, only pods of the policy's"
                + " namespace), so this peer of NetworkPolicy storefront/allow-web admits"
                + " nothing; nearest: app=controller");
  }

  @Test
  void aNamespaceSelectorThatMatchesNoNamespaceIsWarnedWithTheNearestLabels() {
    LoadResult result =
        load(
            SHOP
                + policy(
                    "storefront",
                    """
                      podSelector: {}
                      egress:
                      - to:
                        - namespaceSelector:
                            matchLabels: {kubernetes.io/metadata.name: storefrnt}
                    """));

    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:32:7: spec.egress[0].to[0].namespaceSelector: namespaceSelector"
                + " kubernetes.io/metadata.name=storefrnt matches no namespace, so this peer of"
                + " NetworkPolicy storefront/allow-web admits nothing; nearest:"
                + " kubernetes.io/metadata.name=storefront");
  }

  @Test
  void aPodSelectorAndedWithANamespaceSelectorLooksInTheSelectedNamespaces() {
    LoadResult result =
        load(
            SHOP
                + policy(
                    "storefront",
                    """
                      podSelector: {}
                      egress:
                      - to:
                        - namespaceSelector: {}
                          podSelector: {matchLabels: {tier: back}}
                    """));

    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:33:7: spec.egress[0].to[0].podSelector: podSelector tier=back matches no"
                + " pod in the namespaces {storefront} that its namespaceSelector selects, so this"
                + " peer of NetworkPolicy storefront/allow-web admits nothing; no pod there has"
                + " tier=back; pods there have tier in {front}");
  }

  @Test
  void aPeerForPodsTheInputLeavesOutSuchAsCoreDnsIsNotWarned() {
    String dns =
        """
          podSelector: {}
          egress:
          - to:
            - namespaceSelector: {}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
            - namespaceSelector:
                matchLabels: {kubernetes.io/metadata.name: kube-system}
              podSelector:
                matchLabels: {k8s-app: kube-dns}
        """;

    assertThat(warnings(load(SHOP + policy("storefront", dns)))).isEmpty();
  }

  @Test
  void aLabelKeyOneTypoFromAKeyOfTheInputIsStillWarned() {
    LoadResult result =
        load(SHOP + policy("storefront", "  podSelector:\n    matchLabels: {ap: web}\n"));

    assertThat(warnings(result))
        .singleElement()
        .asString()
        .contains("podSelector ap=web matches no pod in storefront")
        .endsWith("; nearest: app=web");
  }

  @Test
  void aNamespaceSelectorForKubeSystemWithoutSystemPodsSaysWhichOptionAddsIt() {
    String spec =
        """
          podSelector: {}
          egress:
          - to:
            - namespaceSelector:
                matchLabels: {kubernetes.io/metadata.name: kube-system}
        """;

    assertThat(warnings(load(SHOP + policy("storefront", spec))))
        .singleElement()
        .asString()
        .contains("namespaceSelector kubernetes.io/metadata.name=kube-system matches no namespace")
        .endsWith("; the systemPods option adds kube-system with CoreDNS (k8s-app=kube-dns)");
    LoadResult withSystemPods =
        ManifestLoader.builder()
            .systemPods(true)
            .build()
            .loadString("k8s.yaml", SHOP + policy("storefront", spec));
    assertThat(warnings(withSystemPods)).isEmpty();
  }

  @Test
  void aPodSelectorWrittenAsAnEntryOfItsOwnSaysWhereItsPodsAreAndHowToReachThem() {
    String spec =
        """
          podSelector: {}
          egress:
          - to:
            - namespaceSelector: {}
            - podSelector: {matchLabels: {k8s-app: kube-dns}}
        """;
    LoadResult result =
        ManifestLoader.builder()
            .systemPods(true)
            .build()
            .loadString("k8s.yaml", SHOP + policy("storefront", spec));

    assertThat(warnings(result))
        .containsExactly(
            "k8s.yaml:33:7: spec.egress[0].to[1].podSelector: podSelector k8s-app=kube-dns"
                + " matches no pod in storefront (without a namespaceSelector, only pods of the"
                + " policy's namespace), so this peer of NetworkPolicy storefront/allow-web admits"
                + " nothing; no pod in storefront has a label k8s-app; pods matching it are in"
                + " namespaces {kube-system}: to admit them, write a namespaceSelector in this"
                + " same peer entry (not as an entry of its own)");
  }

  @Test
  void selectorsThatMatchSomethingAndEmptySelectorsInEmptyNamespacesAreNotWarned() {
    String spec =
        """
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from:
            - podSelector: {matchLabels: {app: controller}}
            - namespaceSelector: {}
            - ipBlock: {cidr: 10.0.0.0/8}
        """;
    String emptyNamespace =
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n---\n"
            + policy("quiet", "  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n")
            + "---\n";

    LoadResult result = load(SHOP + emptyNamespace + policy("storefront", spec));

    assertThat(result.isValid()).isTrue();
    assertThat(warnings(result)).isEmpty();
  }
}
