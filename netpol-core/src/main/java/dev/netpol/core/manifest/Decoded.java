package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.policy.NetworkPolicy;
import java.util.Optional;

/**
 * One object of the input after decoding, before it is assembled into a Cluster: what the
 * decoder hands the assembler, in load order.
 *
 * <p>The kinds are told apart by a {@link Visitor} rather than by {@code instanceof}: Java 17
 * cannot check that an {@code instanceof} ladder covers every kind, but a new kind must implement
 * {@link #accept}, which needs a new visitor method, which every visitor must then handle. What
 * all kinds share (where they were written, their identity) is on {@link #origin()}, so
 * deduplicating needs no dispatch at all.
 */
sealed interface Decoded
    permits Decoded.NamespaceObject,
        Decoded.PodObject,
        Decoded.WorkloadObject,
        Decoded.ServiceObject,
        Decoded.PolicyObject,
        Decoded.ClusterPolicyObject,
        Decoded.NodeObject {

  /** Where the object was written and how to name it in messages. */
  Origin origin();

  /** Calls the visitor's method for this object's kind. */
  void accept(Visitor visitor);

  /** One method per kind of decoded object. */
  interface Visitor {
    void namespace(NamespaceObject namespace);

    void pod(PodObject pod);

    void workload(WorkloadObject workload);

    void service(ServiceObject service);

    void policy(PolicyObject policy);

    void clusterPolicy(ClusterPolicyObject policy);

    void node(NodeObject node);
  }

  /** Where an object was written and how to name it in messages. */
  record Origin(SourceLocation location, String base, String kind, String namespace, String name) {
    /** {@code namespace/name}, or the bare name of a cluster-scoped object. */
    String id() {
      return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** Kind and id: two objects with the same identity are the same Kubernetes object. */
    String identity() {
      return kind + " " + id();
    }

    /** The field path of the object's name, for problems about the name. */
    String namePath() {
      return Fields.join(base, "metadata.name");
    }
  }

  /** A controller owner reference ({@code metadata.ownerReferences}). */
  record Owner(String kind, String name) {}

  /** What a pod or pod template says that matters for policies. */
  record PodShape(Labels labels, ImmutableList<ContainerPort> ports, boolean hostNetwork) {}

  /** A {@code Namespace}. */
  record NamespaceObject(Origin origin, Namespace namespace) implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.namespace(this);
    }
  }

  /** A {@code Pod}, with the addresses and node a {@code kubectl get} dump records. */
  record PodObject(
      Origin origin,
      PodShape shape,
      ImmutableList<IpAddress> ips,
      Optional<String> node,
      Optional<Owner> owner)
      implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.pod(this);
    }
  }

  /** A workload (Deployment, DaemonSet, Job...): a pod template and how many pods it makes. */
  record WorkloadObject(
      Origin origin, WorkloadKind kind, PodShape template, int replicas, Optional<Owner> owner)
      implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.workload(this);
    }
  }

  /** A {@code Service}. */
  record ServiceObject(Origin origin, Service service) implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.service(this);
    }
  }

  /**
   * A {@code NetworkPolicy}, with its YAML tree so that checks made once the cluster is built can
   * name the line of a field (a selector that matches no pod).
   */
  record PolicyObject(Origin origin, NetworkPolicy policy, YamlNode.MapNode root)
      implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.policy(this);
    }
  }

  /** A cluster-scoped policy (docs/cluster-policies.md), with its YAML tree, as a policy. */
  record ClusterPolicyObject(
      Origin origin, dev.netpol.core.policy.ClusterPolicy policy, YamlNode.MapNode root)
      implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.clusterPolicy(this);
    }
  }

  /** A {@code Node}: its labels and addresses, which {@code nodes} peers match. */
  record NodeObject(Origin origin, dev.netpol.core.model.Node node) implements Decoded {
    @Override
    public void accept(Visitor visitor) {
      visitor.node(this);
    }
  }
}
