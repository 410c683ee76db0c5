package dev.netpol.fabric8;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadReport;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestException;

/**
 * What {@link Fabric8#snapshot} read from a live cluster: the kinds listed (objects, pages, kinds
 * the cluster does not serve) and the load of those objects (the {@link Cluster}, or the problems
 * that refuse it, each naming the object: {@code AdminNetworkPolicy deny-egress: kind: ...}).
 *
 * <pre>{@code
 * Snapshot snapshot = Fabric8.snapshot(client);
 * snapshot.kinds();      // [namespaces (Namespace): 4 objects in 1 page, ...]
 * snapshot.report();     // loaded, skipped, warnings, problems
 * Cluster cluster = snapshot.cluster();
 * }</pre>
 */
public final class Snapshot {
  private final ImmutableList<KindListing> kinds;
  private final LoadResult result;

  Snapshot(ImmutableList<KindListing> kinds, LoadResult result) {
    this.kinds = kinds;
    this.result = result;
  }

  /**
   * The cluster read.
   *
   * @return the cluster
   * @throws ManifestException listing every problem, if the loader refused objects read
   */
  public Cluster cluster() {
    return result.cluster();
  }

  /**
   * The load of the objects read: the cluster if valid, and the report.
   *
   * @return the load result
   */
  public LoadResult result() {
    return result;
  }

  /**
   * What the loader did with each object read: loaded, skipped (with why), warnings, problems.
   *
   * @return the report
   */
  public LoadReport report() {
    return result.report();
  }

  /**
   * Each kind the snapshot asked for, in the order read, with what came of it.
   *
   * @return the listings
   */
  public ImmutableList<KindListing> kinds() {
    return kinds;
  }

  /** Returns the kinds read, one a line, then the load report. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("snapshot:");
    kinds.forEach(k -> sb.append("\n  ").append(k));
    return sb.append('\n').append(result.report()).toString();
  }
}
