package dev.netpol.core.model;

/**
 * The kinds of Kubernetes object that own pods through a pod template.
 *
 * <p>netpol turns each workload's template into pods ({@code replicas} of them), so a question
 * can name "the frontend Deployment" and mean all its pods.
 */
public enum WorkloadKind {
  /** {@code apps/v1 Deployment}. */
  DEPLOYMENT("Deployment"),
  /** {@code apps/v1 ReplicaSet}. */
  REPLICA_SET("ReplicaSet"),
  /** {@code apps/v1 StatefulSet}. */
  STATEFUL_SET("StatefulSet"),
  /** {@code apps/v1 DaemonSet}: one pod per node. */
  DAEMON_SET("DaemonSet"),
  /** {@code v1 ReplicationController}. */
  REPLICATION_CONTROLLER("ReplicationController"),
  /** {@code batch/v1 Job}. */
  JOB("Job"),
  /** {@code batch/v1 CronJob}. */
  CRON_JOB("CronJob");

  private final String kind;

  WorkloadKind(String kind) {
    this.kind = kind;
  }

  /**
   * The {@code kind} field's spelling.
   *
   * @return e.g. {@code Deployment}
   */
  public String kind() {
    return kind;
  }

  /**
   * Finds the workload kind for a manifest's {@code kind} field.
   *
   * @param kind e.g. {@code StatefulSet}
   * @return the workload kind, or empty if {@code kind} is not one
   */
  public static java.util.Optional<WorkloadKind> fromKind(String kind) {
    for (WorkloadKind k : values()) {
      if (k.kind.equals(kind)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }

  /** Returns the {@code kind} spelling, e.g. {@code Deployment}. */
  @Override
  public String toString() {
    return kind;
  }
}
