package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestException;
import dev.netpol.core.manifest.ManifestProblem;
import dev.netpol.core.manifest.ManifestWarning;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One load of a {@link ManifestSet}, kept in the root store: the cluster if the manifests are
 * valid, the report either way, or the configuration error that prevented loading.
 */
final class Loaded {
  private final Optional<Cluster> cluster;
  private final LoadReport report;
  private final Optional<RuntimeException> configurationError;
  private final AtomicBoolean announced = new AtomicBoolean();

  private Loaded(
      Optional<Cluster> cluster, LoadReport report, Optional<RuntimeException> configurationError) {
    this.cluster = cluster;
    this.report = report;
    this.configurationError = configurationError;
  }

  static Loaded of(LoadResult result) {
    return new Loaded(result.clusterIfValid(), result.report(), Optional.empty());
  }

  static Loaded problems(List<ManifestProblem> problems) {
    LoadReport report =
        new LoadReport(ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), ImmutableList.copyOf(problems));
    return new Loaded(Optional.empty(), report, Optional.empty());
  }

  static Loaded misconfigured(RuntimeException error) {
    LoadReport empty =
        new LoadReport(ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), ImmutableList.of());
    return new Loaded(Optional.empty(), empty, Optional.of(error));
  }

  /** The cluster; a fresh {@link ManifestException} listing every problem if there were any. */
  Cluster cluster() {
    configurationError.ifPresent(
        e -> {
          throw e;
        });
    return cluster.orElseThrow(() -> new ManifestException(report.problems()));
  }

  Optional<Cluster> clusterIfValid() {
    return cluster;
  }

  /** The warnings of the load; none when it could not be configured. */
  List<ManifestWarning> warnings() {
    return report.warnings();
  }

  /** True the first time only: whoever gets it prints the warnings, once per load. */
  boolean firstToAnnounce() {
    return announced.compareAndSet(false, true);
  }

  LoadReport report() {
    configurationError.ifPresent(
        e -> {
          throw e;
        });
    return report;
  }
}
