package dev.netpol.core;

import com.google.common.base.Preconditions;
import dev.netpol.core.eval.Party;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Port;
import java.util.Optional;

/**
 * One end of a question, in the terms a user thinks in: a pod, a workload's pods, a label
 * selection, a namespace, a Service, an address or a block of addresses outside the cluster, or a
 * DNS name as a destination ({@link #domain(String)}).
 *
 * <pre>{@code
 * import static dev.netpol.core.Endpoint.*;
 *
 * cluster.evaluate(workload("default/frontend"), service("default/api"), Port.tcp(80));
 * cluster.evaluate(pods("app=frontend"), cidr("0.0.0.0/0"), Port.tcp(443));
 * cluster.evaluate(ip("203.0.113.7"), pods("shop", "app=web"), Port.tcp(8080));
 * cluster.evaluate(workload("shop/web"), domain("api.example.com"), Port.tcp(443));
 * }</pre>
 *
 * <p>Resolved against a {@link Cluster} (by {@link Cluster#evaluate(Endpoint, Endpoint, Port)}),
 * an endpoint that matches no pod is an {@link EndpointResolutionException} naming the nearest
 * misses, never a question that passes vacuously. An address that belongs to a pod stands for
 * that pod; a CIDR stands for its addresses <em>outside</em> the cluster's pods.
 */
public sealed interface Endpoint
    permits Endpoint.PodEndpoint,
        Endpoint.WorkloadEndpoint,
        Endpoint.SelectionEndpoint,
        Endpoint.NamespaceEndpoint,
        Endpoint.ServiceEndpoint,
        Endpoint.AddressEndpoint,
        Endpoint.CidrEndpoint,
        Endpoint.DomainEndpoint {

  /**
   * One pod.
   *
   * @param id {@code namespace/name}, e.g. {@code "default/frontend-0"}
   * @return the endpoint
   * @throws IllegalArgumentException if {@code id} is not {@code namespace/name}
   */
  static Endpoint pod(String id) {
    String[] parts = splitId(id, "pod");
    return new PodEndpoint(parts[0], parts[1]);
  }

  /**
   * Every pod of a workload (Deployment, StatefulSet, ...).
   *
   * @param id {@code namespace/name}, e.g. {@code "default/frontend"}
   * @return the endpoint
   * @throws IllegalArgumentException if {@code id} is not {@code namespace/name}
   */
  static Endpoint workload(String id) {
    String[] parts = splitId(id, "workload");
    return new WorkloadEndpoint(parts[0], parts[1]);
  }

  /**
   * The pods of every namespace whose labels match a selector in kubectl {@code -l} syntax.
   *
   * @param selector e.g. {@code "app=frontend"} or {@code "tier in (web,api)"}
   * @return the endpoint
   * @throws IllegalArgumentException if the selector does not parse
   */
  static Endpoint pods(String selector) {
    return new SelectionEndpoint(Optional.empty(), LabelSelector.parse(selector));
  }

  /**
   * The pods of one namespace whose labels match a selector in kubectl {@code -l} syntax.
   *
   * @param namespace the namespace
   * @param selector e.g. {@code "app=frontend"}
   * @return the endpoint
   * @throws IllegalArgumentException if the selector does not parse
   */
  static Endpoint pods(String namespace, String selector) {
    return new SelectionEndpoint(Optional.of(namespace), LabelSelector.parse(selector));
  }

  /**
   * Every pod of every namespace (kubectl's {@code -A}): the source of "who can reach the
   * database at all?".
   *
   * <pre>{@code
   * cluster.answer(allPods(), workload("data/orders-db"), PortQuery.allPorts()).allowedPairs();
   * // [shop/api-0 -> data/orders-db-0: allowed TCP/5432, denied TCP/1-5431, ...]
   * }</pre>
   *
   * @return the endpoint
   */
  static Endpoint allPods() {
    return new SelectionEndpoint(Optional.empty(), LabelSelector.everything());
  }

  /**
   * Every pod of a namespace.
   *
   * @param name the namespace
   * @return the endpoint
   */
  static Endpoint namespace(String name) {
    return new NamespaceEndpoint(name);
  }

  /**
   * A Service: as a source, its pods; as a destination, its pods on the target port that the
   * asked Service port translates to, per pod.
   *
   * @param id {@code namespace/name}, e.g. {@code "default/api"}
   * @return the endpoint
   * @throws IllegalArgumentException if {@code id} is not {@code namespace/name}
   */
  static Endpoint service(String id) {
    String[] parts = splitId(id, "service");
    return new ServiceEndpoint(parts[0], parts[1]);
  }

  /**
   * One address; if a pod of the cluster has it, that pod.
   *
   * @param address a literal IPv4 or IPv6 address, e.g. {@code "8.8.8.8"}
   * @return the endpoint
   * @throws IllegalArgumentException if it is not an IP literal
   */
  static Endpoint ip(String address) {
    return new AddressEndpoint(IpAddress.parse(address));
  }

  /**
   * Every address of a block outside the cluster's pods.
   *
   * @param cidr e.g. {@code "0.0.0.0/0"}
   * @return the endpoint
   * @throws IllegalArgumentException if it is not CIDR notation
   */
  static Endpoint cidr(String cidr) {
    return new CidrEndpoint(Cidr.parse(cidr));
  }

  /**
   * A DNS name outside the cluster, as a destination: what a cluster-scoped policy's {@code
   * domainNames} peer matches (docs/cluster-policies.md#domain-names). netpol does not resolve
   * names, so the question is answered for the name itself: {@code domainNames} entries match it
   * by the API's wildcard rules ({@code *.example.com} matches {@code api.example.com}, not {@code
   * example.com}); a NetworkPolicy {@code ipBlock} or a {@code networks} peer matches it only if
   * it holds every IPv4 address ({@code 0.0.0.0/0}); selectors never do. Only the source's egress
   * judges the connection.
   *
   * <pre>{@code
   * assertThat(cluster).allows(workload("shop/web")).to(domain("api.example.com")).onTcp(443);
   * }</pre>
   *
   * <p>A DNS name is a destination only: as a source it fails with an {@link
   * EndpointResolutionException} ({@code domainNames} peers are egress-only).
   *
   * @param name a fully qualified name, e.g. {@code "api.example.com"} (a trailing dot and upper
   *     case are accepted)
   * @return the endpoint
   * @throws IllegalArgumentException if it is not a DNS name, or is a wildcard
   */
  static Endpoint domain(String name) {
    return new DomainEndpoint(new Party.Domain(name).name());
  }

  private static String[] splitId(String id, String what) {
    String[] parts = id.split("/", -1);
    Preconditions.checkArgument(
        parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty(),
        "invalid %s \"%s\": expected namespace/name, e.g. default/%s",
        what,
        id,
        what.equals("pod") ? "frontend-0" : "frontend");
    return parts;
  }

  /**
   * One pod by name.
   *
   * @param namespace its namespace
   * @param name its name
   */
  record PodEndpoint(String namespace, String name) implements Endpoint {
    /** Returns e.g. {@code pod default/frontend-0}. */
    @Override
    public String toString() {
      return "pod " + namespace + "/" + name;
    }
  }

  /**
   * Every pod of a workload.
   *
   * @param namespace its namespace
   * @param name its name
   */
  record WorkloadEndpoint(String namespace, String name) implements Endpoint {
    /** Returns e.g. {@code workload default/frontend}. */
    @Override
    public String toString() {
      return "workload " + namespace + "/" + name;
    }
  }

  /**
   * The pods matching a label selector, in one namespace or all.
   *
   * @param namespace the namespace, or empty for every namespace
   * @param selector the pod label selector
   */
  record SelectionEndpoint(Optional<String> namespace, LabelSelector selector)
      implements Endpoint {
    /**
     * Returns e.g. {@code pods app=frontend}, {@code pods app=frontend in default}, or {@code all
     * pods} for {@link Endpoint#allPods()}.
     */
    @Override
    public String toString() {
      if (selector.isEmpty() && namespace.isEmpty()) {
        return "all pods";
      }
      return "pods " + selector + namespace.map(n -> " in " + n).orElse("");
    }
  }

  /**
   * Every pod of a namespace.
   *
   * @param name the namespace
   */
  record NamespaceEndpoint(String name) implements Endpoint {
    /** Returns e.g. {@code namespace kube-system}. */
    @Override
    public String toString() {
      return "namespace " + name;
    }
  }

  /**
   * A Service and its pods.
   *
   * @param namespace its namespace
   * @param name its name
   */
  record ServiceEndpoint(String namespace, String name) implements Endpoint {
    /** Returns e.g. {@code service default/api}. */
    @Override
    public String toString() {
      return "service " + namespace + "/" + name;
    }
  }

  /**
   * One address.
   *
   * @param address the address
   */
  record AddressEndpoint(IpAddress address) implements Endpoint {
    /** Returns e.g. {@code ip 8.8.8.8}. */
    @Override
    public String toString() {
      return "ip " + address;
    }
  }

  /**
   * A DNS name outside the cluster, as a destination.
   *
   * @param name the name, in lower case without a trailing dot
   */
  record DomainEndpoint(String name) implements Endpoint {
    /** Returns e.g. {@code domain api.example.com}. */
    @Override
    public String toString() {
      return "domain " + name;
    }
  }

  /**
   * A block of addresses outside the cluster's pods.
   *
   * @param cidr the block
   */
  record CidrEndpoint(Cidr cidr) implements Endpoint {
    /** Returns e.g. {@code cidr 0.0.0.0/0}. */
    @Override
    public String toString() {
      return "cidr " + cidr;
    }
  }
}
