package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The manifests a {@link NetpolTest} loads, and how: the files and directories you would give
 * {@code kubectl apply -f}, and the loader and evaluation options.
 *
 * <pre>{@code
 * @NetpolTest
 * @Manifests({"k8s/base", "k8s/policies"})            // classpath: src/test/resources/k8s/...
 * class PoliciesTest {
 *   @Test
 *   void usesTheClassManifests(Cluster cluster) { ... }
 *
 *   @Test
 *   @Manifests("file:build/rendered/helm.yaml")          // replaces the class's set
 *   void checksTheHelmRender(Cluster cluster) { ... }
 *
 *   @Test
 *   @Manifests(value = "k8s/extra-policy.yaml", inherit = true)   // class's set plus one file
 *   void withTheExtraPolicy(Cluster cluster) { ... }
 * }
 * }</pre>
 *
 * <p><b>Locations.</b> A location without prefix, or with {@code classpath:}, is a classpath
 * resource (file or directory, in a directory or a jar); {@code file:} names a file or directory
 * on the file system, relative to the working directory unless absolute. The classpath is the
 * default because a test runs from any working directory (the module, the repository root, an
 * IDE's choice) and always sees the same classpath, e.g. {@code src/test/resources}. Directories
 * are searched recursively for {@code *.yaml}, {@code *.yml} and {@code *.json}.
 *
 * <p><b>Class and method.</b> On a method, the annotation <em>replaces</em> the class's (a test
 * about another set of manifests should not see the class's objects by accident). With {@code
 * inherit = true} it <em>extends</em> the class's set instead: the method's locations are loaded
 * after the class's, with the class's options; giving options on such a method is an error, since
 * one cluster cannot have two. A {@code @Nested} class without its own annotation uses its
 * enclosing class's.
 *
 * <p><b>Caching.</b> A set of manifests is loaded once per test run (per JUnit engine), keyed by
 * its locations and loader options, and shared by every test that names the same set: a suite of
 * 200 tests over the same manifests loads them once. The evaluation options do not change the
 * cluster, only the {@link dev.netpol.core.eval.Evaluator} a test receives.
 *
 * <p><b>Errors.</b> If the manifests are invalid, every test that asks for the {@link
 * dev.netpol.core.Cluster} (or an evaluator or endpoint built from it) fails with the {@link
 * dev.netpol.core.manifest.ManifestException}: every problem, with file, line and field path. A
 * test that asks only for the {@link dev.netpol.core.manifest.LoadReport} still runs, so a test
 * can assert that a broken manifest is refused.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Manifests {

  /**
   * The files and directories to load, in order; each a classpath resource (default, or prefix
   * {@code classpath:}) or a file system path (prefix {@code file:}).
   *
   * @return e.g. {@code {"k8s/base", "file:target/rendered"}}
   */
  String[] value();

  /**
   * On a method: whether its locations are added to the class's set (true) or replace it (false,
   * the default). Ignored on a class.
   *
   * @return true to extend the class's set
   */
  boolean inherit() default false;

  /**
   * The namespace of objects without {@code metadata.namespace}, as {@code kubectl apply -n}.
   *
   * @return a namespace name; default {@code default}
   */
  String defaultNamespace() default "default";

  /**
   * The block pod addresses are allocated from, for pods without {@code status.podIPs}.
   *
   * @return CIDR notation; default {@code 10.244.0.0/16}
   */
  String podCidr() default "10.244.0.0/16";

  /**
   * The number of nodes, so the number of pods each DaemonSet makes.
   *
   * @return at least 1; default 1
   */
  int daemonSetNodes() default 1;

  /**
   * Whether to add the usual system pods (namespace {@code kube-system}, CoreDNS pods labelled
   * {@code k8s-app: kube-dns} and the {@code kube-dns} Service) unless the manifests define them,
   * so DNS egress rules can be tested; see {@link
   * dev.netpol.core.manifest.ManifestLoader.Builder#systemPods(boolean)}.
   *
   * @return default false: the cluster holds only what you load
   */
  boolean systemPods() default false;

  /**
   * Whether an {@code ipBlock} peer matches pods whose address is in the block
   * (docs/semantics.md#plugin-options;
   * {@link dev.netpol.core.policy.EvaluationOptions#ipBlockMatchesPods()}). Applies to the {@link
   * dev.netpol.core.eval.Evaluator} parameter and truth tables, not to {@code
   * cluster.evaluate(...)}, which always uses the defaults.
   *
   * @return default true, as the conformance tests expect
   */
  boolean ipBlockMatchesPods() default true;

  /**
   * Whether a pod's connection to itself is always allowed (docs/semantics.md#plugin-options;
   * {@link
   * dev.netpol.core.policy.EvaluationOptions#selfTrafficAlwaysAllowed()}). Applies to the {@link
   * dev.netpol.core.eval.Evaluator} parameter and truth tables, not to {@code
   * cluster.evaluate(...)}, which always uses the defaults.
   *
   * @return default false: judged like any pair
   */
  boolean selfTrafficAlwaysAllowed() default false;
}
