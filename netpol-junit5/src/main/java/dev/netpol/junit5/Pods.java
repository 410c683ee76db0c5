package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link dev.netpol.core.Endpoint} for the pods a label selector (kubectl {@code -l}
 * syntax) matches, in one namespace or in all, checked against the cluster: a selection that
 * matches no pod fails the test with the nearest misses, e.g. {@code pods app=frontnd: no pod has
 * app=frontnd; pods have app in {backend, frontend}}.
 *
 * <pre>{@code
 * @Test
 * void dnsIsReachable(Cluster cluster,
 *     @Pods("app=frontend") Endpoint frontend,                        // every namespace
 *     @Pods(namespace = "kube-system", value = "k8s-app=kube-dns") Endpoint dns) {
 *   assertTrue(cluster.evaluate(frontend, dns, Port.udp(53)).allowed());
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Pods {
  /**
   * The label selector.
   *
   * @return e.g. {@code "app=backend"} or {@code "tier in (web,api)"}
   */
  String value();

  /**
   * The namespace to select in.
   *
   * @return a namespace name; default empty: every namespace
   */
  String namespace() default "";
}
