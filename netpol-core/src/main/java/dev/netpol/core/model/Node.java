package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A Kubernetes Node ({@code v1}), as far as cluster-scoped policies look at it: its name, its
 * labels (what a {@code nodes} peer's selector matches) and its {@code status.addresses} (the
 * addresses such a peer admits, including those of the host-network pods it runs).
 *
 * <pre>{@code
 * Node node = Node.of("worker-1", Labels.of("zone", "a"),
 *     List.of(IpAddress.parse("192.168.1.10")));
 * node.addresses();   // [192.168.1.10]
 * }</pre>
 *
 * <p>Without Node objects in the input a {@code nodes} peer matches nothing
 * (docs/cluster-policies.md).
 *
 * @param name the node name
 * @param labels its labels
 * @param addresses the IP addresses of {@code status.addresses} (host names are not addresses)
 */
public record Node(String name, Labels labels, ImmutableList<IpAddress> addresses) {

  /**
   * Checks the name as the API server does.
   *
   * @param name the node name
   * @param labels its labels
   * @param addresses its addresses
   */
  public Node {
    KubernetesNames.checkDnsSubdomain(name)
        .ifPresent(
            m -> {
              throw new InvalidModelException(
                  "Node " + name, List.of(new Violation("metadata.name", m)));
            });
  }

  /**
   * A node.
   *
   * @param name the node name
   * @param labels its labels
   * @param addresses its IP addresses
   * @return the node
   */
  public static Node of(String name, Labels labels, List<IpAddress> addresses) {
    return new Node(name, labels, ImmutableList.copyOf(addresses));
  }

  /** Returns the node name. */
  @Override
  public String toString() {
    return name;
  }
}
