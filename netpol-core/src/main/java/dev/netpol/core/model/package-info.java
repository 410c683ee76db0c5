/**
 * The Kubernetes objects netpol reasons about, as plain immutable values: {@link
 * dev.netpol.core.model.Labels}, {@link dev.netpol.core.model.LabelSelector}, {@link
 * dev.netpol.core.model.Namespace}, {@link dev.netpol.core.model.Pod}, {@link
 * dev.netpol.core.model.Workload}, {@link dev.netpol.core.model.Service} and IP addresses.
 *
 * <p>Each value is validated on construction as the API server would validate it, and a
 * violation names the field path ({@code metadata.labels["app"]}). Nothing here knows YAML.
 */
@NullMarked
package dev.netpol.core.model;

import org.jspecify.annotations.NullMarked;
