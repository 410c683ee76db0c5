package dev.netpol.core.eval;

import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;

/**
 * Small builders for the evaluator's test clusters. The classic NetworkPolicy article's scenario
 * is shared by every module as {@link dev.netpol.core.testkit.SeedCluster}.
 */
final class Fixtures {
  private Fixtures() {}

  static Pod pod(String id, String ip, String... labels) {
    String[] parts = id.split("/");
    Pod.Builder b = Pod.builder(parts[0], parts[1]).labels(Labels.of(labels));
    if (!ip.isEmpty()) {
      b.ip(IpAddress.parse(ip));
    }
    return b.build();
  }

  static LabelSelector sel(String text) {
    return LabelSelector.parse(text);
  }
}
