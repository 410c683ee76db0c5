package dev.netpol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks an expected truth table (a file in {@link dev.netpol.core.table.TruthTable}'s format,
 * with a port line) against the cluster of the {@link Manifests} in scope: one test per cell,
 * named by its question and the answer the table expects, e.g. {@code storefront/web-0 ->
 * data/orders-db-0 on TCP/5432: denied}.
 *
 * <pre>{@code
 * @NetpolTest
 * @Manifests("manifests/seed")
 * class SeedTableTest {
 *   @ReachabilityTest("manifests/seed/tcp-80.txt")   // keep the table next to the manifests
 *   void seedOnHttp() {}
 * }
 * }</pre>
 *
 * <p>The extension checks each cell before the method runs, with the reference evaluator
 * configured by the {@link Manifests} evaluation options; the method body may be empty, or add
 * checks of its own (it can take the usual parameters, e.g. {@link dev.netpol.core.Cluster}). A
 * wrong cell fails with the verdict's explanation and the whole actual table, ready to be copied
 * over the file if the change is intended; IDEs show the expected and actual tables as a diff.
 * An invalid table or a pod the cluster does not have fails the test method with file and line.
 * The check and its messages are core's {@link dev.netpol.core.table.TableCheck}, so a mistake
 * reads the same as in {@code assertThat(cluster).hasReachability(table)}.
 *
 * <p>IDEs and JUnit's own reports show those names. Maven Surefire's XML reports (what CI
 * servers show) name template invocations {@code method()[193]} unless told to use display
 * names: set {@code <usePhrasedTestCaseMethodName>true</usePhrasedTestCaseMethodName>} on its
 * {@code JUnit5Xml30StatelessReporter}, as the README shows.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(NetpolExtension.class)
public @interface ReachabilityTest {
  /**
   * The table: a classpath resource (no prefix, or {@code classpath:}) or a file ({@code file:}).
   *
   * @return e.g. {@code "tables/tcp-80.txt"}
   */
  String value();
}
