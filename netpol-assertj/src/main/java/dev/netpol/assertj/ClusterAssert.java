package dev.netpol.assertj;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.IsolationAnswer;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.table.TruthTable;
import java.util.Optional;
import java.util.function.Supplier;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions about the NetworkPolicies of a {@link Cluster}: who may reach whom on which ports,
 * and which pods are isolated. Obtain one with {@link NetpolAssertions#assertThat(Cluster)}.
 *
 * <pre>{@code
 * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
 * assertThat(cluster).denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
 * assertThat(cluster).isolatesIngressOf(workload("default/backend"));
 * }</pre>
 *
 * <p>{@code as(...)}, {@code withFailMessage(...)} and {@code withRepresentation(...)} apply to
 * every assertion of this object, chains included. The class and its assertion methods are not
 * final so that {@link NetpolSoftAssertions} can proxy them.
 */
public class ClusterAssert extends AbstractAssert<ClusterAssert, Cluster> {

  /**
   * Assertions about a cluster; prefer {@link NetpolAssertions#assertThat(Cluster)}.
   *
   * @param actual the cluster
   */
  public ClusterAssert(Cluster actual) {
    super(actual, ClusterAssert.class);
  }

  /**
   * Starts asserting that {@code source} may connect to a destination: holds iff <em>every</em>
   * (source pod, destination pod) pair is allowed on <em>every</em> port asked; with a CIDR,
   * every address of it outside the cluster's pods.
   *
   * <pre>{@code
   * assertThat(cluster).allows(workload("default/frontend")).to(workload("default/backend")).onTcp(80);
   * }</pre>
   *
   * <p>An endpoint that matches no pod fails the assertion with the nearest misses, never a vacuous
   * pass. The chain asserts nothing until a port terminal ({@code onTcp}, {@code onUdp}, {@code
   * onSctp}, {@code on}, {@code onTcpPorts}, {@code onNamedPort}, {@code onAllPorts}) ends it. A
   * chain left without one, {@code assertThat(cluster).allows(a).to(b);}, does not pass silently:
   * it is recorded for this thread with the place it was started, and the next netpol assertion of
   * the thread fails with {@code unfinished netpol assertion started at FooTest.java:42 ...}; at
   * the end of a test, {@link NetpolAssertionsExtension} (JUnit Jupiter) or {@link
   * NetpolAssertions#verifyNoUnfinishedAssertions()} (any other framework) reports it. Compilers
   * and checkers that honour {@link CheckReturnValue} warn about it too.
   *
   * @param source the pods (or addresses) opening connections
   * @return the next step: {@link ConnectionFrom#to(Endpoint)}
   * @throws AssertionError if a chain of this thread was left unfinished before
   */
  @CheckReturnValue
  public final ConnectionFrom allows(Endpoint source) {
    return new ConnectionFrom(this, actual, true, source);
  }

  /**
   * Starts asserting that {@code source} may <em>not</em> connect to a destination: holds iff
   * <em>every</em> (source pod, destination pod) pair is denied on <em>every</em> port asked; with a
   * CIDR, every address of it outside the cluster's pods.
   *
   * <pre>{@code
   * assertThat(cluster).denies(workload("default/frontend")).to(cidr("0.0.0.0/0")).onAllPorts();
   * }</pre>
   *
   * <p>An endpoint that matches no pod fails the assertion with the nearest misses: a typo in a
   * label can never make {@code denies} pass. As for {@link #allows(Endpoint)}, the chain must end
   * with a port terminal; one left unfinished is reported by the next netpol assertion of the
   * thread, by {@link NetpolAssertionsExtension} or by {@link
   * NetpolAssertions#verifyNoUnfinishedAssertions()}.
   *
   * @param source the pods (or addresses) opening connections
   * @return the next step: {@link ConnectionFrom#to(Endpoint)}
   * @throws AssertionError if a chain of this thread was left unfinished before
   */
  @CheckReturnValue
  public final ConnectionFrom denies(Endpoint source) {
    return new ConnectionFrom(this, actual, false, source);
  }

  /**
   * Verifies that every pod of an endpoint is isolated for ingress: some NetworkPolicy of its
   * namespace selects it and has {@code Ingress} among its effective {@code policyTypes}, so only
   * what policies allow can reach it (docs/semantics.md#isolation).
   *
   * <pre>{@code
   * assertThat(cluster).isolatesIngressOf(workload("default/backend"));
   * }</pre>
   *
   * @param endpoint the pods, e.g. a workload or a namespace
   * @return this assertion object
   * @throws AssertionError naming the pods that are not isolated and the policies of their
   *     namespace with their selectors
   */
  public ClusterAssert isolatesIngressOf(Endpoint endpoint) {
    PendingChains.verifyNone();
    return fulfils(() -> isolation(endpoint, PolicyType.INGRESS));
  }

  /**
   * Verifies that every pod of an endpoint is isolated for egress: some NetworkPolicy of its
   * namespace selects it and has {@code Egress} among its effective {@code policyTypes} (note that
   * {@code egress: []} without {@code policyTypes} does not isolate egress,
   * docs/semantics.md#effective-policytypes).
   *
   * <pre>{@code
   * assertThat(cluster).isolatesEgressOf(workload("default/frontend"));
   * }</pre>
   *
   * @param endpoint the pods, e.g. a workload or a namespace
   * @return this assertion object
   * @throws AssertionError naming the pods that are not isolated and the policies of their
   *     namespace with their selectors
   */
  public ClusterAssert isolatesEgressOf(Endpoint endpoint) {
    PendingChains.verifyNone();
    return fulfils(() -> isolation(endpoint, PolicyType.EGRESS));
  }

  /**
   * Verifies the whole reachability table of some pods on one port, as the reachability engine
   * computes it ({@code ReachabilityEngine.withDefaults()}, the evaluator's default options):
   * rows are sources, columns destinations, pods named by id {@code namespace/name}.
   *
   * <pre>{@code
   * assertThat(cluster).hasReachability(TruthTable.parse("tables/tcp-80.txt", Files.readString(path)));
   * }</pre>
   *
   * <p>A failure lists only the differing cells, each with the reference evaluator's explanation,
   * then the actual table, ready to copy over the expected one if the change is intended. A pod id
   * the cluster lacks fails the assertion with the nearest ids. The text is core's {@link
   * dev.netpol.core.table.TableComparison#describe()}, the same as {@code @ReachabilityTest}'s.
   *
   * @param expected the table, with a port ({@code # port: TCP/80})
   * @return this assertion object
   * @throws AssertionError if a cell differs or a pod of the table is not in the cluster
   * @throws IllegalArgumentException if the table has no port
   */
  public ClusterAssert hasReachability(TruthTable expected) {
    PendingChains.verifyNone();
    expected.requirePort();
    return fulfils(() -> ReachabilityMatrixAssert.tableFailure(
        ReachabilityEngine.withDefaults().build(actual), expected));
  }

  // ---- exposure (dev.netpol.core.exposure) ----

  /**
   * Starts asserting what one workload is open to, from the cluster's exposure ({@code
   * cluster.exposure()}): who may connect to it, on which ports.
   *
   * <pre>{@code
   * assertThat(cluster).workload("prod/db").isNotExposedOutsideNamespace();
   * assertThat(cluster).workload("prod/db").isNotReachableFrom(cidr("0.0.0.0/0"));
   * }</pre>
   *
   * <p>A workload is a Deployment, StatefulSet, DaemonSet, Job... with all its pods, or a pod that
   * belongs to none, named {@code namespace/name}. An id that names neither fails at once with the
   * nearest names. The exposure is computed once per cluster and kept while the cluster is.
   *
   * @param id {@code namespace/name} of a workload or of a lone pod
   * @return the assertions about that workload
   * @throws AssertionError if the cluster has no such workload
   */
  @CheckReturnValue
  public final WorkloadAssert workload(String id) {
    PendingChains.verifyNone();
    boolean known = actual.pods().stream()
        .anyMatch(p -> dev.netpol.core.reach.WorkloadMatrix.groupId(p).equals(id));
    fulfils(() -> known
        ? Optional.empty()
        : Optional.of(ShouldHaveWorkload.shouldHaveWorkload(actual, id)));
    return new WorkloadAssert(this, actual, id, known ? Exposures.of(actual) : null, null);
  }

  // ---- Lint (docs/lint.md): findings of cluster.lint() ----

  /**
   * Verifies that {@code cluster.lint()} finds nothing: no selector that matches nothing, no rule
   * that admits nothing or that another covers, no egress isolation without DNS... (every code of
   * docs/lint.md).
   *
   * <pre>{@code
   * assertThat(Cluster.load(Path.of("k8s"))).hasNoFindings();
   * }</pre>
   *
   * @return this assertion object
   * @throws AssertionError listing every finding with its code, file:line:column and field path,
   *     message and fix
   */
  public ClusterAssert hasNoFindings() {
    PendingChains.verifyNone();
    return fulfils(() -> findings(java.util.Set.of()));
  }

  /**
   * Verifies that {@code cluster.lint()} finds nothing but findings of the codes given: for what
   * is meant (a public entry point open to {@code 0.0.0.0/0}, a namespace half-isolated on
   * purpose).
   *
   * <pre>{@code
   * assertThat(cluster).hasNoFindingsExcept("ingress-from-anywhere", "isolation-gap");
   * }</pre>
   *
   * @param codes codes of docs/lint.md, e.g. {@code ingress-from-anywhere}
   * @return this assertion object
   * @throws AssertionError listing every other finding with its code, location, message and fix
   * @throws IllegalArgumentException if a code is not one of docs/lint.md (a typo would otherwise
   *     let nothing through), naming the known codes
   */
  public ClusterAssert hasNoFindingsExcept(String... codes) {
    PendingChains.verifyNone();
    java.util.Set<String> allowed = new java.util.TreeSet<>();
    for (String code : codes) {
      if (dev.netpol.core.lint.LintCode.parse(code).isEmpty()) {
        throw new IllegalArgumentException(
            "unknown lint code \"" + code + "\"; the codes are "
                + java.util.Arrays.toString(dev.netpol.core.lint.LintCode.values()));
      }
      allowed.add(code);
    }
    return fulfils(() -> findings(allowed));
  }

  private Optional<ErrorMessageFactory> findings(java.util.Set<String> allowed) {
    java.util.List<dev.netpol.core.lint.Finding> found = new java.util.ArrayList<>();
    for (dev.netpol.core.lint.Finding f : actual.lint()) {
      if (!allowed.contains(f.code().code())) {
        found.add(f);
      }
    }
    return found.isEmpty()
        ? Optional.empty()
        : Optional.of(ShouldHaveNoFindings.shouldHaveNoFindings(actual, allowed, found));
  }

  // ---- end of lint ----

  /**
   * Runs a check and fails with its message, if it reports one. It is the one place where the
   * terminals of a chain fail, so that {@link NetpolSoftAssertions} (whose proxy intercepts this
   * method) collects their failures; {@code as(...)} descriptions prefix the message.
   *
   * <pre>{@code
   * fulfils(() -> Optional.of(new BasicErrorMessageFactory("expected %s", "more")));   // fails
   * }</pre>
   *
   * @param check computes the failure message, or empty if the expectation holds
   * @return this assertion object
   * @throws AssertionError with the check's message
   */
  protected ClusterAssert fulfils(Supplier<Optional<ErrorMessageFactory>> check) {
    Optional<ErrorMessageFactory> failure = check.get();
    if (failure.isPresent()) {
      throwAssertionError(failure.get());
    }
    return myself;
  }

  /** Core's isolation answer, as a failure message if some pod is not isolated. */
  private Optional<ErrorMessageFactory> isolation(Endpoint endpoint, PolicyType direction) {
    IsolationAnswer answer;
    try {
      answer = actual.isolation(endpoint, direction);
    } catch (EndpointResolutionException e) {
      return Optional.of(
          ShouldResolve.shouldResolve(ShouldIsolate.expectation(direction), e, endpoint));
    }
    if (!answer.outside().isEmpty()) {
      return Optional.of(ShouldIsolate.outside(endpoint, direction));
    }
    return answer.allIsolated()
        ? Optional.empty()
        : Optional.of(ShouldIsolate.shouldIsolate(actual, answer));
  }
}
