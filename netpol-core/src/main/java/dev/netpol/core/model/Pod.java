package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pod: where it lives, its labels (what selectors see), its addresses (what {@code ipBlock}s
 * see), its container ports (what named ports resolve to) and whether it uses the host network.
 *
 * <pre>{@code
 * Pod pod = Pod.builder("default", "frontend-0")
 *     .labels(Labels.of("app", "frontend"))
 *     .ip(IpAddress.parse("10.244.0.5"))
 *     .containerPort(ContainerPort.named("http", 80, Protocol.TCP))
 *     .owner(new WorkloadRef(WorkloadKind.DEPLOYMENT, "frontend"))
 *     .build();
 * pod.id();                             // "default/frontend-0"
 * pod.ownerId();                        // Optional["default/frontend"]
 * pod.resolveNamedPort("http", TCP);   // Optional[80]
 * }</pre>
 *
 * <p>A host-network pod ({@code hostNetwork: true}) shares its node's address: NetworkPolicies do
 * not select it, and its traffic looks like the node's (docs/semantics.md#plugin-options).
 *
 * @param namespace the namespace name
 * @param name the pod name
 * @param labels its labels
 * @param ips its addresses, at most one per IP family, possibly none
 * @param containerPorts the ports its containers declare
 * @param hostNetwork whether it runs in the node's network namespace
 * @param owner the workload that owns it, if any
 * @param node the node it runs on, if known
 */
public record Pod(
    String namespace,
    String name,
    Labels labels,
    ImmutableList<IpAddress> ips,
    ImmutableList<ContainerPort> containerPorts,
    boolean hostNetwork,
    Optional<WorkloadRef> owner,
    Optional<String> node) {

  /**
   * Validates names, addresses and port names as the API server does.
   *
   * @param namespace the namespace name
   * @param name the pod name
   * @param labels its labels
   * @param ips its addresses
   * @param containerPorts its container ports
   * @param hostNetwork whether it uses the host network
   * @param owner its owning workload
   * @param node its node
   */
  public Pod {
    List<Violation> violations = new ArrayList<>();
    KubernetesNames.checkDnsLabel(namespace)
        .ifPresent(m -> violations.add(new Violation("metadata.namespace", m)));
    KubernetesNames.checkDnsSubdomain(name)
        .ifPresent(m -> violations.add(new Violation("metadata.name", m)));
    Set<Integer> families = new HashSet<>();
    for (int i = 0; i < ips.size(); i++) {
      if (!families.add(ips.get(i).version())) {
        violations.add(
            new Violation(
                "status.podIPs[" + i + "]",
                "at most one IPv" + ips.get(i).version() + " address, found a second: " + ips.get(i)));
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containerPorts.size(); i++) {
      Optional<String> portName = containerPorts.get(i).name();
      if (portName.isPresent() && !names.add(portName.get())) {
        violations.add(
            new Violation(
                "spec.containers[].ports[" + i + "].name",
                "port name \"" + portName.get() + "\" is used twice in one pod"));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("Pod " + namespace + "/" + name, violations);
    }
  }

  /**
   * A new builder.
   *
   * @param namespace the namespace name
   * @param name the pod name
   * @return a builder for a pod without labels, addresses or ports
   */
  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /**
   * A builder pre-filled with this pod's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(namespace, name).labels(labels).hostNetwork(hostNetwork);
    ips.forEach(b::ip);
    containerPorts.forEach(b::containerPort);
    owner.ifPresent(b::owner);
    node.ifPresent(b::node);
    return b;
  }

  /**
   * The pod's identity as kubectl writes it.
   *
   * @return {@code namespace/name}
   */
  public String id() {
    return namespace + "/" + name;
  }

  /**
   * The owning workload's identity, in this pod's namespace (an owner reference never crosses
   * namespaces in Kubernetes): what {@code Endpoint.workload(id)} and {@code
   * cluster.workload(id)} take.
   *
   * <pre>{@code
   * pod.owner();     // Optional[Deployment/web]  (kind and name only)
   * pod.ownerId();   // Optional[shop/web]
   * pod.ownerId().flatMap(cluster::workload);   // the Workload with all its pods
   * }</pre>
   *
   * @return {@code namespace/name} of the owner, or empty for a pod without one
   */
  public Optional<String> ownerId() {
    return owner.map(o -> o.id(namespace));
  }

  /**
   * Resolves a named port on this pod, as a NetworkPolicy's {@code port: http} or a Service's
   * {@code targetPort: http} does: the number of the container port with that name <em>and</em>
   * that protocol.
   *
   * @param portName the port name
   * @param protocol the protocol the rule or Service names
   * @return the port number, or empty if no container port has that name and protocol
   */
  public Optional<Integer> resolveNamedPort(String portName, Protocol protocol) {
    for (ContainerPort p : containerPorts) {
      if (p.name().filter(portName::equals).isPresent() && p.protocol() == protocol) {
        return Optional.of(p.number());
      }
    }
    return Optional.empty();
  }

  /**
   * The container port a connection arrives at, if the pod declares one.
   *
   * @param port the connection's port
   * @return the declared container port, or empty (a pod may listen on undeclared ports)
   */
  public Optional<ContainerPort> containerPort(Port port) {
    return containerPorts.stream().filter(p -> p.port().equals(port)).findFirst();
  }

  /** Returns {@code namespace/name}. */
  @Override
  public String toString() {
    return id();
  }

  /** Builds a {@link Pod}. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private Labels labels = Labels.empty();
    private final List<IpAddress> ips = new ArrayList<>();
    private final List<ContainerPort> containerPorts = new ArrayList<>();
    private boolean hostNetwork;
    private Optional<WorkloadRef> owner = Optional.empty();
    private Optional<String> node = Optional.empty();

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    /**
     * Sets the labels.
     *
     * @param labels the pod's labels
     * @return this builder
     */
    public Builder labels(Labels labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Adds an address.
     *
     * @param ip an IPv4 or IPv6 address
     * @return this builder
     */
    public Builder ip(IpAddress ip) {
      ips.add(ip);
      return this;
    }

    /**
     * Adds a container port.
     *
     * @param port the port
     * @return this builder
     */
    public Builder containerPort(ContainerPort port) {
      containerPorts.add(port);
      return this;
    }

    /**
     * Sets whether the pod uses the host network.
     *
     * @param hostNetwork true for {@code hostNetwork: true}
     * @return this builder
     */
    public Builder hostNetwork(boolean hostNetwork) {
      this.hostNetwork = hostNetwork;
      return this;
    }

    /**
     * Sets the owning workload.
     *
     * @param owner the workload
     * @return this builder
     */
    public Builder owner(WorkloadRef owner) {
      this.owner = Optional.of(owner);
      return this;
    }

    /**
     * Sets the node.
     *
     * @param node the node name
     * @return this builder
     */
    public Builder node(String node) {
      this.node = Optional.of(node);
      return this;
    }

    /**
     * Builds and validates the pod.
     *
     * @return the pod
     * @throws InvalidModelException naming every invalid field
     */
    public Pod build() {
      return new Pod(
          namespace,
          name,
          labels,
          ImmutableList.copyOf(ips),
          ImmutableList.copyOf(containerPorts),
          hostNetwork,
          owner,
          node);
    }
  }
}
