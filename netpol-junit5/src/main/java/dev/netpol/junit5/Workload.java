package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link dev.netpol.core.Endpoint} for every pod of a workload (Deployment,
 * StatefulSet, DaemonSet, ...), checked against the cluster: a workload that does not exist fails
 * the test with the nearest misses, e.g. {@code workload default/frontnd: no workload
 * default/frontnd; workloads in default: [backend, frontend]}.
 *
 * <pre>{@code
 * @Test
 * void frontendReachesBackend(Cluster cluster,
 *     @Workload("default/frontend") Endpoint frontend,
 *     @Workload("default/backend") Endpoint backend) {
 *   assertTrue(cluster.evaluate(frontend, backend, Port.tcp(80)).allowed());
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Workload {
  /**
   * The workload.
   *
   * @return {@code namespace/name}, e.g. {@code "default/frontend"}
   */
  String value();
}
