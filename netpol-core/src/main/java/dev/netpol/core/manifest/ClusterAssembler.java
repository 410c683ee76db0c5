package dev.netpol.core.manifest;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.Decoded.NamespaceObject;
import dev.netpol.core.manifest.Decoded.Origin;
import dev.netpol.core.manifest.Decoded.Owner;
import dev.netpol.core.manifest.Decoded.PodObject;
import dev.netpol.core.manifest.Decoded.PolicyObject;
import dev.netpol.core.manifest.Decoded.ServiceObject;
import dev.netpol.core.manifest.Decoded.WorkloadObject;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Violation;
import dev.netpol.core.model.Workload;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns decoded objects into a {@link Cluster}: refuses duplicates, expands workload templates
 * into pods (unless the input already holds the workload's real pods, as a {@code kubectl get}
 * dump does), and gives every pod without an address one from the pod CIDR, in load order.
 */
final class ClusterAssembler {
  private final Diagnostics d;
  private final Cidr podCidr;
  private final String defaultNamespace;

  ClusterAssembler(Diagnostics diagnostics, Cidr podCidr, String defaultNamespace) {
    this.d = diagnostics;
    this.podCidr = podCidr;
    this.defaultNamespace = defaultNamespace;
  }

  /** A pod to be built, with where it came from. */
  private static final class PendingPod {
    final Origin origin;
    final Pod.Builder builder;
    final List<IpAddress> ips;
    final boolean hostNetwork;

    PendingPod(Origin origin, Pod.Builder builder, List<IpAddress> ips, boolean hostNetwork) {
      this.origin = origin;
      this.builder = builder;
      this.ips = ips;
      this.hostNetwork = hostNetwork;
    }
  }

  Optional<Cluster> assemble(List<Object> objects) {
    List<Object> unique = withoutDuplicates(objects);
    Map<String, WorkloadObject> workloads = new LinkedHashMap<>();
    for (Object o : unique) {
      if (o instanceof WorkloadObject) {
        WorkloadObject w = (WorkloadObject) o;
        workloads.put(key(w.kind().kind(), w.origin().namespace(), w.origin().name()), w);
      }
    }
    // ReplicaSets and Jobs whose controller is loaded too: their pods belong to the controller.
    Set<WorkloadObject> managed = new HashSet<>();
    for (WorkloadObject w : workloads.values()) {
      w.owner()
          .filter(o -> workloads.containsKey(key(o.kind(), w.origin().namespace(), o.name())))
          .ifPresent(
              o -> {
                managed.add(w);
                d.skipped.add(
                    new ReportEntry(
                        w.origin().location(),
                        w.kind().kind(),
                        w.origin().id(),
                        "skipped: managed by "
                            + o.kind()
                            + " "
                            + o.name()
                            + ", whose pods stand for it"));
              });
    }
    // Real pods (kubectl dumps) owned by a loaded workload stand for its template.
    Map<WorkloadObject, List<String>> realPods = new HashMap<>();
    Map<PodObject, WorkloadObject> podOwner = new HashMap<>();
    for (Object o : unique) {
      if (o instanceof PodObject) {
        PodObject p = (PodObject) o;
        topOwner(p, workloads)
            .ifPresent(
                w -> {
                  podOwner.put(p, w);
                  realPods.computeIfAbsent(w, k -> new ArrayList<>()).add(p.origin().name());
                });
      }
    }

    Cluster.Builder cluster = Cluster.builder();
    List<PendingPod> pods = new ArrayList<>();
    Map<String, Origin> firstUse = new LinkedHashMap<>();
    Set<String> declared = new HashSet<>();
    for (Object o : unique) {
      if (o instanceof NamespaceObject) {
        NamespaceObject n = (NamespaceObject) o;
        declared.add(n.namespace().name());
        cluster.namespace(n.namespace());
        loaded(n.origin(), "namespace " + n.namespace().labels());
      } else if (o instanceof PolicyObject) {
        PolicyObject p = (PolicyObject) o;
        firstUse.putIfAbsent(p.origin().namespace(), p.origin());
        cluster.policy(p.policy());
        loaded(p.origin(), "policyTypes " + p.policy().policyTypes());
      } else if (o instanceof ServiceObject) {
        ServiceObject s = (ServiceObject) o;
        firstUse.putIfAbsent(s.origin().namespace(), s.origin());
        cluster.service(s.service());
        loaded(s.origin(), "selector " + s.service().selector() + ", ports " + s.service().ports());
      } else if (o instanceof PodObject) {
        PodObject p = (PodObject) o;
        firstUse.putIfAbsent(p.origin().namespace(), p.origin());
        Pod.Builder b =
            Pod.builder(p.origin().namespace(), p.origin().name())
                .labels(p.labels())
                .hostNetwork(p.shape().hostNetwork());
        p.shape().ports().forEach(b::containerPort);
        p.node().ifPresent(b::node);
        Optional.ofNullable(podOwner.get(p))
            .ifPresent(w -> b.owner(new WorkloadRef(w.kind(), w.origin().name())));
        pods.add(new PendingPod(p.origin(), b, new ArrayList<>(p.ips()), p.shape().hostNetwork()));
        loaded(p.origin(), p.ips().isEmpty() ? "pod" : "pod at " + p.ips());
      } else if (o instanceof WorkloadObject) {
        WorkloadObject w = (WorkloadObject) o;
        if (managed.contains(w)) {
          continue;
        }
        firstUse.putIfAbsent(w.origin().namespace(), w.origin());
        List<String> names = realPods.get(w);
        if (names == null) {
          names = new ArrayList<>();
          for (int i = 0; i < w.replicas(); i++) {
            String podName = w.origin().name() + "-" + i;
            names.add(podName);
            Pod.Builder b =
                Pod.builder(w.origin().namespace(), podName)
                    .labels(w.template().labels())
                    .hostNetwork(w.template().hostNetwork())
                    .owner(new WorkloadRef(w.kind(), w.origin().name()));
            w.template().ports().forEach(b::containerPort);
            if (w.kind() == WorkloadKind.DAEMON_SET) {
              b.node("node-" + i);
            }
            pods.add(new PendingPod(w.origin(), b, new ArrayList<>(), w.template().hostNetwork()));
          }
          loaded(w.origin(), names.size() + " pods " + names);
        } else {
          loaded(w.origin(), "its " + names.size() + " pods from the input " + names);
        }
        try {
          cluster.workload(
              new Workload(
                  w.kind(),
                  w.origin().namespace(),
                  w.origin().name(),
                  w.template().labels(),
                  com.google.common.collect.ImmutableList.copyOf(names)));
        } catch (IllegalArgumentException e) {
          d.problem(
              w.origin().location(),
              w.origin().base().isEmpty() ? "metadata.name" : w.origin().base() + ".metadata.name",
              "another workload in namespace "
                  + w.origin().namespace()
                  + " has the name "
                  + w.origin().name()
                  + ": netpol names pods after their workload, so workload names must differ");
        }
      }
    }
    allocateAddresses(pods);
    Map<String, Origin> podIds = new HashMap<>();
    for (PendingPod p : pods) {
      try {
        Pod pod = p.builder.build();
        Origin previous = podIds.putIfAbsent(pod.id(), p.origin);
        if (previous != null) {
          d.problem(
              p.origin.location(),
              "",
              p.origin.kind()
                  + " "
                  + p.origin.id()
                  + " makes pod "
                  + pod.id()
                  + ", which "
                  + previous.kind()
                  + " "
                  + previous.id()
                  + " at "
                  + previous.location()
                  + " already makes");
          continue;
        }
        cluster.pod(pod);
      } catch (InvalidModelException e) {
        for (Violation v : e.violations()) {
          d.problem(p.origin.location(), v.fieldPath(), v.message());
        }
      }
    }
    if (!d.problems.isEmpty()) {
      return Optional.empty();
    }
    Cluster built;
    try {
      built = cluster.build();
    } catch (InvalidModelException e) {
      e.violations().forEach(v -> d.problem(SourceLocation.of("cluster"), v.fieldPath(), v.message()));
      return Optional.empty();
    }
    for (String ns : built.implicitNamespaces()) {
      Origin o = firstUse.get(ns);
      if (o != null && !declared.contains(ns)) {
        d.warning(
            o.location(),
            "",
            "namespace "
                + ns
                + (ns.equals(defaultNamespace) ? " (the default namespace)" : "")
                + " is used by "
                + o.kind()
                + " "
                + o.id()
                + " but never declared: created with only its "
                + Namespace.NAME_LABEL
                + " label");
      }
    }
    return Optional.of(built);
  }

  private void loaded(Origin o, String detail) {
    d.loaded.add(new ReportEntry(o.location(), o.kind(), o.id(), detail));
  }

  private static String key(String kind, String namespace, String name) {
    return kind + " " + namespace + "/" + name;
  }

  /** Follows a pod's controller reference up to the workload that stands for it. */
  private static Optional<WorkloadObject> topOwner(PodObject p, Map<String, WorkloadObject> workloads) {
    if (p.owner().isEmpty()) {
      return Optional.empty();
    }
    Owner owner = p.owner().get();
    String ns = p.origin().namespace();
    WorkloadObject w = workloads.get(key(owner.kind(), ns, owner.name()));
    if (w == null && owner.kind().equals("ReplicaSet")) {
      // A dump without the ReplicaSet: its name is the Deployment's plus "-" and the template hash.
      Optional<String> hash = p.labels().get("pod-template-hash");
      if (hash.isPresent() && owner.name().endsWith("-" + hash.get())) {
        String deployment = owner.name().substring(0, owner.name().length() - hash.get().length() - 1);
        w = workloads.get(key("Deployment", ns, deployment));
      }
    }
    if (w == null) {
      return Optional.empty();
    }
    while (w.owner().isPresent()) {
      WorkloadObject up = workloads.get(key(w.owner().get().kind(), ns, w.owner().get().name()));
      if (up == null || up == w) {
        break;
      }
      w = up;
    }
    return Optional.of(w);
  }

  private List<Object> withoutDuplicates(List<Object> objects) {
    Map<String, Origin> seen = new HashMap<>();
    List<Object> out = new ArrayList<>();
    for (Object o : objects) {
      Origin origin = origin(o);
      Origin previous = seen.putIfAbsent(key(origin.kind(), origin.namespace(), origin.name()), origin);
      if (previous != null) {
        d.problem(
            origin.location(),
            origin.base().isEmpty() ? "metadata.name" : origin.base() + ".metadata.name",
            "duplicate "
                + origin.kind()
                + " "
                + origin.id()
                + ": already defined at "
                + previous.location());
        continue;
      }
      out.add(o);
    }
    return out;
  }

  private static Origin origin(Object o) {
    if (o instanceof NamespaceObject) {
      return ((NamespaceObject) o).origin();
    } else if (o instanceof PodObject) {
      return ((PodObject) o).origin();
    } else if (o instanceof WorkloadObject) {
      return ((WorkloadObject) o).origin();
    } else if (o instanceof ServiceObject) {
      return ((ServiceObject) o).origin();
    }
    return ((PolicyObject) o).origin();
  }

  private void allocateAddresses(List<PendingPod> pods) {
    Set<IpAddress> taken = new HashSet<>();
    pods.forEach(p -> taken.addAll(p.ips));
    IpAddress next = podCidr.network();
    IpAddress last = podCidr.last();
    for (PendingPod p : pods) {
      p.ips.forEach(p.builder::ip);
      if (!p.ips.isEmpty() || p.hostNetwork) {
        continue;
      }
      do {
        next = next.compareTo(last) < 0 ? next.plus(1) : last;
      } while (taken.contains(next) && next.compareTo(last) < 0);
      if (taken.contains(next) || next.equals(last)) {
        d.problem(
            p.origin.location(),
            "",
            "the pod CIDR " + podCidr + " has no free address left for pods of " + p.origin.id());
        return;
      }
      taken.add(next);
      p.builder.ip(next);
    }
  }
}
