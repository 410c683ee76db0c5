package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class as a netpol test: its tests may declare parameters of type {@link
 * dev.netpol.core.Cluster}, {@link dev.netpol.core.manifest.LoadReport}, {@link
 * dev.netpol.core.eval.Evaluator} and endpoints ({@link Workload}, {@link Pods}, {@link
 * PodNamed}), built from the manifests that {@link Manifests} names.
 *
 * <pre>{@code
 * @NetpolTest
 * @Manifests("k8s")                        // src/test/resources/k8s, loaded once per suite
 * class ShopPoliciesTest {
 *   @Test
 *   void frontendReachesBackendOnHttp(Cluster cluster,
 *       @Workload("default/frontend") Endpoint frontend,
 *       @Pods("app=backend") Endpoint backend) {
 *     assertTrue(cluster.evaluate(frontend, backend, Port.tcp(80)).allowed());
 *   }
 * }
 * }</pre>
 *
 * <p>It is a composed annotation: the same as {@code @ExtendWith(NetpolExtension.class)}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NetpolExtension.class)
public @interface NetpolTest {}
