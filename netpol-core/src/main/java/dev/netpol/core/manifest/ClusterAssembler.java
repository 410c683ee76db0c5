package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.Decoded.NamespaceObject;
import dev.netpol.core.manifest.Decoded.Origin;
import dev.netpol.core.manifest.Decoded.PodObject;
import dev.netpol.core.manifest.Decoded.PodShape;
import dev.netpol.core.manifest.Decoded.PolicyObject;
import dev.netpol.core.manifest.Decoded.ServiceObject;
import dev.netpol.core.manifest.Decoded.WorkloadObject;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
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
 *
 * <p>One assembler serves one load: it collects the pods and namespace uses as it goes.
 */
final class ClusterAssembler {
  private final Diagnostics d;
  private final Cidr podCidr;
  private final String defaultNamespace;
  private final Cluster.Builder cluster = Cluster.builder();
  private final List<PendingPod> pods = new ArrayList<>();
  /** The first object to use each namespace, named if the namespace is never declared. */
  private final Map<String, Origin> firstUse = new LinkedHashMap<>();
  private final Set<String> declared = new HashSet<>();

  ClusterAssembler(Diagnostics diagnostics, Cidr podCidr, String defaultNamespace) {
    this.d = diagnostics;
    this.podCidr = podCidr;
    this.defaultNamespace = defaultNamespace;
  }

  /** A pod to be built, with where it came from. */
  private record PendingPod(
      Origin origin, Pod.Builder builder, ImmutableList<IpAddress> ips, boolean hostNetwork) {}

  /** The cluster, or empty when a problem was found (recorded in the diagnostics). */
  Optional<Cluster> assemble(List<Decoded> objects) {
    List<Decoded> unique = withoutDuplicates(objects);
    Adder adder = new Adder(new WorkloadOwners(unique, d));
    unique.forEach(o -> o.accept(adder));
    allocateAddresses();
    addPods();
    if (!d.problems.isEmpty()) {
      return Optional.empty();
    }
    Optional<Cluster> built = build();
    built.ifPresent(
        c -> new UndeclaredNamespaces(d, defaultNamespace).check(c, declared, firstUse, unique));
    built.ifPresent(c -> EmptySelections.warn(c, unique, d));
    return built;
  }

  private List<Decoded> withoutDuplicates(List<Decoded> objects) {
    Map<String, Origin> seen = new HashMap<>();
    List<Decoded> out = new ArrayList<>();
    for (Decoded o : objects) {
      Origin origin = o.origin();
      // namespace/name even when the namespace is empty, so "a/b" in "" is not "b" in "a".
      String key = origin.kind() + " " + origin.namespace() + "/" + origin.name();
      Origin previous = seen.putIfAbsent(key, origin);
      if (previous == null) {
        out.add(o);
      } else {
        d.problem(
            origin.location(),
            origin.namePath(),
            "duplicate "
                + origin.identity()
                + ": already defined at "
                + previous.location());
      }
    }
    return out;
  }

  /** Adds each object to the cluster, in load order, and reports it as loaded. */
  private final class Adder implements Decoded.Visitor {
    private final WorkloadOwners owners;

    Adder(WorkloadOwners owners) {
      this.owners = owners;
    }

    @Override
    public void namespace(NamespaceObject n) {
      declared.add(n.namespace().name());
      cluster.namespace(n.namespace());
      loaded(n.origin(), "namespace " + n.namespace().labels());
    }

    @Override
    public void policy(PolicyObject p) {
      use(p.origin());
      cluster.policy(p.policy());
      loaded(p.origin(), "policyTypes " + p.policy().policyTypes());
    }

    @Override
    public void service(ServiceObject s) {
      use(s.origin());
      cluster.service(s.service());
      loaded(s.origin(), "selector " + s.service().selector() + ", ports " + s.service().ports());
    }

    @Override
    public void pod(PodObject p) {
      use(p.origin());
      Pod.Builder b = podBuilder(p.origin().namespace(), p.origin().name(), p.shape());
      p.node().ifPresent(b::node);
      owners.ownerOf(p).ifPresent(w -> b.owner(workloadRef(w)));
      pods.add(new PendingPod(p.origin(), b, p.ips(), p.shape().hostNetwork()));
      loaded(p.origin(), p.ips().isEmpty() ? "pod" : "pod at " + p.ips());
    }

    @Override
    public void workload(WorkloadObject w) {
      if (owners.isManaged(w)) {
        return;
      }
      use(w.origin());
      Optional<List<String>> real = owners.realPods(w);
      List<String> names;
      if (real.isPresent()) {
        names = real.get();
        loaded(w.origin(), "its " + names.size() + " pods from the input " + names);
      } else {
        names = podsFromTemplate(w);
        loaded(w.origin(), names.size() + " pods " + names);
      }
      addWorkload(w, names);
    }
  }

  private void use(Origin o) {
    firstUse.putIfAbsent(o.namespace(), o);
  }

  private void loaded(Origin o, String detail) {
    d.loaded.add(new ReportEntry(o.location(), o.kind(), o.id(), detail));
  }

  /** Makes the workload's pods from its template, named {@code <workload>-<i>}. */
  private List<String> podsFromTemplate(WorkloadObject w) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < w.replicas(); i++) {
      String podName = w.origin().name() + "-" + i;
      names.add(podName);
      Pod.Builder b = podBuilder(w.origin().namespace(), podName, w.template());
      b.owner(workloadRef(w));
      if (w.kind() == WorkloadKind.DAEMON_SET) {
        b.node("node-" + i);
      }
      pods.add(new PendingPod(w.origin(), b, ImmutableList.of(), w.template().hostNetwork()));
    }
    return names;
  }

  private static Pod.Builder podBuilder(String namespace, String name, PodShape shape) {
    Pod.Builder b =
        Pod.builder(namespace, name).labels(shape.labels()).hostNetwork(shape.hostNetwork());
    shape.ports().forEach(b::containerPort);
    return b;
  }

  private static WorkloadRef workloadRef(WorkloadObject w) {
    return new WorkloadRef(w.kind(), w.origin().name());
  }

  private void addWorkload(WorkloadObject w, List<String> podNames) {
    Origin o = w.origin();
    try {
      cluster.workload(
          new Workload(
              w.kind(),
              o.namespace(),
              o.name(),
              w.template().labels(),
              ImmutableList.copyOf(podNames)));
    } catch (IllegalArgumentException e) {
      d.problem(
          o.location(),
          o.namePath(),
          "another workload in namespace "
              + o.namespace()
              + " has the name "
              + o.name()
              + ": netpol names pods after their workload, so workload names must differ");
    }
  }

  /** Gives each pod without an address the next free one of the pod CIDR, in load order. */
  private void allocateAddresses() {
    Set<IpAddress> taken = new HashSet<>();
    pods.forEach(p -> taken.addAll(p.ips()));
    IpAddress next = podCidr.network();
    IpAddress last = podCidr.last();
    for (PendingPod p : pods) {
      p.ips().forEach(p.builder()::ip);
      if (!p.ips().isEmpty() || p.hostNetwork()) {
        continue;
      }
      do {
        next = next.compareTo(last) < 0 ? next.plus(1) : last;
      } while (taken.contains(next) && next.compareTo(last) < 0);
      if (taken.contains(next) || next.equals(last)) {
        d.problem(
            p.origin().location(),
            "",
            "the pod CIDR "
                + podCidr
                + " has no free address left for pods of "
                + p.origin().id());
        return;
      }
      taken.add(next);
      p.builder().ip(next);
    }
  }

  /** Builds each pod and adds it, refusing a second pod with the same namespace and name. */
  private void addPods() {
    Map<String, Origin> podIds = new HashMap<>();
    for (PendingPod p : pods) {
      try {
        Pod pod = p.builder().build();
        Origin previous = podIds.putIfAbsent(pod.id(), p.origin());
        if (previous == null) {
          cluster.pod(pod);
        } else {
          d.problem(
              p.origin().location(),
              "",
              p.origin().identity()
                  + " makes pod "
                  + pod.id()
                  + ", which "
                  + previous.identity()
                  + " at "
                  + previous.location()
                  + " already makes");
        }
      } catch (InvalidModelException e) {
        for (Violation v : e.violations()) {
          d.problem(p.origin().location(), v.fieldPath(), v.message());
        }
      }
    }
  }

  private Optional<Cluster> build() {
    try {
      return Optional.of(cluster.build());
    } catch (InvalidModelException e) {
      SourceLocation where = SourceLocation.of("cluster");
      e.violations().forEach(v -> d.problem(where, v.fieldPath(), v.message()));
      return Optional.empty();
    }
  }
}
