package dev.netpol.core.testkit;

import dev.netpol.core.Cluster;

/**
 * A generated cluster with a question about it; shrinks as one value, printed as the cluster's
 * YAML followed by the query.
 *
 * @param cluster the cluster
 * @param query a connection whose pod ends belong to the cluster
 */
public record Scenario(Cluster cluster, Query query) {}
