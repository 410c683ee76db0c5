package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.EndpointResolutionException;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.spi.PendingCheck;
import dev.netpol.core.table.TruthTable;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link NetpolTest} and {@link ReachabilityTest}: it loads the
 * {@link Manifests} once per run, resolves netpol parameters, runs truth tables, fails a test that
 * leaves a netpol-assertj chain unfinished, and reports the reachability table of a failed test.
 *
 * <pre>{@code
 * @ExtendWith(NetpolExtension.class)   // what @NetpolTest means
 * @Manifests("k8s")
 * class PoliciesTest {
 *   @Test
 *   void loads(Cluster cluster, LoadReport report, Evaluator evaluator) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves, in test methods, lifecycle methods and constructors:
 *
 * <ul>
 *   <li>{@link Cluster}: the cluster of the manifests in scope;
 *   <li>{@link LoadReport}: what was loaded, skipped and warned about (also when the manifests are
 *       invalid, so a test can assert the problems);
 *   <li>{@link Evaluator}: the reference evaluator with the {@link Manifests} evaluation options
 *       ({@code cluster.evaluate(...)} always uses the defaults);
 *   <li>{@link Endpoint} annotated {@link Workload}, {@link Pods} or {@link PodNamed}, and {@link
 *       Pod} annotated {@link PodNamed}, each checked to name at least one pod.
 * </ul>
 *
 * <p>Failures keep their own message: an invalid manifest fails a test with the {@link
 * ManifestException} (every problem, with file, line and field path), an endpoint that names
 * nothing with the {@link EndpointResolutionException} (with the nearest misses), not with a
 * parameter-resolution wrapper. (A constructor parameter keeps JUnit's wrapper, whose message ends
 * with the same text: JUnit offers no handler there.)
 *
 * <p>Warnings of a load (a namespace never declared, a selector that matches no pod, ...) are
 * printed to {@code System.err} once per load, however many tests share it, and published once
 * per test class as a report entry named {@code netpol load warnings}:
 *
 * <pre>
 * netpol: 1 warning loading classpath:k8s:
 *   k8s/policies.yaml:7:3: spec.podSelector: podSelector app=wbe matches no pod in shop, so
 *   NetworkPolicy shop/protect-web protects nothing; nearest: app=web
 * </pre>
 *
 * <p>When a test fails and its cluster is valid, the extension publishes report entries (shown by
 * IDEs and in Surefire reports) named {@code netpol reachability PROTOCOL/NUMBER}: the
 * reachability table, in {@link TruthTable} format, of the pods the test named through
 * parameters, or of the whole cluster if it has at most {@value #REPORTED_PODS} pods, on the port
 * of a truth table, or else on the container ports of those pods (at most {@value
 * #REPORTED_PORTS}).
 */
public final class NetpolExtension
    implements AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler,
        TestWatcher,
        TestTemplateInvocationContextProvider {

  /** The largest cluster whose whole table a failed test reports. */
  public static final int REPORTED_PODS = 20;

  /** The most ports a failed test reports tables for. */
  public static final int REPORTED_PORTS = 4;

  private static final String INVOLVED_PODS = "involved pods";
  private static final String INVOLVED_PORT = "involved port";

  /** Created by JUnit, through {@code @ExtendWith(NetpolExtension.class)}. */
  public NetpolExtension() {}

  // ---------------------------------------------------------------- parameters

  /**
   * Whether a parameter is one this extension provides.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test or container
   * @return true for {@link Cluster}, {@link LoadReport}, {@link Evaluator} and annotated
   *     endpoints and pods
   */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Parameter p = parameterContext.getParameter();
    Class<?> type = p.getType();
    if (type == Cluster.class || type == LoadReport.class || type == Evaluator.class) {
      return true;
    }
    if (type == Endpoint.class) {
      return parameterContext.isAnnotated(Workload.class)
          || parameterContext.isAnnotated(Pods.class)
          || parameterContext.isAnnotated(PodNamed.class);
    }
    return type == Pod.class && parameterContext.isAnnotated(PodNamed.class);
  }

  /**
   * Provides the parameter.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test or container
   * @return the value
   * @throws ManifestException if the manifests are invalid (JUnit wraps it; the extension unwraps
   *     it again when the test fails)
   * @throws EndpointResolutionException if an endpoint names no pod
   */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    ManifestSet.Config config = config(extensionContext);
    Loaded loaded = ManifestCache.get(extensionContext, config.manifests());
    Class<?> type = parameterContext.getParameter().getType();
    if (type == LoadReport.class) {
      return loaded.report();
    }
    Cluster cluster = loaded.cluster();
    if (type == Cluster.class) {
      return cluster;
    }
    if (type == Evaluator.class) {
      return cluster.evaluator(config.options());
    }
    Endpoint endpoint = endpoint(parameterContext);
    ImmutableList<Pod> pods = Resolution.pods(cluster, endpoint);
    involve(extensionContext, pods);
    return type == Pod.class ? pods.get(0) : endpoint;
  }

  private static Endpoint endpoint(ParameterContext p) {
    Optional<Workload> workload = p.findAnnotation(Workload.class);
    if (workload.isPresent()) {
      return Endpoint.workload(workload.get().value());
    }
    Optional<Pods> pods = p.findAnnotation(Pods.class);
    if (pods.isPresent()) {
      String ns = pods.get().namespace();
      return ns.isEmpty() ? Endpoint.pods(pods.get().value()) : Endpoint.pods(ns, pods.get().value());
    }
    return Endpoint.pod(p.findAnnotation(PodNamed.class).orElseThrow().value());
  }

  private static ManifestSet.Config config(ExtensionContext context) {
    return ManifestSet.of(context)
        .orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "no @Manifests for " + context.getDisplayName()
                        + ": annotate the test class or method, e.g. @Manifests(\"k8s\")"));
  }

  // ---------------------------------------------------------------- unfinished work

  /**
   * Fails the test if it left work unfinished on its thread, such as a netpol-assertj chain
   * without its port ({@code assertThat(cluster).denies(a).to(b);}), so that this test fails and
   * not a later one. The checks are the {@link PendingCheck}s on the class path, found once per
   * run; each forgets what it reports.
   *
   * @param context the test
   * @throws AssertionError the first check's error, with any others added as suppressed
   */
  @Override
  @SuppressWarnings({"deprecation", "unchecked"})
  public void afterEach(ExtensionContext context) {
    List<PendingCheck> checks =
        context.getRoot()
            .getStore(ManifestCache.NAMESPACE)
            .getOrComputeIfAbsent(PendingCheck.class, k -> PendingCheck.installed(), List.class);
    AssertionError first = null;
    for (PendingCheck check : checks) {
      Optional<AssertionError> pending = check.takePending();
      if (pending.isPresent() && first == null) {
        first = pending.get();
      } else if (pending.isPresent()) {
        first.addSuppressed(pending.get());
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // ---------------------------------------------------------------- failures keep their message

  /**
   * Rethrows a manifest, endpoint or configuration error that JUnit wrapped while resolving a
   * parameter, so the test fails with its own message; rethrows anything else unchanged.
   *
   * @param context the test
   * @param throwable what the test threw
   * @throws Throwable always: the unwrapped error or {@code throwable}
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw unwrap(throwable);
  }

  /**
   * As {@link #handleTestExecutionException}, for {@code @BeforeAll} methods.
   *
   * @param context the container
   * @param throwable what the method threw
   * @throws Throwable always: the unwrapped error or {@code throwable}
   */
  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw unwrap(throwable);
  }

  /**
   * As {@link #handleTestExecutionException}, for {@code @BeforeEach} methods.
   *
   * @param context the test
   * @param throwable what the method threw
   * @throws Throwable always: the unwrapped error or {@code throwable}
   */
  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw unwrap(throwable);
  }

  /**
   * As {@link #handleTestExecutionException}, for {@code @AfterEach} methods.
   *
   * @param context the test
   * @param throwable what the method threw
   * @throws Throwable always: the unwrapped error or {@code throwable}
   */
  @Override
  public void handleAfterEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw unwrap(throwable);
  }

  /**
   * As {@link #handleTestExecutionException}, for {@code @AfterAll} methods.
   *
   * @param context the container
   * @param throwable what the method threw
   * @throws Throwable always: the unwrapped error or {@code throwable}
   */
  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw unwrap(throwable);
  }

  private static Throwable unwrap(Throwable throwable) {
    Throwable cause = throwable.getCause();
    if (throwable instanceof ParameterResolutionException
        && (cause instanceof ManifestException
            || cause instanceof EndpointResolutionException
            || cause instanceof ExtensionConfigurationException)) {
      return cause;
    }
    return throwable;
  }

  // ---------------------------------------------------------------- truth tables

  /**
   * Whether a test template is a {@link ReachabilityTest}.
   *
   * @param context the template method
   * @return true if it is annotated {@link ReachabilityTest}
   */
  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, ReachabilityTest.class))
        .orElse(false);
  }

  /**
   * One invocation per cell of the table.
   *
   * @param context the template method
   * @return the invocations, row by row
   * @throws ManifestException if the manifests are invalid
   * @throws IllegalArgumentException naming file and line, if the table is invalid or names a pod
   *     the cluster does not have
   */
  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    ManifestSet.Config config = config(context);
    Cluster cluster = ManifestCache.get(context, config.manifests()).cluster();
    String location =
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), ReachabilityTest.class)
            .orElseThrow()
            .value();
    CellTests check = new CellTests(cluster, config.options(), ExpectedTable.load(location));
    return check.cells().map(cell -> invocation(check, cell));
  }

  private static TestTemplateInvocationContext invocation(
      CellTests check, TruthTable.Cell cell) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return check.displayName(cell);
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        BeforeTestExecutionCallback checkCell =
            context -> {
              involve(context, check.pods());
              context.getStore(ManifestCache.NAMESPACE).put(INVOLVED_PORT, check.expected().port());
              check.check(cell);
            };
        return List.of(checkCell);
      }
    };
  }

  // ---------------------------------------------------------------- reporting

  private static void involve(ExtensionContext context, List<Pod> pods) {
    ExtensionContext.Store store = context.getStore(ManifestCache.NAMESPACE);
    @SuppressWarnings("unchecked")
    Set<Pod> involved = (Set<Pod>) store.get(INVOLVED_PODS, Set.class);
    if (involved == null) {
      involved = new LinkedHashSet<>();
      store.put(INVOLVED_PODS, involved);
    }
    involved.addAll(pods);
  }

  /**
   * Publishes the reachability tables of the failed test's pods, if its cluster is valid.
   *
   * @param context the failed test
   * @param cause why it failed
   */
  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Optional<ManifestSet.Config> config;
    try {
      config = ManifestSet.of(context);
    } catch (ExtensionConfigurationException e) {
      return; // the failure says it already
    }
    if (config.isEmpty()) {
      return;
    }
    Optional<Cluster> cluster =
        ManifestCache.get(context, config.get().manifests()).clusterIfValid();
    if (cluster.isEmpty()) {
      return;
    }
    ExtensionContext.Store store = context.getStore(ManifestCache.NAMESPACE);
    @SuppressWarnings("unchecked")
    Set<Pod> involved = (Set<Pod>) store.get(INVOLVED_PODS, Set.class);
    List<Pod> pods;
    if (involved != null && !involved.isEmpty()) {
      pods = List.copyOf(involved);
    } else if (cluster.get().pods().size() <= REPORTED_PODS) {
      pods = cluster.get().pods();
    } else {
      return;
    }
    Port tablePort = store.get(INVOLVED_PORT, Port.class);
    List<Port> ports = tablePort != null ? List.of(tablePort) : containerPorts(pods);
    Evaluator evaluator = cluster.get().evaluator(config.get().options());
    List<String> ids = pods.stream().map(Pod::id).collect(Collectors.toList());
    for (Port port : ports) {
      ExpectedTable table =
          ExpectedTable.of(port, ids, ids, (s, d) -> evaluator.evaluate(
              cluster.get().pod(s).orElseThrow(), cluster.get().pod(d).orElseThrow(), port)
              .allowed());
      context.publishReportEntry("netpol reachability " + port, table.format());
    }
  }

  private static List<Port> containerPorts(List<Pod> pods) {
    return pods.stream()
        .flatMap(p -> p.containerPorts().stream())
        .map(ContainerPort::port)
        .distinct()
        .sorted()
        .limit(REPORTED_PORTS)
        .collect(Collectors.toList());
  }
}
