package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.lint.Finding;
import dev.netpol.core.lint.LintCode;
import dev.netpol.core.lint.Linter;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
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
 * dump does), and gives every pod without an address one from the pod CIDR.
 *
 * <p>Nothing here depends on the order the objects were read in, so renaming a file or giving
 * paths in another order changes no answer (docs/semantics.md#addresses-netpol-assigns): objects
 * are handled in a canonical order (kind, namespace, name, then where they were written), pods
 * are added and given addresses in the order of their namespace and name, with numbers in names
 * compared as numbers ({@code web-2} before {@code web-10}).
 *
 * <p>Every check runs even when decoding found problems elsewhere, so one load reports all of
 * them; only what cannot be checked is skipped (no pods are made for a workload over the pod
 * limits, no addresses given when the pod CIDR is too small).
 *
 * <p>One assembler serves one load: it collects the pods and namespace uses as it goes.
 */
final class ClusterAssembler {
  /** The counts netpol refuses to exceed, so a huge {@code replicas} fails fast. */
  record PodLimits(int perWorkload, int perLoad) {}

  /** Objects by kind, namespace and name (numbers as numbers), then where they were written. */
  private static final Comparator<Origin> CANONICAL =
      Comparator.comparing(Origin::kind)
          .thenComparing(Origin::namespace, ClusterAssembler::compareNames)
          .thenComparing(Origin::name, ClusterAssembler::compareNames)
          .thenComparing(Origin::location, ClusterAssembler::compareLocations);

  private static final Linter LOAD_CHECKS =
      Linter.builder()
          .only(
              LintCode.POLICY_SELECTS_NO_POD,
              LintCode.PEER_MATCHES_NOTHING,
              LintCode.CLUSTER_PRIORITY_TIE)
          .build();

  private final Diagnostics d;
  private final Cidr podCidr;
  private final String defaultNamespace;
  private final PodLimits limits;
  private final Cluster.Builder cluster = Cluster.builder();
  private final List<PendingPod> pods = new ArrayList<>();
  /** The first object (by location) to use each namespace, named if it is never declared. */
  private final Map<String, Origin> firstUse = new HashMap<>();
  private final Set<String> declared = new HashSet<>();
  private final SourceMap.Builder sources = new SourceMap.Builder();

  ClusterAssembler(
      Diagnostics diagnostics, Cidr podCidr, String defaultNamespace, PodLimits limits) {
    this.d = diagnostics;
    this.podCidr = podCidr;
    this.defaultNamespace = defaultNamespace;
    this.limits = limits;
  }

  /** A pod to be built, with where it came from. */
  private record PendingPod(
      Origin origin,
      String namespace,
      String name,
      Pod.Builder builder,
      ImmutableList<IpAddress> ips,
      boolean hostNetwork) {}

  /**
   * The cluster, or empty when a problem was found now or before (recorded in the diagnostics).
   */
  Optional<Cluster> assemble(List<Decoded> objects) {
    List<Decoded> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparing(Decoded::origin, CANONICAL));
    List<Decoded> unique = withoutDuplicates(sorted);
    for (Decoded o : unique) {
      Optional<YamlNode> root =
          o instanceof PolicyObject p ? Optional.of(p.root())
              : o instanceof Decoded.ClusterPolicyObject c ? Optional.of(c.root())
              : Optional.empty();
      sources.object(o.origin(), root);
    }
    WorkloadOwners owners = new WorkloadOwners(unique, d);
    boolean fit = podCountsFit(unique, owners) && addressesSuffice(unique, owners);
    Adder adder = new Adder(owners, fit);
    unique.forEach(o -> o.accept(adder));
    pods.sort(
        Comparator.comparing(PendingPod::namespace, ClusterAssembler::compareNames)
            .thenComparing(PendingPod::name, ClusterAssembler::compareNames)
            .thenComparing(p -> p.origin().location(), ClusterAssembler::compareLocations));
    if (fit) {
      allocateAddresses();
    }
    addPods();
    if (!d.problems.isEmpty()) {
      return Optional.empty();
    }
    Optional<Cluster> built = build();
    built.ifPresent(
        c -> new UndeclaredNamespaces(d, defaultNamespace).check(c, declared, firstUse, unique));
    built.ifPresent(this::lintWarnings);
    built.ifPresent(c -> ClusterPolicyWarnings.warn(c, unique, d));
    return built;
  }

  /**
   * The lint findings every load prints as warnings: selectors that match nothing and
   * cluster-scoped policies tied at one priority (docs/lint.md; the checks live there).
   */
  private void lintWarnings(Cluster c) {
    for (Finding f : LOAD_CHECKS.lint(c)) {
      d.warning(f.location().orElse(SourceLocation.of(f.object())), f.fieldPath(), f.message());
    }
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

  /** Adds each object to the cluster, in canonical order, and reports it as loaded. */
  private final class Adder implements Decoded.Visitor {
    private final WorkloadOwners owners;
    private final boolean expandTemplates;

    Adder(WorkloadOwners owners, boolean expandTemplates) {
      this.owners = owners;
      this.expandTemplates = expandTemplates;
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
    public void clusterPolicy(Decoded.ClusterPolicyObject p) {
      cluster.clusterPolicy(p.policy());
      loaded(p.origin(), p.policy().tier() + " tier, priority " + p.policy().priority());
    }

    @Override
    public void node(Decoded.NodeObject n) {
      cluster.node(n.node());
      loaded(n.origin(), "addresses " + n.node().addresses());
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
      pods.add(
          new PendingPod(
              p.origin(),
              p.origin().namespace(),
              p.origin().name(),
              b,
              p.ips(),
              p.shape().hostNetwork()));
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
      } else if (expandTemplates) {
        names = podsFromTemplate(w);
        loaded(w.origin(), names.size() + " pods " + names);
      } else {
        return; // over a limit, already reported: making its pods is what must not happen
      }
      addWorkload(w, names);
    }
  }

  private void use(Origin o) {
    firstUse.merge(
        o.namespace(), o, (a, b) -> compareLocations(a.location(), b.location()) <= 0 ? a : b);
  }

  private void loaded(Origin o, String detail) {
    d.loaded.add(new ReportEntry(o.location(), o.kind(), o.id(), detail));
  }

  /**
   * Whether the pods the input makes stay within the limits, checked on the counts before any pod
   * is made, so {@code replicas: 2147483647} fails at once instead of exhausting memory
   * (docs/semantics.md#addresses-netpol-assigns).
   */
  private boolean podCountsFit(List<Decoded> objects, WorkloadOwners owners) {
    long total = 0;
    boolean fit = true;
    Optional<WorkloadObject> largest = Optional.empty();
    for (Decoded o : objects) {
      if (o instanceof PodObject) {
        total++;
      } else if (o instanceof WorkloadObject w && makesPods(w, owners)) {
        // A workload over its own limit is reported once, below, not again in the total.
        total += Math.min(w.replicas(), limits.perWorkload());
        if (largest.isEmpty() || w.replicas() > largest.get().replicas()) {
          largest = Optional.of(w);
        }
        if (w.replicas() > limits.perWorkload()) {
          fit = false;
          d.problem(
              w.origin().location(),
              countPath(w),
              w.origin().identity()
                  + " makes "
                  + w.replicas()
                  + " pods"
                  + countSource(w)
                  + ", more than the limit of "
                  + limits.perWorkload()
                  + " pods per workload: lower the count, or raise the limit with"
                  + " ManifestLoader.builder().maxPodsPerWorkload(...)");
        }
      }
    }
    if (total > limits.perLoad()) {
      fit = false;
      SourceLocation where =
          largest.map(w -> w.origin().location()).orElse(SourceLocation.of("ManifestLoader"));
      d.problem(
          where,
          largest.map(ClusterAssembler::countPath).orElse(""),
          "the manifests make "
              + total
              + " pods, more than the limit of "
              + limits.perLoad()
              + " pods per load"
              + largest
                  .map(w -> " (the largest workload, " + w.origin().identity() + ", makes "
                      + w.replicas() + ")")
                  .orElse("")
              + ": load fewer objects, or raise the limit with"
              + " ManifestLoader.builder().maxPods(...)");
    }
    return fit;
  }

  /** Whether the workload's pods are made from its template (not managed, no real pods). */
  private static boolean makesPods(WorkloadObject w, WorkloadOwners owners) {
    return !owners.isManaged(w) && owners.realPods(w).isEmpty();
  }

  /** The field path of the number of pods a workload makes; none for a DaemonSet. */
  private static String countPath(WorkloadObject w) {
    String field =
        switch (w.kind()) {
          case DAEMON_SET -> "";
          case JOB -> "spec.parallelism";
          case CRON_JOB -> "spec.jobTemplate.spec.parallelism";
          default -> "spec.replicas";
        };
    return field.isEmpty() ? "" : Fields.join(w.origin().base(), field);
  }

  private static String countSource(WorkloadObject w) {
    return w.kind() == WorkloadKind.DAEMON_SET
        ? " (one per node: ManifestLoader.builder().daemonSetNodes(...))"
        : "";
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
      pods.add(
          new PendingPod(
              w.origin(),
              w.origin().namespace(),
              podName,
              b,
              ImmutableList.of(),
              w.template().hostNetwork()));
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

  /** Whether a pod without an address needs one from the pod CIDR. */
  private static boolean needsAddress(PendingPod p) {
    return p.ips().isEmpty() && !p.hostNetwork();
  }

  /**
   * Whether the pod CIDR has an address for every pod that needs one, reporting it if not: the
   * counts are compared before any pod is made, so a too small block fails at once.
   */
  private boolean addressesSuffice(List<Decoded> objects, WorkloadOwners owners) {
    long needed = 0;
    Set<IpAddress> takenInside = new HashSet<>();
    for (Decoded o : objects) {
      if (o instanceof PodObject p) {
        p.ips().stream().filter(this::allocatable).forEach(takenInside::add);
        needed += p.ips().isEmpty() && !p.shape().hostNetwork() ? 1 : 0;
      } else if (o instanceof WorkloadObject w && makesPods(w, owners)) {
        needed += w.template().hostNetwork() ? 0 : w.replicas();
      }
    }
    BigInteger size =
        podCidr.last().value().subtract(podCidr.network().value()).add(BigInteger.ONE);
    BigInteger usable = size.subtract(BigInteger.TWO).max(BigInteger.ZERO);
    BigInteger free = usable.subtract(BigInteger.valueOf(takenInside.size()));
    if (free.compareTo(BigInteger.valueOf(needed)) >= 0) {
      return true;
    }
    d.problem(
        SourceLocation.of("ManifestLoader.podCidr"),
        "",
        "the pod CIDR "
            + podCidr
            + " has "
            + free
            + " free addresses"
            + (takenInside.isEmpty() ? "" : " (" + takenInside.size() + " are in status.podIPs)")
            + " but "
            + needed
            + " pods without status.podIPs need one: give a larger block, e.g. "
            + "ManifestLoader.builder().podCidr(\""
            + suggestedCidr(needed + takenInside.size())
            + "\")");
    return false;
  }

  /** The pod CIDR widened (same network, shorter prefix) until it holds {@code count} pods. */
  private String suggestedCidr(long count) {
    int bits = podCidr.network().bits();
    int prefix = podCidr.prefixLength();
    while (prefix > 0
        && BigInteger.ONE.shiftLeft(bits - prefix).compareTo(BigInteger.valueOf(count + 2)) < 0) {
      prefix--;
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE).not();
    IpAddress network =
        new IpAddress(podCidr.network().version(), podCidr.network().value().and(mask));
    return network + "/" + prefix;
  }

  /** Whether netpol could give this address: inside the pod CIDR, not its first or last. */
  private boolean allocatable(IpAddress ip) {
    return podCidr.contains(ip)
        && ip.compareTo(podCidr.network()) > 0
        && ip.compareTo(podCidr.last()) < 0;
  }

  /**
   * Gives each pod without an address the next free one of the pod CIDR, pods in canonical order
   * (namespace, then name), so an address depends on the pods there are, never on file names.
   */
  private void allocateAddresses() {
    Set<IpAddress> taken = new HashSet<>();
    pods.forEach(p -> taken.addAll(p.ips()));
    IpAddress next = podCidr.network();
    for (PendingPod p : pods) {
      if (!needsAddress(p)) {
        continue;
      }
      do {
        next = next.plus(1);
      } while (taken.contains(next));
      taken.add(next);
      sources.assigned(next);
      p.builder().ip(next);
    }
  }

  /**
   * Builds each pod and adds it, refusing a second pod with the same namespace and name, and a
   * second pod with an address another pod has.
   */
  private void addPods() {
    Map<String, Origin> podIds = new HashMap<>();
    Set<Origin> invalid = new HashSet<>();
    List<Pod> built = new ArrayList<>();
    List<PendingPod> builtFrom = new ArrayList<>();
    for (PendingPod p : pods) {
      p.ips().forEach(p.builder()::ip);
      try {
        Pod pod = p.builder().build();
        Origin previous = podIds.putIfAbsent(pod.id(), p.origin());
        if (previous == null) {
          built.add(pod);
          builtFrom.add(p);
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
        // The pods of one template share their problems: report them once, not once per replica.
        if (invalid.add(p.origin())) {
          for (Violation v : e.violations()) {
            d.problem(
                p.origin().location(), Fields.join(p.origin().base(), v.fieldPath()), v.message());
          }
        }
      }
    }
    refuseSharedAddresses(built, builtFrom);
    built.forEach(cluster::pod);
  }

  /**
   * Refuses a pod whose {@code status.podIPs} holds an address an earlier pod (by where it was
   * written) already has; host-network pods share their node's address and are left out.
   */
  private void refuseSharedAddresses(List<Pod> built, List<PendingPod> from) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < built.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparing(
            (Integer i) -> from.get(i).origin().location(), ClusterAssembler::compareLocations));
    Map<IpAddress, Integer> holder = new HashMap<>();
    for (int i : order) {
      Pod pod = built.get(i);
      if (pod.hostNetwork()) {
        continue;
      }
      for (int k = 0; k < pod.ips().size(); k++) {
        IpAddress ip = pod.ips().get(k);
        Integer previous = holder.putIfAbsent(ip, i);
        if (previous != null) {
          Origin o = from.get(i).origin();
          Pod first = built.get(previous);
          d.problem(
              o.location(),
              Fields.join(o.base(), k == 0 ? "status.podIP" : "status.podIPs[" + k + "].ip"),
              "address "
                  + ip
                  + " of pod "
                  + pod.id()
                  + " is already used by pod "
                  + first.id()
                  + " at "
                  + from.get(previous).origin().location()
                  + ": two pods cannot share an address (remove the podIP to let netpol assign"
                  + " one)");
        }
      }
    }
  }

  private Optional<Cluster> build() {
    try {
      return Optional.of(cluster.sources(sources.build()).build());
    } catch (InvalidModelException e) {
      SourceLocation where = SourceLocation.of("cluster");
      e.violations().forEach(v -> d.problem(where, v.fieldPath(), v.message()));
      return Optional.empty();
    }
  }

  /** Source, then line, then column. */
  static int compareLocations(SourceLocation a, SourceLocation b) {
    int c = a.source().compareTo(b.source());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.line(), b.line());
    return c != 0 ? c : Integer.compare(a.column(), b.column());
  }

  /**
   * Names in natural order: runs of digits compare as numbers ({@code web-2} before {@code
   * web-10}), the rest character by character; names equal that way fall back to plain order.
   */
  static int compareNames(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (isDigit(x) && isDigit(y)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int c = compareNumbers(a, skipZeros(a, i, endA), endA, b, skipZeros(b, j, endB), endB);
        if (c != 0) {
          return c;
        }
        i = endA;
        j = endB;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The start of a run of digits without its leading zeros (keeping a last "0"). */
  private static int skipZeros(String s, int from, int end) {
    int k = from;
    while (k < end - 1 && s.charAt(k) == '0') {
      k++;
    }
    return k;
  }

  /** Two runs of digits (without leading zeros) by value, of any length. */
  private static int compareNumbers(String a, int i, int endA, String b, int j, int endB) {
    int c = Integer.compare(endA - i, endB - j);
    for (int k = 0; c == 0 && k < endA - i; k++) {
      c = Character.compare(a.charAt(i + k), b.charAt(j + k));
    }
    return c;
  }
}
