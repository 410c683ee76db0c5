package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds Kubernetes {@value ApiFields#VERSION} serves in the API groups whose objects can
 * change an answer: the core group ({@code v1}), {@code apps}, {@code batch},
 * {@code networking.k8s.io} and {@code extensions}. In these groups a kind the API server does
 * not serve at that apiVersion ({@code kind: networkpolicy}, {@code Pods}, a Pod in
 * {@code apps/v1}) is refused, as the API server refuses it, rather than skipped
 * (docs/semantics.md#what-netpol-refuses-and-why).
 */
final class ApiKinds {
  private ApiKinds() {}

  /** The groups checked: every kind written in one of them must be served. */
  private static final ImmutableSet<String> GROUPS =
      ImmutableSet.of("", "apps", "batch", "networking.k8s.io", "extensions");

  /** The kinds served at each apiVersion of those groups (no entry: not served at all). */
  private static final ImmutableMap<String, ImmutableSet<String>> SERVED =
      ImmutableMap.of(
          "v1",
          ImmutableSet.of(
              "Binding",
              "ComponentStatus",
              "ConfigMap",
              "Endpoints",
              "Event",
              "LimitRange",
              "Namespace",
              "Node",
              "PersistentVolume",
              "PersistentVolumeClaim",
              "Pod",
              "PodTemplate",
              "ReplicationController",
              "ResourceQuota",
              "Secret",
              "Service",
              "ServiceAccount"),
          "apps/v1",
          ImmutableSet.of(
              "ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"),
          "batch/v1",
          ImmutableSet.of("CronJob", "Job"),
          "networking.k8s.io/v1",
          ImmutableSet.of("IPAddress", "Ingress", "IngressClass", "NetworkPolicy", "ServiceCIDR"),
          "networking.k8s.io/v1beta1",
          ImmutableSet.of("IPAddress", "ServiceCIDR"));

  /** The group of an apiVersion: {@code ""} for the core group ({@code v1}). */
  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** Whether every kind written in this apiVersion's group must be one Kubernetes serves. */
  static boolean checked(String apiVersion) {
    return GROUPS.contains(group(apiVersion));
  }

  /** Whether Kubernetes serves this kind at this apiVersion. */
  static boolean served(String kind, String apiVersion) {
    return SERVED.getOrDefault(apiVersion, ImmutableSet.of()).contains(kind);
  }

  /** The kinds served at an apiVersion, empty if the apiVersion is not served. */
  static ImmutableSet<String> kinds(String apiVersion) {
    return SERVED.getOrDefault(apiVersion, ImmutableSet.of());
  }

  /** The apiVersion that serves a kind exactly so spelled, if any. */
  static Optional<String> servingVersion(String kind) {
    for (Map.Entry<String, ImmutableSet<String>> e : SERVED.entrySet()) {
      if (e.getValue().contains(kind)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Every kind served in the checked groups. */
  static ImmutableSet<String> allKinds() {
    ImmutableSet.Builder<String> all = ImmutableSet.builder();
    SERVED.values().forEach(all::addAll);
    return all.build();
  }
}
