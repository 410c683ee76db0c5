package dev.netpol.fabric8;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestLoader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the kinds netpol uses from a live cluster, page by page, and loads them. Only {@code
 * list} requests are made. A kind is listed as generic objects, so the loader sees each object as
 * the API server sent it, with every field.
 */
final class ClusterReader {
  /** One kind to list, as RBAC and the API paths name it. */
  record Kind(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean filtered,
      boolean optional) {

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code plural.group}, or the plural alone in the core group. */
    String resource() {
      return group.isEmpty() ? plural : plural + "." + group;
    }

    ResourceDefinitionContext context() {
      return new ResourceDefinitionContext.Builder()
          .withGroup(group)
          .withVersion(version)
          .withPlural(plural)
          .withKind(kind)
          .withNamespaced(namespaced)
          .build();
    }
  }

  /** Always read: namespaced kinds filtered by the label selector (not policies). */
  static final ImmutableList<Kind> KINDS =
      ImmutableList.of(
          new Kind("", "v1", "namespaces", "Namespace", false, false, false),
          new Kind("", "v1", "nodes", "Node", false, false, false),
          new Kind("", "v1", "pods", "Pod", true, true, false),
          new Kind("", "v1", "services", "Service", true, true, false),
          new Kind("apps", "v1", "deployments", "Deployment", true, true, false),
          new Kind("apps", "v1", "statefulsets", "StatefulSet", true, true, false),
          new Kind("apps", "v1", "daemonsets", "DaemonSet", true, true, false),
          new Kind("apps", "v1", "replicasets", "ReplicaSet", true, true, false),
          new Kind("batch", "v1", "jobs", "Job", true, true, false),
          new Kind("batch", "v1", "cronjobs", "CronJob", true, true, false),
          new Kind("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, false,
              false));

  /** Read unless turned off; a 404 (no CRD installed) skips the kind. */
  static final ImmutableList<Kind> CLUSTER_POLICY_KINDS =
      ImmutableList.of(
          new Kind("policy.networking.k8s.io", "v1alpha1", "adminnetworkpolicies",
              "AdminNetworkPolicy", false, false, true),
          new Kind("policy.networking.k8s.io", "v1alpha1", "baselineadminnetworkpolicies",
              "BaselineAdminNetworkPolicy", false, false, true),
          new Kind("policy.networking.k8s.io", "v1alpha2", "clusternetworkpolicies",
              "ClusterNetworkPolicy", false, false, true));

  private final KubernetesClient client;
  private final SnapshotOptions options;

  ClusterReader(KubernetesClient client, SnapshotOptions options) {
    this.client = client;
    this.options = options;
  }

  Snapshot read() {
    ImmutableList.Builder<KindListing> listings = ImmutableList.builder();
    List<GenericKubernetesResource> objects = new ArrayList<>();
    int nodes = 0;
    for (Kind kind : KINDS) {
      Page all = listAll(kind);
      listings.add(all.listing(kind));
      if (kind.kind().equals("Node")) {
        nodes = all.objects.size(); // counted for DaemonSets; the loader has no use for Nodes
      } else {
        objects.addAll(all.objects);
      }
    }
    for (Kind kind : CLUSTER_POLICY_KINDS) {
      if (!options.clusterScopedPolicies()) {
        listings.add(
            new KindListing(kind.resource(), kind.kind(), KindListing.Status.NOT_REQUESTED, 0, 0));
        continue;
      }
      Page all = listAll(kind);
      listings.add(all.listing(kind));
      objects.addAll(all.objects);
    }
    int daemonSetNodes = Math.max(1, nodes);
    ManifestLoader loader =
        options
            .loader()
            .orElseGet(() -> ManifestLoader.builder().daemonSetNodes(daemonSetNodes).build());
    LoadResult result =
        loader.loadObjects(Fabric8.texts(objects, client.getKubernetesSerialization()));
    return new Snapshot(listings.build(), result);
  }

  /** The objects of a kind and the pages they took; {@code served} false after a 404. */
  private static final class Page {
    final List<GenericKubernetesResource> objects = new ArrayList<>();
    int pages;
    boolean served = true;

    KindListing listing(Kind kind) {
      return served
          ? new KindListing(
              kind.resource(), kind.kind(), KindListing.Status.READ, objects.size(), pages)
          : new KindListing(kind.resource(), kind.kind(), KindListing.Status.NOT_SERVED, 0, 0);
    }
  }

  private Page listAll(Kind kind) {
    Page all = new Page();
    if (kind.namespaced() && !options.namespaces().isEmpty()) {
      for (String namespace : options.namespaces()) {
        list(kind, Optional.of(namespace), all);
      }
    } else {
      list(kind, Optional.empty(), all);
    }
    return all;
  }

  /** Lists every page of a kind (in one namespace, or all), following the continue token. */
  private void list(Kind kind, Optional<String> namespace, Page into) {
    String token = null;
    do {
      ListOptions page =
          new ListOptionsBuilder()
              .withLimit((long) options.pageSize())
              .withContinue(token)
              .build();
      GenericKubernetesResourceList list;
      try {
        list = operation(kind, namespace).list(page);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404 && kind.optional()) {
          into.served = false;
          return;
        }
        throw failure(kind, namespace, e);
      }
      into.pages++;
      for (GenericKubernetesResource item : list.getItems()) {
        // Items of a list response carry no kind and apiVersion: the list's kind says them.
        if (item.getKind() == null || item.getKind().isEmpty()) {
          item.setKind(kind.kind());
        }
        if (item.getApiVersion() == null || item.getApiVersion().isEmpty()) {
          item.setApiVersion(kind.apiVersion());
        }
        into.objects.add(item);
      }
      token = list.getMetadata() == null ? null : list.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());
  }

  private FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      operation(Kind kind, Optional<String> namespace) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(kind.context());
    FilterWatchListDeletable<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op =
            !kind.namespaced()
                ? all
                : namespace.isPresent() ? all.inNamespace(namespace.get()) : all.inAnyNamespace();
    Optional<String> selector = kind.filtered() ? options.labelSelector() : Optional.empty();
    return selector.isPresent() ? op.withLabelSelector(selector.get()) : op;
  }

  /** The error for a list that failed: what to grant for a 403, the API's answer otherwise. */
  private static SnapshotException failure(
      Kind kind, Optional<String> namespace, KubernetesClientException e) {
    String where = namespace.map(ns -> "in namespace " + ns).orElse(
        kind.namespaced() ? "in all namespaces" : "(cluster-scoped)");
    String head = "cannot list " + kind.resource() + " " + where + ": ";
    String group = "API group \"" + kind.group() + "\"" + (kind.group().isEmpty() ? " (core)" : "");
    String message;
    if (e.getCode() == 403) {
      message =
          head
              + "forbidden (HTTP 403). Grant verb \"list\" on resource \""
              + kind.plural()
              + "\" in "
              + group
              + (namespace.isPresent()
                  ? " (a Role in namespace " + namespace.get() + " suffices)"
                  : "")
              + " to this client's user: the ClusterRole in netpol's README, \"From a live"
              + " cluster\", has every permission a snapshot needs. The API server said: "
              + e.getMessage();
    } else if (e.getCode() == 404) {
      message =
          head
              + "the API server does not serve "
              + kind.apiVersion()
              + " "
              + kind.kind()
              + " (HTTP 404); netpol needs it to read the cluster. The API server said: "
              + e.getMessage();
    } else {
      message =
          head
              + (e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode())
              + ": "
              + e.getMessage();
    }
    return new SnapshotException(message, "list", kind.plural(), kind.group(), e.getCode(), e);
  }
}
