package dev.netpol.fabric8;

import com.google.common.base.Preconditions;
import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.manifest.ManifestLoader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * netpol for fabric8 users: a {@link Cluster} from the model objects your Java code builds (an
 * operator's desired NetworkPolicies, a platform tool's Deployments), or from a live cluster read
 * through a {@link KubernetesClient}.
 *
 * <pre>{@code
 * // in a test of an operator: are the policies it generates the ones we mean?
 * List<HasMetadata> objects = new ArrayList<>(workloads);
 * objects.addAll(operator.desiredPolicies(shop));
 * assertThat(Fabric8.cluster(objects)).allows(workload("shop/web")).to(workload("shop/api"))
 *     .onTcp(8080);
 *
 * // against a live cluster (read-only: it lists, never writes)
 * Snapshot snapshot = Fabric8.snapshot(client);
 * Cluster cluster = snapshot.cluster();
 * }</pre>
 *
 * <p>Objects are not decoded a second way: each is serialized to JSON, as the client would send
 * it to the API server, and read by netpol's {@link ManifestLoader}, so an object is validated,
 * refused or skipped exactly as the same object in a file would be
 * (docs/semantics.md#what-netpol-refuses-and-why). A problem names the object in place of a file
 * and line: {@code NetworkPolicy shop/allow-web: spec.ingress[0].ports[0].port: ...}. Kinds
 * fabric8 has no typed model for, such as the cluster-scoped policies of {@code
 * policy.networking.k8s.io}, are passed as {@code GenericKubernetesResource}s and read the same
 * way.
 */
public final class Fabric8 {
  private Fabric8() {}

  /**
   * The cluster that the objects describe, loaded with the loader's defaults (namespace {@code
   * default} for objects without one, pod CIDR {@code 10.244.0.0/16}).
   *
   * <pre>{@code
   * Cluster cluster = Fabric8.cluster(List.of(namespace, frontendDeployment, backendDeployment,
   *     policy));
   * }</pre>
   *
   * @param objects Namespaces, Pods, workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet,
   *     ReplicationController, Job, CronJob), Services, NetworkPolicies; other kinds are skipped
   *     or refused as in files
   * @return the cluster
   * @throws ManifestException listing every problem, each with the object and field path
   */
  public static Cluster cluster(Collection<? extends HasMetadata> objects) {
    return load(objects).cluster();
  }

  /**
   * The cluster that the objects describe, as {@link #cluster(Collection)}.
   *
   * <pre>{@code
   * assertThat(Fabric8.cluster(shop, web, api, operator.policyFor(api)))
   *     .allows(workload("shop/web")).to(workload("shop/api")).onTcp(8080);
   * }</pre>
   *
   * @param objects the objects
   * @return the cluster
   * @throws ManifestException listing every problem, each with the object and field path
   */
  public static Cluster cluster(HasMetadata... objects) {
    return cluster(Arrays.asList(objects));
  }

  /**
   * Loads the objects with the loader's defaults, returning the report as well (what was loaded,
   * skipped, warned about) rather than throwing on a problem.
   *
   * @param objects the objects, as for {@link #cluster(Collection)}
   * @return the cluster (if the objects are valid) and the report
   */
  public static LoadResult load(Collection<? extends HasMetadata> objects) {
    return load(ManifestLoader.defaults(), objects);
  }

  /**
   * Loads the objects with a loader of your choosing (default namespace, pod CIDR, system pods).
   *
   * <pre>{@code
   * LoadResult result = Fabric8.load(
   *     ManifestLoader.builder().defaultNamespace("shop").systemPods(true).build(), objects);
   * result.report().warnings().forEach(System.out::println);
   * Cluster cluster = result.cluster();
   * }</pre>
   *
   * @param loader the loader
   * @param objects the objects, as for {@link #cluster(Collection)}
   * @return the cluster (if the objects are valid) and the report
   */
  public static LoadResult load(ManifestLoader loader, Collection<? extends HasMetadata> objects) {
    Preconditions.checkNotNull(loader, "loader");
    Preconditions.checkNotNull(objects, "objects");
    return loader.loadObjects(texts(objects, Serializer.INSTANCE));
  }

  /**
   * Reads a live cluster with every default of {@link SnapshotOptions#defaults()}: all
   * namespaces, cluster-scoped policies included.
   *
   * @param client a client with {@code get} and {@code list} rights on the kinds read (the
   *     ClusterRole in the README, "From a live cluster")
   * @return the snapshot: the cluster and what was read
   * @throws SnapshotException if a kind could not be listed (a 403 names the missing permission)
   */
  public static Snapshot snapshot(KubernetesClient client) {
    return snapshot(client, SnapshotOptions.defaults());
  }

  /**
   * Reads a live cluster, page by page, read-only: Namespaces (always all of them: policies select
   * namespaces by their labels), Nodes (their number is the number of pods a DaemonSet without
   * running pods makes), Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,
   * CronJobs, Services, NetworkPolicies and, unless turned off, the cluster-scoped policies of
   * {@code policy.networking.k8s.io} (a kind the cluster does not serve is skipped and reported).
   *
   * <pre>{@code
   * try (KubernetesClient client = new KubernetesClientBuilder().build()) {
   *   Snapshot snapshot = Fabric8.snapshot(client,
   *       SnapshotOptions.builder().namespaces("shop", "payments").build());
   *   System.out.println(snapshot);             // kinds read, objects, pages, load report
   *   Cluster cluster = snapshot.cluster();      // throws ManifestException if refused
   * }
   * }</pre>
   *
   * @param client the client
   * @param options what to read
   * @return the snapshot
   * @throws SnapshotException if a kind could not be listed (a 403 names the missing permission)
   */
  public static Snapshot snapshot(KubernetesClient client, SnapshotOptions options) {
    Preconditions.checkNotNull(client, "client");
    Preconditions.checkNotNull(options, "options");
    return new ClusterReader(client, options).read();
  }

  /** Made on first use: it registers every model class, which takes a moment. */
  private static final class Serializer {
    static final KubernetesSerialization INSTANCE = new KubernetesSerialization();
  }

  /**
   * Each object's JSON by the name messages give it ({@code NetworkPolicy shop/allow-web}); an
   * object given twice keeps both texts (the loader reports the duplicate).
   */
  static Map<String, String> texts(
      Collection<? extends HasMetadata> objects, KubernetesSerialization serialization) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      Preconditions.checkNotNull(o, "objects must not contain null");
      String name = ObjectNames.of(o);
      String unique = name;
      for (int i = 2; texts.containsKey(unique); i++) {
        unique = name + " (" + i + ")";
      }
      texts.put(unique, serialization.asJson(o));
    }
    return texts;
  }
}
