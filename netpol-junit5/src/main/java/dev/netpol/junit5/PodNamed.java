package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one pod, checked against the cluster: as an {@link dev.netpol.core.Endpoint}, or as
 * the {@link dev.netpol.core.model.Pod} itself (for {@code cluster.evaluate(Pod, Pod, Port)}). A
 * pod that does not exist fails the test with the nearest misses.
 *
 * <pre>{@code
 * @Test
 * void frontendPodReachesBackendPod(Cluster cluster,
 *     @PodNamed("default/frontend-0") Pod frontend,
 *     @PodNamed("default/backend-1") Pod backend) {
 *   Verdict verdict = cluster.evaluate(frontend, backend, Port.tcp(80));
 *   assertTrue(verdict.allowed(), verdict.explain());
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PodNamed {
  /**
   * The pod.
   *
   * @return {@code namespace/name}, e.g. {@code "default/frontend-0"}
   */
  String value();
}
