package dev.netpol.core.policy;

/**
 * A direction a NetworkPolicy can isolate ({@code spec.policyTypes}).
 *
 * <p>Ingress is traffic arriving at the selected pods; egress is traffic they start.
 */
public enum PolicyType {
  /** Connections to the selected pods, judged by {@code spec.ingress} rules. */
  INGRESS("Ingress"),
  /** Connections from the selected pods, judged by {@code spec.egress} rules. */
  EGRESS("Egress");

  private final String yaml;

  PolicyType(String yaml) {
    this.yaml = yaml;
  }

  /**
   * Reads a policy type as written in YAML (case-sensitive, as in Kubernetes).
   *
   * @param text {@code Ingress} or {@code Egress}
   * @return the type
   * @throws IllegalArgumentException for any other text
   */
  public static PolicyType parse(String text) {
    for (PolicyType t : values()) {
      if (t.yaml.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown policy type \"" + text + "\": expected Ingress or Egress");
  }

  /** Returns the YAML spelling, {@code Ingress} or {@code Egress}. */
  @Override
  public String toString() {
    return yaml;
  }
}
