package dev.netpol.core.manifest;

import dev.netpol.core.manifest.Decoded.Owner;
import dev.netpol.core.manifest.Decoded.PodObject;
import dev.netpol.core.manifest.Decoded.WorkloadObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who stands for whose pods, from the controller owner references of the input: a ReplicaSet or
 * Job whose controller is loaded too is managed by it (its pods belong to the controller), and the
 * real pods of a {@code kubectl get} dump owned by a loaded workload stand for its template.
 */
final class WorkloadOwners {
  private final Map<String, WorkloadObject> byKey = new LinkedHashMap<>();
  private final Set<WorkloadObject> managed = new HashSet<>();
  private final Map<WorkloadObject, List<String>> realPods = new HashMap<>();
  private final Map<PodObject, WorkloadObject> podOwner = new HashMap<>();

  /** Indexes the workloads and pods of {@code objects}, reporting managed workloads as skipped. */
  WorkloadOwners(List<Decoded> objects, Diagnostics d) {
    for (Decoded o : objects) {
      if (o instanceof WorkloadObject w) {
        byKey.put(key(w.kind().kind(), w.origin().namespace(), w.origin().name()), w);
      }
    }
    byKey.values().forEach(w -> skipIfManaged(w, d));
    for (Decoded o : objects) {
      if (o instanceof PodObject p) {
        topOwner(p).ifPresent(w -> claim(p, w));
      }
    }
  }

  /** Whether the workload's pods belong to its loaded controller instead. */
  boolean isManaged(WorkloadObject w) {
    return managed.contains(w);
  }

  /** The names of the real pods in the input that stand for the workload's template, if any. */
  Optional<List<String>> realPods(WorkloadObject w) {
    return Optional.ofNullable(realPods.get(w));
  }

  /** The loaded workload that stands for the pod, if any. */
  Optional<WorkloadObject> ownerOf(PodObject p) {
    return Optional.ofNullable(podOwner.get(p));
  }

  private void skipIfManaged(WorkloadObject w, Diagnostics d) {
    Optional<Owner> owner = w.owner().filter(o -> byKey.containsKey(key(o, w)));
    owner.ifPresent(
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

  private void claim(PodObject p, WorkloadObject w) {
    podOwner.put(p, w);
    realPods.computeIfAbsent(w, k -> new ArrayList<>()).add(p.origin().name());
  }

  /** Follows a pod's controller reference up to the workload that stands for it. */
  private Optional<WorkloadObject> topOwner(PodObject p) {
    Optional<WorkloadObject> w = p.owner().flatMap(o -> directOwner(p, o));
    return w.map(this::topController);
  }

  private Optional<WorkloadObject> directOwner(PodObject p, Owner owner) {
    String ns = p.origin().namespace();
    WorkloadObject w = byKey.get(key(owner.kind(), ns, owner.name()));
    if (w != null || !owner.kind().equals("ReplicaSet")) {
      return Optional.ofNullable(w);
    }
    // A dump without the ReplicaSet: its name is the Deployment's plus "-" and the template hash.
    Optional<String> hash = p.shape().labels().get("pod-template-hash");
    if (hash.isEmpty() || !owner.name().endsWith("-" + hash.get())) {
      return Optional.empty();
    }
    String deployment = owner.name().substring(0, owner.name().length() - hash.get().length() - 1);
    return Optional.ofNullable(byKey.get(key("Deployment", ns, deployment)));
  }

  private WorkloadObject topController(WorkloadObject start) {
    WorkloadObject w = start;
    while (w.owner().isPresent()) {
      WorkloadObject up = byKey.get(key(w.owner().get(), w));
      if (up == null || up == w) {
        break;
      }
      w = up;
    }
    return w;
  }

  /** The key of an owner, which lives in the namespace of the object it owns. */
  private static String key(Owner owner, WorkloadObject owned) {
    return key(owner.kind(), owned.origin().namespace(), owner.name());
  }

  private static String key(String kind, String namespace, String name) {
    return kind + " " + namespace + "/" + name;
  }
}
