package dev.netpol.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Party;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.Violation;
import dev.netpol.core.model.Workload;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front door of netpol: an immutable snapshot of a cluster's objects (namespaces, pods,
 * including those made from workload templates, workloads, Services and NetworkPolicies) and every
 * question a user asks of them. Start here; the other packages are what the answers are made of.
 *
 * <p>The questions, and the one documented way to get each engine:
 *
 * <ul>
 *   <li>{@link #evaluate(Endpoint, Endpoint, Port)}: may these pods reach those on one port,
 *       with a "why (not)" per pair;
 *   <li>{@link #answer(Endpoint, Endpoint, PortQuery)}: the same for a port range, all ports or a
 *       named port, answered exactly;
 *   <li>{@link #isolation(Endpoint, PolicyType)}: is every pod of an endpoint isolated, and why
 *       not;
 *   <li>{@link #evaluator(EvaluationOptions)}: the reference evaluator, one connection at a time;
 *   <li>{@link #reachability(EvaluationOptions)}: the fast engine's whole-cluster matrix.
 * </ul>
 *
 * <p>This class is the one place of the library that may import every layer (model, policy,
 * manifest, eval, reach): the layers below never import it back except to read the snapshot.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.builder()
 *     .namespace(Namespace.of("default"))
 *     .pod(Pod.builder("default", "web-0").labels(Labels.of("app", "web")).build())
 *     .policy(denyAll)
 *     .build();
 * cluster.pods();                         // [default/web-0]
 * cluster.policiesIn("default");          // [NetworkPolicy default/deny-all]
 * }</pre>
 *
 * <p>A namespace that objects use but that was never added is created with only its automatic
 * name label; {@link #implicitNamespaces()} lists them so a report can say so.
 */
public final class Cluster {
  private final ImmutableSortedMap<String, Namespace> namespaces;
  private final ImmutableList<String> implicitNamespaces;
  private final ImmutableList<Pod> pods;
  private final ImmutableMap<String, Pod> podsById;
  private final ImmutableListMultimap<String, Pod> podsByNamespace;
  private final ImmutableMap<IpAddress, Pod> podsByIp;
  private final ImmutableMap<String, Workload> workloads;
  private final ImmutableMap<String, Service> services;
  private final ImmutableList<NetworkPolicy> policies;
  /** Built on first use, so that a cluster derived by {@link #withPolicy} costs no rebuild. */
  private volatile ImmutableListMultimap<String, NetworkPolicy> policiesByNamespace;
  private final ImmutableList<ClusterPolicy> clusterPolicies;
  private final ImmutableList<Node> nodes;
  private final dev.netpol.core.manifest.SourceMap sources;

  private Cluster(Builder b) {
    Map<String, Namespace> ns = new LinkedHashMap<>(b.namespaces);
    List<String> implicit = new ArrayList<>();
    List<String> used = new ArrayList<>();
    b.pods.values().forEach(p -> used.add(p.namespace()));
    b.workloads.values().forEach(w -> used.add(w.namespace()));
    b.services.values().forEach(s -> used.add(s.namespace()));
    b.policies.values().forEach(p -> used.add(p.namespace()));
    for (String name : used) {
      if (!ns.containsKey(name)) {
        ns.put(name, Namespace.of(name));
        implicit.add(name);
      }
    }
    this.namespaces = ImmutableSortedMap.copyOf(ns);
    this.implicitNamespaces = ImmutableList.sortedCopyOf(implicit);
    this.pods = ImmutableList.copyOf(b.pods.values());
    this.podsById = ImmutableMap.copyOf(b.pods);
    this.podsByNamespace = pods.stream().collect(
        ImmutableListMultimap.toImmutableListMultimap(Pod::namespace, p -> p));
    Map<IpAddress, Pod> byIp = new LinkedHashMap<>();
    List<Violation> violations = new ArrayList<>();
    for (Pod p : pods) {
      if (p.hostNetwork()) {
        continue; // host-network pods share their node's address
      }
      for (IpAddress ip : p.ips()) {
        Pod previous = byIp.putIfAbsent(ip, p);
        if (previous != null) {
          violations.add(
              new Violation(
                  "pods[" + p.id() + "].status.podIPs",
                  "address " + ip + " is already used by pod " + previous.id()));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("cluster", violations);
    }
    this.podsByIp = ImmutableMap.copyOf(byIp);
    this.workloads = ImmutableMap.copyOf(b.workloads);
    this.services = ImmutableMap.copyOf(b.services);
    this.policies = ImmutableList.copyOf(b.policies.values());
    this.clusterPolicies = sortedClusterPolicies(b.clusterPolicies.values());
    this.nodes = ImmutableList.copyOf(b.nodes.values());
    this.sources = b.sources;
  }

  /**
   * A new, empty builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the manifests in files and directories (recursively: {@code *.yaml}, {@code *.yml},
   * {@code *.json}, in sorted order) with the default options; see {@link
   * dev.netpol.core.manifest.ManifestLoader} for options and the load report.
   *
   * <pre>{@code
   * Cluster cluster = Cluster.load(Path.of("k8s"));
   * }</pre>
   *
   * @param paths files and directories
   * @return the cluster
   * @throws dev.netpol.core.manifest.ManifestException listing every problem, with file and line
   */
  public static Cluster load(java.nio.file.Path... paths) {
    return dev.netpol.core.manifest.ManifestLoader.defaults().load(paths).cluster();
  }

  /**
   * Loads the manifests in files and directories with a loader of your options (the default
   * namespace, system pods, limits...). Use {@link dev.netpol.core.manifest.ManifestLoader}'s
   * own {@code load} for the load report as well.
   *
   * <pre>{@code
   * Cluster cluster = Cluster.load(
   *     ManifestLoader.builder().defaultNamespace("shop").systemPods(true).build(),
   *     Path.of("k8s"));
   * }</pre>
   *
   * @param loader the loader, e.g. from {@code ManifestLoader.builder()}
   * @param paths files and directories
   * @return the cluster
   * @throws dev.netpol.core.manifest.ManifestException listing every problem, with file and line
   */
  public static Cluster load(
      dev.netpol.core.manifest.ManifestLoader loader, java.nio.file.Path... paths) {
    return loader.load(paths).cluster();
  }

  /**
   * Loads manifests from YAML (or JSON) text, e.g. a text block in a test.
   *
   * @param yaml one or more YAML documents
   * @return the cluster
   * @throws dev.netpol.core.manifest.ManifestException listing every problem
   */
  public static Cluster fromYaml(String yaml) {
    return dev.netpol.core.manifest.ManifestLoader.defaults().loadString(yaml).cluster();
  }

  /**
   * Loads manifests from classpath resources (files or directories).
   *
   * @param resourceNames e.g. {@code "manifests/seed"}
   * @return the cluster
   * @throws dev.netpol.core.manifest.ManifestException listing every problem
   */
  public static Cluster fromClasspath(String... resourceNames) {
    return dev.netpol.core.manifest.ManifestLoader.defaults().loadResources(resourceNames).cluster();
  }

  /**
   * A builder holding every object of this cluster, to derive a changed copy (e.g. with one
   * policy removed).
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    namespaces.forEach(
        (name, n) -> {
          if (!implicitNamespaces.contains(name)) {
            b.namespace(n);
          }
        });
    pods.forEach(b::pod);
    workloads.values().forEach(b::workload);
    services.values().forEach(b::service);
    policies.forEach(b::policy);
    clusterPolicies.forEach(b::clusterPolicy);
    nodes.forEach(b::node);
    b.sources(sources);
    return b;
  }

  /** A copy sharing everything but the policies: pods, namespaces and their indexes stay. */
  private Cluster(
      Cluster base,
      ImmutableList<NetworkPolicy> policies,
      ImmutableList<ClusterPolicy> clusterPolicies) {
    this.namespaces = base.namespaces;
    this.implicitNamespaces = base.implicitNamespaces;
    this.pods = base.pods;
    this.podsById = base.podsById;
    this.podsByNamespace = base.podsByNamespace;
    this.podsByIp = base.podsByIp;
    this.workloads = base.workloads;
    this.services = base.services;
    this.policies = policies;
    this.clusterPolicies = clusterPolicies;
    this.nodes = base.nodes;
    this.sources = base.sources;
  }

  /**
   * This cluster with a NetworkPolicy added, or put in place of the one with the same {@code
   * namespace/name} (which keeps its position in {@link #policies()}). Pods, namespaces and
   * Services are shared with this cluster, so deriving a copy costs little even with 100,000
   * pods: what a "what if I apply this?" question needs (docs/what-if.md).
   *
   * <pre>{@code
   * Cluster proposed = cluster.withPolicy(allowFrontend);
   * }</pre>
   *
   * @param policy the policy
   * @return the changed cluster; this one is not modified
   */
  public Cluster withPolicy(NetworkPolicy policy) {
    int at = positionOf(policy.namespace(), policy.name());
    if (!namespaces.containsKey(policy.namespace())) {
      Builder b = toBuilder();
      if (at >= 0) {
        b.removePolicy(policy.id());
      }
      return b.policy(policy).build();
    }
    ImmutableList.Builder<NetworkPolicy> out =
        ImmutableList.builderWithExpectedSize(policies.size() + 1);
    if (at >= 0) {
      out.addAll(policies.subList(0, at)).add(policy);
      out.addAll(policies.subList(at + 1, policies.size()));
    } else {
      out.addAll(policies).add(policy);
    }
    return new Cluster(this, out.build(), clusterPolicies);
  }

  /**
   * This cluster without a NetworkPolicy, sharing everything else as {@link #withPolicy} does.
   *
   * @param id {@code namespace/name}
   * @return the changed cluster (this one if it has no such policy)
   */
  public Cluster withoutPolicy(String id) {
    int slash = id.indexOf('/');
    int at = slash < 0 ? -1 : positionOf(id.substring(0, slash), id.substring(slash + 1));
    if (at < 0) {
      return this;
    }
    if (implicitNamespaces.contains(policies.get(at).namespace())) {
      return toBuilder().removePolicy(id).build(); // the namespace may no longer be used
    }
    ImmutableList.Builder<NetworkPolicy> out =
        ImmutableList.builderWithExpectedSize(policies.size());
    out.addAll(policies.subList(0, at)).addAll(policies.subList(at + 1, policies.size()));
    return new Cluster(this, out.build(), clusterPolicies);
  }

  /**
   * This cluster with a cluster-scoped policy added, or put in place of the one of the same kind
   * and name, sharing everything else as {@link #withPolicy} does.
   *
   * @param policy the policy
   * @return the changed cluster
   */
  public Cluster withClusterPolicy(ClusterPolicy policy) {
    List<ClusterPolicy> out = new ArrayList<>(clusterPolicies);
    out.removeIf(p -> p.kind().equals(policy.kind()) && p.name().equals(policy.name()));
    out.add(policy);
    return new Cluster(this, policies, sortedClusterPolicies(out));
  }

  /**
   * This cluster without a cluster-scoped policy, sharing everything else.
   *
   * @param kind e.g. {@code AdminNetworkPolicy}
   * @param name the object name
   * @return the changed cluster (this one if it has no such policy)
   */
  public Cluster withoutClusterPolicy(String kind, String name) {
    List<ClusterPolicy> out = new ArrayList<>(clusterPolicies);
    if (!out.removeIf(p -> p.kind().equals(kind) && p.name().equals(name))) {
      return this;
    }
    return new Cluster(this, policies, sortedClusterPolicies(out));
  }

  private static ImmutableList<ClusterPolicy> sortedClusterPolicies(
      java.util.Collection<ClusterPolicy> policies) {
    return ImmutableList.sortedCopyOf(
        Comparator.comparing(ClusterPolicy::tier).thenComparing(ClusterPolicy.ORDER), policies);
  }

  /** The position of a NetworkPolicy in {@link #policies()}, or -1. */
  private int positionOf(String namespace, String name) {
    for (int i = 0; i < policies.size(); i++) {
      NetworkPolicy p = policies.get(i);
      if (p.name().equals(name) && p.namespace().equals(namespace)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Every namespace, sorted by name, including implicit ones.
   *
   * @return the namespaces
   */
  public ImmutableList<Namespace> namespaces() {
    return namespaces.values().asList();
  }

  /**
   * A namespace by name.
   *
   * @param name the namespace name
   * @return the namespace, or empty if no object uses it
   */
  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  /**
   * Namespaces that objects use but that were never declared.
   *
   * @return their names, sorted
   */
  public ImmutableList<String> implicitNamespaces() {
    return implicitNamespaces;
  }

  /**
   * Every pod, in the order added.
   *
   * @return the pods
   */
  public ImmutableList<Pod> pods() {
    return pods;
  }

  /**
   * A pod by identity.
   *
   * @param id {@code namespace/name}
   * @return the pod, or empty
   */
  public Optional<Pod> pod(String id) {
    return Optional.ofNullable(podsById.get(id));
  }

  /**
   * The pods of one namespace.
   *
   * @param namespace the namespace name
   * @return its pods, in the order added
   */
  public ImmutableList<Pod> podsIn(String namespace) {
    return podsByNamespace.get(namespace);
  }

  /**
   * The (non-host-network) pod that owns an address.
   *
   * @param address an address
   * @return the pod, or empty if the address is outside the cluster's pods
   */
  public Optional<Pod> podAt(IpAddress address) {
    return Optional.ofNullable(podsByIp.get(address));
  }

  /**
   * Every workload.
   *
   * @return the workloads, in the order added
   */
  public ImmutableList<Workload> workloads() {
    return workloads.values().asList();
  }

  /**
   * A workload by identity.
   *
   * @param id {@code namespace/name}
   * @return the workload, or empty
   */
  public Optional<Workload> workload(String id) {
    return Optional.ofNullable(workloads.get(id));
  }

  /**
   * Every Service.
   *
   * @return the Services, in the order added
   */
  public ImmutableList<Service> services() {
    return services.values().asList();
  }

  /**
   * A Service by identity.
   *
   * @param id {@code namespace/name}
   * @return the Service, or empty
   */
  public Optional<Service> service(String id) {
    return Optional.ofNullable(services.get(id));
  }

  /**
   * Every NetworkPolicy.
   *
   * @return the policies, in the order added
   */
  public ImmutableList<NetworkPolicy> policies() {
    return policies;
  }

  /**
   * The NetworkPolicies of one namespace: the only ones that can select its pods.
   *
   * @param namespace the namespace name
   * @return its policies, in the order added
   */
  public ImmutableList<NetworkPolicy> policiesIn(String namespace) {
    ImmutableListMultimap<String, NetworkPolicy> byNamespace = policiesByNamespace;
    if (byNamespace == null) {
      byNamespace = policies.stream().collect(
          ImmutableListMultimap.toImmutableListMultimap(NetworkPolicy::namespace, p -> p));
      policiesByNamespace = byNamespace;
    }
    return byNamespace.get(namespace);
  }

  /**
   * Every cluster-scoped policy (ClusterNetworkPolicy, AdminNetworkPolicy,
   * BaselineAdminNetworkPolicy), in the order they are consulted: the Admin tier, then the
   * Baseline tier, each by ascending priority, equal priorities by name
   * (docs/cluster-policies.md#layers).
   *
   * @return the policies; empty when the input has none
   */
  public ImmutableList<ClusterPolicy> clusterPolicies() {
    return clusterPolicies;
  }

  /**
   * The cluster-scoped policies of one tier, in the order they are consulted.
   *
   * @param tier the tier
   * @return the policies
   */
  public ImmutableList<ClusterPolicy> clusterPolicies(Tier tier) {
    return clusterPolicies.stream()
        .filter(p -> p.tier() == tier)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The Nodes given in the input, which {@code nodes} peers of cluster-scoped policies match.
   *
   * @return the nodes, in the order added
   */
  public ImmutableList<Node> nodes() {
    return nodes;
  }

  /**
   * Where each object was written, for messages that point at a file and line: filled by the
   * loader, {@linkplain dev.netpol.core.manifest.SourceMap#empty() empty} for a cluster built in
   * code.
   *
   * @return the source map
   */
  public dev.netpol.core.manifest.SourceMap sources() {
    return sources;
  }

  /**
   * Returns a one-line summary, e.g. {@code Cluster[3 namespaces, 4 pods, 1 workloads, 0 services,
   * 2 policies]}, with {@code , 5 cluster-scoped} before the bracket when there are any.
   */
  @Override
  public String toString() {
    return "Cluster["
        + namespaces.size()
        + " namespaces, "
        + pods.size()
        + " pods, "
        + workloads.size()
        + " workloads, "
        + services.size()
        + " services, "
        + policies.size()
        + " policies"
        + (clusterPolicies.isEmpty() ? "" : ", " + clusterPolicies.size() + " cluster-scoped")
        + "]";
  }

  // ---- Questions (dev.netpol.core.eval): the reference evaluator and endpoint queries ----

  /**
   * The reference evaluator for this snapshot, with the behaviour the conformance tests expect;
   * the same as {@code evaluator(EvaluationOptions.defaults())}.
   *
   * @return an evaluator with {@link EvaluationOptions#defaults()}
   */
  public Evaluator evaluator() {
    return evaluator(EvaluationOptions.defaults());
  }

  /**
   * The reference evaluator for this snapshot, with chosen plugin-defined behaviours: the
   * documented way to get one (the public {@link Evaluator} constructor builds the same thing).
   * It answers one connection at a time with its reasons, and exact port and address sets.
   *
   * <pre>{@code
   * Evaluator strict = cluster.evaluator(new EvaluationOptions(false, false));
   * strict.evaluate(frontend, backend, Port.tcp(80)).explain();
   * }</pre>
   *
   * @param options the options (docs/semantics.md#plugin-options)
   * @return an evaluator
   */
  public Evaluator evaluator(EvaluationOptions options) {
    return new Evaluator(this, options);
  }

  /**
   * May one pod connect to another on a port? See {@link Evaluator#evaluate(Pod, Pod, Port)}.
   *
   * @param source the pod opening the connection
   * @param destination the pod accepting it
   * @param port the destination port
   * @return the verdict, with its explanation
   */
  public Verdict evaluate(Pod source, Pod destination, Port port) {
    return evaluator().evaluate(source, destination, port);
  }

  /**
   * May every pod (or address) a source endpoint names connect to every one a destination
   * endpoint names, on a port? One verdict per pair; see {@link Evaluation} for how endpoints
   * become pairs.
   *
   * <pre>{@code
   * cluster.evaluate(Endpoint.workload("default/frontend"),
   *     Endpoint.pods("default", "app=backend"), Port.tcp(80)).allowed();
   * }</pre>
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param port the port asked; for a Service destination, the Service's port
   * @return the evaluation
   * @throws EndpointResolutionException if an endpoint names nothing, with the nearest misses
   */
  public Evaluation evaluate(Endpoint source, Endpoint destination, Port port) {
    return evaluate(source, destination, port, EvaluationOptions.defaults());
  }

  /**
   * As {@link #evaluate(Endpoint, Endpoint, Port)}, with chosen plugin-defined behaviours.
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param port the port asked; for a Service destination, the Service's port
   * @param options the options (docs/semantics.md#plugin-options)
   * @return the evaluation
   * @throws EndpointResolutionException if an endpoint names nothing, with the nearest misses
   */
  public Evaluation evaluate(
      Endpoint source, Endpoint destination, Port port, EvaluationOptions options) {
    return new EndpointResolver(this, evaluator(options)).evaluate(source, destination, port);
  }

  /**
   * May every pod (or address) a source endpoint names connect to every one a destination
   * endpoint names, on every port asked? One {@link PairAnswer} per pair, each splitting the ports
   * asked into allowed and denied. A single port is answered as {@link #evaluate(Endpoint,
   * Endpoint, Port)} answers it (a Service destination translates it); a range and all ports come
   * from the evaluator's exact allowed-port sets, never by trying ports; a named port is resolved
   * on each destination pod (docs/semantics.md#ports).
   *
   * <pre>{@code
   * cluster.answer(workload("default/frontend"), workload("default/db"),
   *     PortQuery.range(Protocol.TCP, 1, 65535)).allDenied();
   * cluster.answer(pods("app=prometheus"), workload("default/backend"),
   *     PortQuery.named("metrics")).allAllowed();
   * }</pre>
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param ports the ports asked
   * @return the answer, with {@link EvaluationOptions#defaults()}
   * @throws EndpointResolutionException if an endpoint names nothing, if both name only
   *     addresses outside the cluster's pods, or if a range, all ports or a named port is asked of
   *     a Service: only one Service port has a translation to its pods' target ports, so name the
   *     pods behind it instead
   * @throws UnresolvedNamedPortException if a destination does not declare the named port
   */
  public ConnectionAnswer answer(Endpoint source, Endpoint destination, PortQuery ports) {
    return answer(source, destination, ports, EvaluationOptions.defaults());
  }

  /**
   * As {@link #answer(Endpoint, Endpoint, PortQuery)}, with chosen plugin-defined behaviours.
   *
   * @param source the source endpoint
   * @param destination the destination endpoint
   * @param ports the ports asked
   * @param options the options (docs/semantics.md#plugin-options)
   * @return the answer
   * @throws EndpointResolutionException as for {@link #answer(Endpoint, Endpoint, PortQuery)}
   * @throws UnresolvedNamedPortException if a destination does not declare the named port
   */
  public ConnectionAnswer answer(
      Endpoint source, Endpoint destination, PortQuery ports, EvaluationOptions options) {
    return new ConnectionQuestion(this, evaluator(options)).answer(source, destination, ports);
  }

  /**
   * Is every pod of an endpoint isolated in a direction (docs/semantics.md#isolation), and if not,
   * why: no policy of its namespace selects it with that direction among its effective {@code
   * policyTypes}, or it uses the host network, which no policy selects. The evaluator decides,
   * so this agrees with every verdict.
   *
   * <pre>{@code
   * IsolationAnswer a = cluster.isolation(workload("default/backend"), PolicyType.INGRESS);
   * a.allIsolated();
   * a.notIsolated();     // e.g. [default/backend-0: NOT_SELECTED for Ingress]
   * }</pre>
   *
   * <p>The plugin options do not change who is isolated, so there is no overload taking them.
   *
   * @param endpoint the pods, e.g. a workload or a namespace; an address or CIDR is answered
   *     with its parties in {@link IsolationAnswer#outside()}
   * @param direction ingress or egress
   * @return the answer, pod by pod
   * @throws EndpointResolutionException if the endpoint names nothing, with the nearest misses
   */
  public IsolationAnswer isolation(Endpoint endpoint, PolicyType direction) {
    return new IsolationQuestion(this, evaluator()).answer(endpoint, direction);
  }

  /**
   * What an endpoint stands for in this cluster, without asking about any port: its pods (a
   * Service: the pods behind it), or the address {@linkplain Evaluator#addressAtoms atoms} of an
   * address or CIDR outside the cluster's pods (an address that belongs to a pod: that pod).
   *
   * <pre>{@code
   * cluster.resolve(Endpoint.workload("default/frontend"));   // [default/frontend-0, default/frontend-1]
   * cluster.resolve(Endpoint.cidr("0.0.0.0/0"));              // the atoms outside the pods
   * }</pre>
   *
   * @param endpoint the endpoint
   * @return its parties, never empty
   * @throws EndpointResolutionException if the endpoint names nothing, with the nearest misses
   */
  public ImmutableList<Party> resolve(Endpoint endpoint) {
    return ImmutableList.copyOf(new EndpointResolver(this, evaluator()).parties(endpoint));
  }

  /**
   * Who can reach whom in the whole cluster, on every port: the fast engine, for tables, diffs
   * and CI gates over many pairs. It agrees with {@link #evaluate(Pod, Pod, Port)} on every cell
   * (a law the build checks on generated clusters); ask the evaluator when you need the reason.
   *
   * <pre>{@code
   * ReachabilityMatrix m = cluster.reachability();
   * System.out.println(m.truthTable(cluster.podsIn("default"), Port.tcp(80)));
   * }</pre>
   *
   * @return the matrix, with {@link EvaluationOptions#defaults()}
   */
  public dev.netpol.core.reach.ReachabilityMatrix reachability() {
    return reachability(EvaluationOptions.defaults());
  }

  /**
   * The whole-cluster matrix with chosen plugin-defined behaviours
   * (docs/semantics.md#plugin-options): the documented way to get the fast engine's answer
   * ({@code new ReachabilityEngine(options).build(cluster)} builds the same matrix).
   *
   * <pre>{@code
   * ReachabilityMatrix m = cluster.reachability(new EvaluationOptions(false, false));
   * m.allowed(frontend, backend, Port.tcp(80));
   * }</pre>
   *
   * @param options the options, as for {@link #evaluator(EvaluationOptions)}
   * @return the matrix
   */
  public dev.netpol.core.reach.ReachabilityMatrix reachability(EvaluationOptions options) {
    return new dev.netpol.core.reach.ReachabilityEngine(options).build(this);
  }

  /**
   * What each workload is open to: for every workload and port range, who may connect in and
   * where it may connect out, widest exposure first (addresses outside the cluster, any
   * namespace, named namespaces, named workloads). Computed by the reachability engine, exact
   * over every port and address; see docs/exposure.md.
   *
   * <pre>{@code
   * cluster.exposure().workload("shop/db").orElseThrow().ingress();
   * // [in  TCP/5432 from pods of shop/api]
   * }</pre>
   *
   * @return the exposure, with {@link EvaluationOptions#defaults()}
   */
  public dev.netpol.core.exposure.Exposure exposure() {
    return dev.netpol.core.exposure.Exposure.of(reachability());
  }

  // ---- Lint (dev.netpol.core.lint): mistakes a reviewer would catch ----

  /**
   * Every mistake netpol's checks find in this cluster's policies (docs/lint.md), each proved by
   * the semantics, with a stable code, a severity, the file, line and field path, and a hint;
   * the same as {@code Linter.defaults().lint(this)}.
   *
   * <pre>{@code
   * for (Finding f : Cluster.load(Path.of("k8s")).lint()) {
   *   System.out.println(f);
   * }
   * // k8s/np.yaml:20:7: NetworkPolicy shop/web: spec.egress[1].to[1]: hint split-peer-entries:
   * //   to[0] {namespaceSelector: {}} and to[1] {podSelector: k8s-app=kube-dns} are two ...
   * }</pre>
   *
   * @return the findings, ordered by file, line and column, then object and code
   */
  public ImmutableList<dev.netpol.core.lint.Finding> lint() {
    return dev.netpol.core.lint.Linter.defaults().lint(this);
  }

  // ---- end of questions ----

  /**
   * Builds a {@link Cluster}. Adding two objects of one kind with the same namespace and name is
   * an error, as the API server would refuse the second.
   */
  public static final class Builder {
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<String, Workload> workloads = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, NetworkPolicy> policies = new LinkedHashMap<>();
    private final Map<String, ClusterPolicy> clusterPolicies = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private dev.netpol.core.manifest.SourceMap sources =
        dev.netpol.core.manifest.SourceMap.empty();

    private Builder() {}

    /**
     * Sets where the objects were written (the loader does this; a cluster built in code keeps
     * the empty map).
     *
     * @param sources the source map
     * @return this builder
     */
    public Builder sources(dev.netpol.core.manifest.SourceMap sources) {
      this.sources = java.util.Objects.requireNonNull(sources, "sources");
      return this;
    }

    /**
     * Adds a cluster-scoped policy.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if a policy of that kind and name was added already
     */
    public Builder clusterPolicy(ClusterPolicy policy) {
      put(clusterPolicies, policy.kind() + "/" + policy.name(), policy, policy.kind());
      return this;
    }

    /**
     * Adds a Node.
     *
     * @param node the node
     * @return this builder
     * @throws IllegalArgumentException if a node of that name was added already
     */
    public Builder node(Node node) {
      put(nodes, node.name(), node, "Node");
      return this;
    }

    /**
     * Adds a namespace.
     *
     * @param namespace the namespace
     * @return this builder
     * @throws IllegalArgumentException if a namespace of that name was added already
     */
    public Builder namespace(Namespace namespace) {
      put(namespaces, namespace.name(), namespace, "Namespace");
      return this;
    }

    /**
     * Adds a pod.
     *
     * @param pod the pod
     * @return this builder
     * @throws IllegalArgumentException if a pod with that identity was added already
     */
    public Builder pod(Pod pod) {
      put(pods, pod.id(), pod, "Pod");
      return this;
    }

    /**
     * Adds a workload (its pods are added separately, with {@link #pod}).
     *
     * @param workload the workload
     * @return this builder
     * @throws IllegalArgumentException if a workload with that identity was added already
     */
    public Builder workload(Workload workload) {
      put(workloads, workload.id(), workload, "workload");
      return this;
    }

    /**
     * Adds a Service.
     *
     * @param service the Service
     * @return this builder
     * @throws IllegalArgumentException if a Service with that identity was added already
     */
    public Builder service(Service service) {
      put(services, service.id(), service, "Service");
      return this;
    }

    /**
     * Adds a NetworkPolicy.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if a policy with that identity was added already
     */
    public Builder policy(NetworkPolicy policy) {
      put(policies, policy.id(), policy, "NetworkPolicy");
      return this;
    }

    /**
     * Removes a NetworkPolicy, e.g. to ask what changes without it.
     *
     * @param id {@code namespace/name}
     * @return this builder
     */
    public Builder removePolicy(String id) {
      policies.remove(id);
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @return the cluster
     * @throws InvalidModelException if two pods share an address
     */
    public Cluster build() {
      return new Cluster(this);
    }

    private static <T> void put(Map<String, T> map, String key, T value, String kind) {
      if (map.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException(kind + " " + key + " is defined twice");
      }
    }
  }
}
