package dev.netpol.core.reach;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Iterators;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.table.TruthTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Who can reach whom in one cluster: every source pod, every destination pod, every port, and
 * addresses outside the cluster. Built by {@link ReachabilityEngine}.
 *
 * <pre>{@code
 * ReachabilityMatrix m = ReachabilityEngine.withDefaults().build(cluster);
 * m.allowed(frontend, backend, Port.tcp(80));        // one cell, both ends judged
 * m.allowedDestinations(frontend, Port.tcp(80));     // a row
 * Cidr.format(m.egressToOutside(frontend, Port.tcp(443)));   // e.g. "198.51.100.0/26, ..."
 * m.truthTable(cluster.pods(), Port.tcp(80));        // the upstream e2e table
 * }</pre>
 *
 * <p>A connection between pods is allowed iff the source's egress and the destination's ingress
 * both allow it (docs/semantics.md#both-ends); a connection with an address outside the cluster is
 * judged by
 * the pod's side alone. Answers are exact for every port: ports are split into {@link
 * #portAtoms() atoms} where no policy draws a line inside.
 *
 * <p>Dual-stack pods: a connection uses one IP family at both ends, so an {@code ipBlock} sees
 * only the other pod's addresses of that family. A pod pair is allowed iff some family in which
 * both pods have an address allows it on both sides; pods sharing no family are judged with no
 * {@code ipBlock} matching either. The same holds for every pod-to-pod answer of this class and
 * of {@link PortMatrix}, as for {@link dev.netpol.core.eval.Evaluator}.
 */
public final class ReachabilityMatrix {
  private final Index index;

  /** The families the cluster is judged in: the one compilation, or one per IP family. */
  private final Families families;

  /** The pods' cells and their answers on any port; no family branch past this point. */
  private final Cells cells;

  /** The threads {@link #forEachAtom} and {@link MatrixDiff#between} compute atoms on. */
  private final int parallelism;

  ReachabilityMatrix(Index index, Families families) {
    this(index, families, 1);
  }

  ReachabilityMatrix(Index index, Families families, int parallelism) {
    this.index = index;
    this.families = families;
    this.parallelism = parallelism;
    this.cells =
        families.combine(
            families.compilations().stream().map(ClassCells::new).toArray(Cells[]::new));
  }

  /** Whether a pod of a cell may connect to itself on a port: see PortMatrix#selfAllowed. */
  boolean selfAllowed(int cell, Port port) {
    return index.options.selfTrafficAlwaysAllowed() || cells.allowedSelf(cell, port);
  }

  /** The self answers of one atom's matrix, where they may differ from the cells'. */
  private @Nullable IntPredicate selfAnswers(PortRange atom) {
    if (index.hairpinTiers == null || index.options.selfTrafficAlwaysAllowed()) {
      return null;
    }
    Port port = atom.representative();
    return cell -> selfAllowed(cell, port);
  }

  /** The cell of a pod, checking the pod is the cluster's own. */
  int cellOf(Pod pod) {
    return cells.cellOf(pod);
  }

  /** The baselines of one protocol, one per compilation. */
  Baseline[] baselines(Protocol protocol) {
    return families.compilations().stream()
        .map(i -> Baseline.compute(i, protocol))
        .toArray(Baseline[]::new);
  }

  /** The matrix of one atom, from {@link #baselines} of its protocol. */
  PortMatrix compute(Baseline[] baselines, PortRange atom) {
    ImmutableList<Index> compilations = families.compilations();
    Cells[] each = new Cells[compilations.size()];
    for (int f = 0; f < each.length; f++) {
      each[f] = AtomCells.compute(compilations.get(f), baselines[f], atom);
    }
    return new PortMatrix(index.options, atom, families.combine(each), selfAnswers(atom));
  }

  /**
   * The cluster this matrix answers for.
   *
   * @return the cluster
   */
  public Cluster cluster() {
    return index.cluster;
  }

  /**
   * The plugin-defined behaviours applied.
   *
   * @return the options
   */
  public EvaluationOptions options() {
    return index.options;
  }

  /**
   * The number of pod equivalence classes: groups of pods no policy can tell apart.
   *
   * @return at most the number of pods
   */
  public int classCount() {
    return cells.count();
  }

  /**
   * Whether a source pod may open a connection to a destination pod on a port: one cell.
   *
   * @param source a pod of this cluster
   * @param destination a pod of this cluster
   * @param port the destination port (after Service translation)
   * @return true if the source's egress and the destination's ingress both allow it
   * @throws IllegalArgumentException if a pod is not (or no longer) in this cluster
   */
  public boolean allowed(Pod source, Pod destination, Port port) {
    int s = cellOf(source);
    int d = cellOf(destination);
    if (source.id().equals(destination.id())) {
      return selfAllowed(s, port);
    }
    return cells.allowed(s, d, port);
  }

  /**
   * Whether the answer of {@link #allowed} for a pair went through a tie: on some side, the rule
   * that decided or passed belongs to a cluster-scoped policy that shares its tier and priority
   * with another policy applying to the same pod (docs/cluster-policies.md#ties). The API leaves
   * the order of such policies undefined; netpol consults them in its documented order. Whether
   * another order would change the answer is the evaluator's to say
   * ({@code cluster.evaluate(...).undefined()}); this mark finds the cells worth asking about.
   *
   * <pre>{@code
   * if (m.dependsOnTie(web, db, Port.tcp(5432))) {
   *   // give one of the tied policies its own priority
   * }
   * }</pre>
   *
   * @param source a pod of this cluster
   * @param destination a pod of this cluster
   * @param port the destination port
   * @return true if a tied policy decided or passed a side; false without cluster-scoped policies
   * @throws IllegalArgumentException if a pod is not (or no longer) in this cluster
   */
  public boolean dependsOnTie(Pod source, Pod destination, Port port) {
    int s = cellOf(source);
    int d = cellOf(destination);
    if (source.id().equals(destination.id())) {
      return !index.options.selfTrafficAlwaysAllowed() && cells.tiedSelf(s, port);
    }
    return cells.tied(s, d, port);
  }

  /**
   * Every pod a source may reach on a port (a row of the matrix), in the cluster's pod order.
   *
   * @param source a pod of this cluster
   * @param port the destination port
   * @return the allowed destinations
   * @throws IllegalArgumentException if the pod is not in this cluster
   */
  public ImmutableList<Pod> allowedDestinations(Pod source, Port port) {
    int s = cellOf(source);
    boolean[] ok = new boolean[cells.count()];
    for (int d = 0; d < ok.length; d++) {
      ok[d] = cells.allowed(s, d, port);
    }
    ImmutableList.Builder<Pod> out = ImmutableList.builder();
    for (Pod pod : index.cluster.pods()) {
      if (pod.id().equals(source.id()) ? selfAllowed(s, port) : ok[cells.cellOf(pod.id())]) {
        out.add(pod);
      }
    }
    return out.build();
  }

  /**
   * Every pod that may reach a destination on a port (a column of the matrix).
   *
   * @param destination a pod of this cluster
   * @param port the destination port
   * @return the allowed sources, in the cluster's pod order
   * @throws IllegalArgumentException if the pod is not in this cluster
   */
  public ImmutableList<Pod> allowedSources(Pod destination, Port port) {
    int d = cellOf(destination);
    boolean[] ok = new boolean[cells.count()];
    for (int s = 0; s < ok.length; s++) {
      ok[s] = cells.allowed(s, d, port);
    }
    ImmutableList.Builder<Pod> out = ImmutableList.builder();
    for (Pod pod : index.cluster.pods()) {
      if (pod.id().equals(destination.id())
          ? selfAllowed(d, port)
          : ok[cells.cellOf(pod.id())]) {
        out.add(pod);
      }
    }
    return out.build();
  }


  /**
   * Every denied pair of a source list and a destination list on a port, e.g. to gate CI on
   * "frontend must reach every backend".
   *
   * @param sources pods of this cluster
   * @param destinations pods of this cluster
   * @param port the destination port
   * @return the denied pairs, sources in order, then destinations in order
   * @throws IllegalArgumentException if a pod is not in this cluster
   */
  public ImmutableList<PodPair> deniedPairs(
      List<Pod> sources, List<Pod> destinations, Port port) {
    int[] dst = destinations.stream().mapToInt(this::cellOf).toArray();
    Map<Long, Boolean> memo = new HashMap<>();
    ImmutableList.Builder<PodPair> out = ImmutableList.builder();
    for (Pod source : sources) {
      int s = cellOf(source);
      for (int j = 0; j < dst.length; j++) {
        Pod destination = destinations.get(j);
        int d = dst[j];
        boolean ok =
            source.id().equals(destination.id())
                ? selfAllowed(s, port)
                : memo.computeIfAbsent(((long) s << 32) | d, k -> cells.allowed(s, d, port));
        if (!ok) {
          out.add(new PodPair(source, destination));
        }
      }
    }
    return out.build();
  }

  /**
   * Receives the answer of one pair of {@link #forEachPair}.
   */
  @FunctionalInterface
  public interface PairVisitor {
    /**
     * One pair's answer.
     *
     * @param source the index of the source in the sources given
     * @param destination the index of the destination in the destinations given
     * @param allowed whether the connection is allowed
     */
    void visit(int source, int destination, boolean allowed);
  }

  /**
   * Walks every pair of a source list and a destination list on a port, sources in order, then
   * destinations in order, without building a list: what a question over a million pairs (two
   * namespaces of a thousand pods each) reads in memory proportional to the number of pod
   * classes, not of pairs.
   *
   * <pre>{@code
   * long[] allowed = {0};
   * matrix.forEachPair(cluster.podsIn("a"), cluster.podsIn("b"), Port.tcp(80),
   *     (s, d, ok) -> { if (ok) allowed[0]++; });
   * }</pre>
   *
   * @param sources pods of this cluster
   * @param destinations pods of this cluster
   * @param port the destination port
   * @param visitor receives each pair's answer
   * @throws IllegalArgumentException if a pod is not in this cluster
   */
  public void forEachPair(
      List<Pod> sources, List<Pod> destinations, Port port, PairVisitor visitor) {
    // Destination cells numbered compactly, so that one row per source cell holds its answers.
    Map<Integer, Integer> compact = new HashMap<>();
    int[] dst = new int[destinations.size()];
    for (int j = 0; j < dst.length; j++) {
      dst[j] = compact.computeIfAbsent(cellOf(destinations.get(j)), c -> compact.size());
    }
    int[] cellOfCompact = new int[compact.size()];
    compact.forEach((cell, k) -> cellOfCompact[k] = cell);
    Map<Integer, boolean[]> rows = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      Pod source = sources.get(i);
      int s = cellOf(source);
      boolean[] row =
          rows.computeIfAbsent(
              s,
              cell -> {
                boolean[] r = new boolean[cellOfCompact.length];
                for (int k = 0; k < r.length; k++) {
                  r[k] = cells.allowed(cell, cellOfCompact[k], port);
                }
                return r;
              });
      for (int j = 0; j < dst.length; j++) {
        boolean self = source.id().equals(destinations.get(j).id());
        visitor.visit(i, j, self ? selfAllowed(s, port) : row[dst[j]]);
      }
    }
  }

  /**
   * The addresses outside the cluster a pod may connect to on a port: only its egress counts
   * (docs/semantics.md#both-ends). A named port never matches an outside address. The set is what
   * the policies admit for an address outside the cluster; addresses of the cluster's own pods
   * are not removed from it (ask {@link #allowed} for those).
   *
   * @param source a pod of this cluster
   * @param port the destination port
   * @return the allowed addresses, IPv4 and IPv6; every address if the pod is not isolated for
   *     egress. Print them with {@link dev.netpol.core.model.Cidr#format}, as CIDR blocks
   * @throws IllegalArgumentException if the pod is not in this cluster
   */
  public ImmutableRangeSet<IpAddress> egressToOutside(Pod source, Port port) {
    return egressToOutside(index.classOf(source), port);
  }

  /** {@link #egressToOutside} of a class of the whole compilation. */
  ImmutableRangeSet<IpAddress> egressToOutside(int s, Port port) {
    boolean isolated = Bits.get(index.egressIsolated, s);
    ImmutableRangeSet<IpAddress> networkPolicy = Index.ALL_ADDRESSES;
    if (isolated) {
      TreeRangeSet<IpAddress> out = TreeRangeSet.create();
      for (int ri : index.egressRulesOf[s]) {
        Rule r = index.egressRules.get(ri);
        if (r.numericPortsAdmit(port)) {
          out.addAll(r.outside);
        }
      }
      networkPolicy = ImmutableRangeSet.copyOf(out);
    }
    return index.tiers == null
        ? networkPolicy
        : index.tiers.outside(PolicyType.EGRESS, s, port, isolated, networkPolicy);
  }


  /**
   * The addresses outside the cluster that may connect to a pod on a port: only its ingress
   * counts. Named ports resolve on the destination pod. As for {@link #egressToOutside}, pod
   * addresses are not removed from the set.
   *
   * @param destination a pod of this cluster
   * @param port the destination port
   * @return the allowed addresses; every address if the pod is not isolated for ingress
   * @throws IllegalArgumentException if the pod is not in this cluster
   */
  public ImmutableRangeSet<IpAddress> ingressFromOutside(Pod destination, Port port) {
    return ingressFromOutside(index.classOf(destination), port);
  }

  /** {@link #ingressFromOutside} of a class of the whole compilation. */
  ImmutableRangeSet<IpAddress> ingressFromOutside(int d, Port port) {
    boolean isolated = Bits.get(index.ingressIsolated, d);
    ImmutableRangeSet<IpAddress> networkPolicy = Index.ALL_ADDRESSES;
    if (isolated) {
      TreeRangeSet<IpAddress> out = TreeRangeSet.create();
      for (int ri : index.ingressRulesOf[d]) {
        Rule r = index.ingressRules.get(ri);
        if (r.portsAdmit(port, d, index)) {
          out.addAll(r.outside);
        }
      }
      networkPolicy = ImmutableRangeSet.copyOf(out);
    }
    return index.tiers == null
        ? networkPolicy
        : index.tiers.outside(PolicyType.INGRESS, d, port, isolated, networkPolicy);
  }


  /**
   * The truth table of some pods with each other on a port.
   *
   * @param pods pods of this cluster: rows and columns
   * @param port the destination port
   * @return the table, {@code .} allowed and {@code X} denied
   * @throws IllegalArgumentException if a pod is not in this cluster
   */
  public TruthTable truthTable(List<Pod> pods, Port port) {
    return truthTable(pods, pods, port);
  }

  /**
   * The truth table of sources against destinations on a port.
   *
   * @param sources the rows
   * @param destinations the columns
   * @param port the destination port
   * @return the table
   * @throws IllegalArgumentException if a pod is not in this cluster
   */
  public TruthTable truthTable(List<Pod> sources, List<Pod> destinations, Port port) {
    boolean[][] cells = new boolean[sources.size()][destinations.size()];
    for (int i = 0; i < sources.size(); i++) {
      for (int j = 0; j < destinations.size(); j++) {
        cells[i][j] = allowed(sources.get(i), destinations.get(j), port);
      }
    }
    return TruthTable.of(
        sources.stream().map(Pod::id).collect(ImmutableList.toImmutableList()),
        destinations.stream().map(Pod::id).collect(ImmutableList.toImmutableList()),
        cells);
  }

  /**
   * Every port atom: the ranges, per protocol, inside which no policy draws a line, so every
   * port of one atom gets the same answers. Together they cover 1-65535 of TCP, UDP and SCTP.
   *
   * @return the atoms, by protocol then port
   */
  public ImmutableList<PortRange> portAtoms() {
    ImmutableList.Builder<PortRange> out = ImmutableList.builder();
    for (Protocol p : Protocol.values()) {
      out.addAll(portAtoms(p));
    }
    return out.build();
  }

  /**
   * The atom holding a port.
   *
   * @param port a port
   * @return the range of ports that share its answers
   */
  public PortRange portAtom(Port port) {
    int[] starts = index.atomStarts.get(port.protocol());
    int i = Index.atomOf(starts, port.number());
    int last = i + 1 < starts.length ? starts[i + 1] - 1 : Port.MAX;
    return new PortRange(port.protocol(), starts[i], last);
  }

  /**
   * The whole matrix for the atom holding a port, computed with bitsets: what a cluster-wide
   * report reads.
   *
   * @param port a port
   * @return every cell for every port of {@code portAtom(port)}
   */
  public PortMatrix matrix(Port port) {
    return compute(baselines(port.protocol()), portAtom(port));
  }

  /**
   * Computes the whole matrix of every port atom, sharing the work common to the atoms of a
   * protocol: the full "who can reach what" of the cluster. With an engine's {@link
   * ReachabilityEngine.Builder#parallelism parallelism} above 1, atoms are computed on that many
   * threads, and still handed to the consumer one after the other, in order, on the calling
   * thread (docs/semantics.md#engine-parallelism).
   *
   * <pre>{@code
   * matrix.forEachAtom(m -> report.add(m.ports(), m.allowedPairCount()));
   * }</pre>
   *
   * @param consumer receives each atom's matrix, by protocol then port
   */
  public void forEachAtom(Consumer<PortMatrix> consumer) {
    Map<Protocol, Supplier<Baseline[]>> baselines = baselineSuppliers();
    // On several threads, every protocol's baselines are started at once: each takes as long as
    // many atoms, and the atoms of its protocol would otherwise wait for it one protocol after
    // the other. On one, a protocol's baselines are let go of once past its atoms.
    // On several threads, a task is a run of atoms: an atom of L costs tens of microseconds,
    // about what handing a task to another thread and its result back costs.
    int run = parallelism == 1 ? 1 : ATOMS_PER_TASK;
    InOrder.run(
        parallelism,
        parallelism == 1
            ? List.<Runnable>of()
            : baselines.values().stream().distinct().map(b -> (Runnable) b::get).toList(),
        Iterators.concat(
            Iterators.transform(
                Iterators.forArray(Protocol.values()),
                p -> {
                  Supplier<Baseline[]> b = baselines.remove(p);
                  return Iterators.transform(
                      Iterators.partition(portAtoms(p).iterator(), run),
                      atoms -> (Supplier<List<PortMatrix>>) () -> {
                        Baseline[] each = b.get();
                        List<PortMatrix> out = new java.util.ArrayList<>(atoms.size());
                        for (PortRange atom : atoms) {
                          out.add(compute(each, atom));
                        }
                        return out;
                      });
                })),
        (List<PortMatrix> matrices) -> matrices.forEach(consumer));
  }

  /** How many consecutive atoms of a protocol one task of a parallel walk computes. */
  private static final int ATOMS_PER_TASK = 8;

  /**
   * Per protocol, its {@link #baselines}, made once, when first asked; protocols with the same
   * baselines in every compilation ({@link Baseline#sameFor}) share one supplier.
   */
  Map<Protocol, Supplier<Baseline[]>> baselineSuppliers() {
    Map<Protocol, Supplier<Baseline[]>> out = new java.util.EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      Supplier<Baseline[]> same = null;
      for (Map.Entry<Protocol, Supplier<Baseline[]>> known : out.entrySet()) {
        if (families.compilations().stream()
            .allMatch(i -> Baseline.sameFor(i, known.getKey(), p))) {
          same = known.getValue();
          break;
        }
      }
      out.put(p, same != null ? same : cooperative(p));
    }
    return out;
  }

  /**
   * A protocol's baselines, one per compilation, computed when first asked by every thread that
   * asks at once ({@link BaselineBuild}): in parts as many as the threads of this matrix's walks.
   */
  private Supplier<Baseline[]> cooperative(Protocol protocol) {
    Supplier<List<BaselineBuild>> builds = Suppliers.memoize(() -> families.compilations()
        .stream()
        .map(i -> new BaselineBuild(i, protocol, parallelism == 1 ? 1 : 2 * parallelism))
        .toList());
    return () -> {
      List<BaselineBuild> each = builds.get();
      Baseline[] out = new Baseline[each.size()];
      for (int f = 0; f < out.length; f++) {
        out[f] = each.get(f).get();
      }
      return out;
    };
  }

  /** The threads whole-matrix walks compute atoms on. */
  int parallelism() {
    return parallelism;
  }

  /**
   * What a policy change would do: the matrix of the cluster with the change made, and every
   * answer that flips. This matrix is not modified, so an editor or a pull-request bot can ask
   * about many candidate changes of one loaded cluster, or chain them through {@link
   * WhatIf#after()} (docs/what-if.md).
   *
   * <pre>{@code
   * ReachabilityMatrix loaded = cluster.reachability();
   * WhatIf w = loaded.apply(PolicyChange.add(denyAllIngress));
   * for (MatrixDiff.Change c : w.diff().changes()) {
   *   System.out.println(c);   // default/frontend -> default/backend TCP/80: allowed -> denied
   * }
   * }</pre>
   *
   * <p>The new matrix answers exactly as one built from scratch on the changed cluster with this
   * matrix's options. Living on the matrix rather than on a mutable session keeps both versions
   * valid at once (a diff needs both) and makes each answer a value that can be shared across
   * threads; the untouched parts of the compilation are shared between them.
   *
   * @param change the change to make
   * @return the matrices before and after, and their diff
   * @throws IllegalArgumentException if a removed or replaced policy is not in the cluster (the
   *     message names it and the nearest names), or an added one already is
   */
  public WhatIf apply(PolicyChange change) {
    return Incremental.apply(this, change);
  }

  ImmutableList<PortRange> portAtoms(Protocol p) {
    ImmutableList.Builder<PortRange> out = ImmutableList.builder();
    int[] starts = index.atomStarts.get(p);
    for (int i = 0; i < starts.length; i++) {
      int last = i + 1 < starts.length ? starts[i + 1] - 1 : Port.MAX;
      out.add(new PortRange(p, starts[i], last));
    }
    return out.build();
  }

  Index index() {
    return index;
  }

  Families families() {
    return families;
  }

  /** Returns e.g. {@code ReachabilityMatrix[120 pods, 14 classes, 9 port atoms]}. */
  @Override
  public String toString() {
    return "ReachabilityMatrix["
        + index.classOfPod.size()
        + " pods, "
        + index.size
        + " classes, "
        + portAtoms().size()
        + " port atoms]";
  }
}
