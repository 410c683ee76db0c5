package dev.netpol.core.manifest;

import dev.netpol.core.Cluster;
import java.util.Optional;

/**
 * The outcome of a load: the cluster (when the manifests are valid) and the {@link LoadReport}.
 *
 * <pre>{@code
 * LoadResult result = ManifestLoader.defaults().load(Path.of("k8s"));
 * if (!result.isValid()) {
 *   result.report().problems().forEach(System.err::println);
 * }
 * Cluster cluster = result.cluster();   // throws ManifestException listing every problem
 * }</pre>
 */
public final class LoadResult {
  private final Optional<Cluster> cluster;
  private final LoadReport report;

  LoadResult(Optional<Cluster> cluster, LoadReport report) {
    this.cluster = cluster;
    this.report = report;
  }

  /**
   * Whether the manifests were valid and a cluster was built.
   *
   * @return true if there was no problem
   */
  public boolean isValid() {
    return cluster.isPresent();
  }

  /**
   * The cluster the manifests describe.
   *
   * @return the cluster
   * @throws ManifestException listing every problem, if the manifests were invalid
   */
  public Cluster cluster() {
    return cluster.orElseThrow(() -> new ManifestException(report.problems()));
  }

  /**
   * The cluster, if the manifests were valid.
   *
   * @return the cluster, or empty
   */
  public Optional<Cluster> clusterIfValid() {
    return cluster;
  }

  /**
   * What was loaded, skipped, warned about and found wrong.
   *
   * @return the report
   */
  public LoadReport report() {
    return report;
  }

  /** Returns the report's summary line. */
  @Override
  public String toString() {
    return "LoadResult[" + report.toString().lines().findFirst().orElse("") + "]";
  }
}
