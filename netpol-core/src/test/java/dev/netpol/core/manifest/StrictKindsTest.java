package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Kinds that could change an answer are refused, never skipped. */
class StrictKindsTest {

  private static LoadResult load(String yaml) {
    return ManifestLoader.defaults().loadString("k8s/in.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    LoadResult result = load(yaml);
    assertThat(result.isValid()).as("expected problems").isFalse();
    return result.report().problems().stream().map(Object::toString).collect(Collectors.toList());
  }

  private static String object(String apiVersion, String kind) {
    return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: x}\n";
  }

  @Test
  void lowerCaseNetworkPolicyKindIsRefusedWithTheRightSpelling() {
    assertThat(problems(object("networking.k8s.io/v1", "networkpolicy")))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:2:7: kind: unknown kind networkpolicy in apiVersion networking.k8s.io/v1;"
                + " did you mean NetworkPolicy?");
  }

  @Test
  void pluralNetworkPoliciesKindIsRefusedNotSkipped() {
    LoadResult result = load(object("networking.k8s.io/v1", "NetworkPolicies"));
    assertThat(result.isValid()).isFalse();
    assertThat(result.report().skipped()).isEmpty();
    assertThat(result.report().problems().get(0).message())
        .startsWith(
            "unknown kind NetworkPolicies in apiVersion networking.k8s.io/v1; did you mean"
                + " NetworkPolicy?");
  }

  @Test
  void unknownKindsOfTheCoreAppsAndBatchGroupsAreRefused() {
    List<String> problems =
        problems(
            object("v1", "pod")
                + "---\n"
                + object("v1", "Pods")
                + "---\n"
                + object("apps/v1", "Deploymnet")
                + "---\n"
                + object("batch/v1", "Cronjob"));
    assertThat(problems)
        .extracting(p -> p.substring(p.indexOf("unknown kind"), p.indexOf('?') + 1))
        .containsExactly(
            "unknown kind pod in apiVersion v1; did you mean Pod?",
            "unknown kind Pods in apiVersion v1; did you mean Pod?",
            "unknown kind Deploymnet in apiVersion apps/v1; did you mean Deployment?",
            "unknown kind Cronjob in apiVersion batch/v1; did you mean CronJob?");
  }

  @Test
  void unknownKindInTheNetworkPolicyApiGroupIsRefused() {
    assertThat(problems(object("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicies")))
        .singleElement()
        .asString()
        .contains(
            "unknown kind AdminNetworkPolicies in apiVersion policy.networking.k8s.io/v1alpha1;"
                + " did you mean AdminNetworkPolicy?");
  }

  @Test
  void emptyKindIsRefused() {
    assertThat(problems("apiVersion: v1\nkind: \"\"\nmetadata: {name: x}\n"))
        .containsExactly(
            "k8s/in.yaml:2:7: kind: kind must not be empty: write the object's kind, e.g. Pod,"
                + " Deployment or NetworkPolicy");
  }

  @Test
  void podServiceOrNamespaceInAppsV1IsRefusedWithTheApiVersionThatServesIt() {
    List<String> problems =
        problems(
            object("apps/v1", "Pod")
                + "---\n"
                + object("apps/v1", "Service")
                + "---\n"
                + object("apps/v1", "Namespace"));
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0))
        .isEqualTo(
            "k8s/in.yaml:2:7: kind: unknown kind Pod in apiVersion apps/v1: Kubernetes 1.34 serves"
                + " Pod in apiVersion v1; write apiVersion: v1 (the API server refuses this object,"
                + " so netpol does not guess)");
    assertThat(problems.get(1)).contains("serves Service in apiVersion v1");
    assertThat(problems.get(2)).contains("serves Namespace in apiVersion v1");
  }

  @Test
  void workloadInTheWrongOrARemovedApiVersionIsRefused() {
    List<String> problems =
        problems(object("v1", "Deployment") + "---\n" + object("apps/v1beta2", "Deployment"));
    assertThat(problems)
        .extracting(p -> p.substring(p.indexOf("unknown kind")))
        .allMatch(p -> p.contains("serves Deployment in apiVersion apps/v1"));
  }

  @Test
  void unknownKindInAnApiVersionKubernetesDoesNotServeSaysSo() {
    assertThat(problems(object("apps/v2", "Widget")))
        .singleElement()
        .asString()
        .startsWith(
            "k8s/in.yaml:2:7: kind: unknown kind Widget in apiVersion apps/v2: Kubernetes 1.34"
                + " does not serve apiVersion apps/v2 (kinds are case-sensitive");
  }

  @Test
  void typedListOfAnUnknownKindIsRefused() {
    assertThat(problems("apiVersion: v1\nkind: PodsList\nitems: []\n"))
        .singleElement()
        .asString()
        .contains("unknown kind Pods in apiVersion v1; did you mean Pod?");
  }

  @Test
  void typedListOfAServedKindWithoutItemsIsAnEmptyList() {
    LoadResult result = load("apiVersion: v1\nkind: PodList\nmetadata: {resourceVersion: \"1\"}\n");
    assertThat(result.isValid()).isTrue();
    assertThat(result.report().skipped()).isEmpty();
  }

  @Test
  void servedKindsNetpolDoesNotUseAndOtherGroupsAreSkippedAndListedInTheReport() {
    LoadResult result =
        load(
            object("v1", "ConfigMap")
                + "---\n"
                + object("networking.k8s.io/v1", "Ingress")
                + "---\n"
                + object("apps/v1", "ControllerRevision")
                + "---\n"
                + object("example.com/v1", "Widget")
                + "---\n"
                + object("example.com/v1", "Deployment")
                + "---\n"
                + object("projectcalico.org/v3", "IPPool"));
    assertThat(result.isValid()).isTrue();
    assertThat(result.report().skipped())
        .extracting(ReportEntry::detail)
        .containsExactly(
            "skipped: netpol does not use ConfigMap (v1)",
            "skipped: netpol does not use Ingress (networking.k8s.io/v1)",
            "skipped: netpol does not use ControllerRevision (apps/v1)",
            "skipped: netpol does not use Widget (example.com/v1)",
            "skipped: netpol does not use Deployment (example.com/v1)",
            "skipped: netpol does not use IPPool (projectcalico.org/v3)");
  }

  @Test
  void otherVendorsPolicyKindsAreRefusedEachWithItsOwnMessage() {
    List<String> problems =
        problems(
            object("k8s.ovn.org/v1", "EgressFirewall")
                + "---\n"
                + object("network.openshift.io/v1", "EgressNetworkPolicy")
                + "---\n"
                + object("networking.gke.io/v1alpha3", "FQDNNetworkPolicy")
                + "---\n"
                + object("crd.antrea.io/v1beta1", "NetworkPolicy")
                + "---\n"
                + object("crd.antrea.io/v1beta1", "ClusterNetworkPolicy"));
    assertThat(problems)
        .hasSize(5)
        .allMatch(p -> p.contains("ignoring it would make answers wrong"));
    assertThat(problems.get(0))
        .contains("EgressFirewall (k8s.ovn.org/v1) is an egress firewall of the OVN-Kubernetes");
    assertThat(problems.get(1))
        .contains(
            "EgressNetworkPolicy (network.openshift.io/v1) is an egress firewall of OpenShift");
    assertThat(problems.get(2))
        .contains("FQDNNetworkPolicy (networking.gke.io/v1alpha3) is a GKE policy");
    assertThat(problems.subList(3, 5))
        .allMatch(p -> p.contains("is an Antrea-native policy"))
        .allMatch(p -> p.contains("enforced only by Antrea"))
        .noneMatch(p -> p.contains("not served by current Kubernetes"))
        .noneMatch(p -> p.contains("network-policy-api"));
  }

  @Test
  void ovnUserDefinedNetworksAreRefusedBecauseTheySeparatePods() {
    assertThat(
            problems(
                object("k8s.ovn.org/v1", "UserDefinedNetwork")
                    + "---\n"
                    + object("k8s.ovn.org/v1", "ClusterUserDefinedNetwork")))
        .hasSize(2)
        .allMatch(p -> p.contains("is a user-defined network of the OVN-Kubernetes"));
  }

  @Test
  void nearMissOfAVendorPolicyKindIsRefused() {
    assertThat(problems(object("cilium.io/v2", "CiliumNetworkPolicies")))
        .singleElement()
        .asString()
        .contains(
            "unknown kind CiliumNetworkPolicies in apiVersion cilium.io/v2; did you mean"
                + " CiliumNetworkPolicy?");
  }

  @Test
  void clusterScopedPolicyKindAtAnotherApiVersionIsRefusedWithTheVersionToWrite() {
    assertThat(problems(object("policy.networking.k8s.io/v1alpha1", "ClusterNetworkPolicy")))
        .singleElement()
        .asString()
        .contains("write apiVersion: policy.networking.k8s.io/v1alpha2");
  }
}
