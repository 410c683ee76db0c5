package dev.netpol.core;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.eval.Party;
import dev.netpol.core.policy.PolicyType;

/**
 * Whether every pod of an endpoint is isolated in a direction ({@link
 * Cluster#isolation(Endpoint, PolicyType)}), pod by pod with the reason.
 *
 * <pre>{@code
 * IsolationAnswer a = cluster.isolation(workload("default/backend"), PolicyType.INGRESS);
 * a.allIsolated();      // true once a policy selects every backend pod for ingress
 * a.notIsolated();      // the pods nothing isolates, e.g. [default/backend-2: HOST_NETWORK ...]
 * }</pre>
 *
 * <p>An address or CIDR endpoint names addresses outside the cluster's pods, which no
 * NetworkPolicy isolates: they are listed in {@link #outside()} and the answer is not "all
 * isolated".
 *
 * @param endpoint the endpoint asked about
 * @param direction ingress or egress
 * @param pods one answer per pod the endpoint names, in resolution order
 * @param outside the parties outside the cluster's pods the endpoint names
 */
public record IsolationAnswer(
    Endpoint endpoint,
    PolicyType direction,
    ImmutableList<PodIsolation> pods,
    ImmutableList<Party> outside) {

  /**
   * Whether every pod is isolated and no address outside the cluster is named.
   *
   * @return true if so
   */
  public boolean allIsolated() {
    return outside.isEmpty() && pods.stream().allMatch(PodIsolation::isolated);
  }

  /**
   * The pods that are not isolated, with the reason.
   *
   * @return those pods' answers, in order
   */
  public ImmutableList<PodIsolation> notIsolated() {
    return pods.stream().filter(p -> !p.isolated()).collect(ImmutableList.toImmutableList());
  }
}
