package dev.netpol.core.model;

/**
 * A Kubernetes namespace: a name and labels.
 *
 * <p>Since Kubernetes 1.22 every namespace carries the immutable label {@value #NAME_LABEL} with
 * its own name, which is how a {@code namespaceSelector} picks one namespace by name. {@link
 * #labels()} always includes it, whether or not the manifest wrote it.
 *
 * <pre>{@code
 * Namespace ns = Namespace.of("prod", Labels.of("team", "payments"));
 * ns.labels();   // kubernetes.io/metadata.name=prod,team=payments
 * }</pre>
 *
 * @param name the namespace name, a DNS-1123 label such as {@code kube-system}
 * @param labels its labels, including {@value #NAME_LABEL}
 */
public record Namespace(String name, Labels labels) {

  /** The label Kubernetes puts on every namespace, whose value is the namespace's name. */
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";

  /**
   * Validates the name and adds the automatic name label.
   *
   * @param name the namespace name
   * @param labels its labels; a different value for {@value #NAME_LABEL} is overwritten, as the
   *     API server does
   */
  public Namespace {
    KubernetesNames.checkDnsLabel(name)
        .ifPresent(
            m -> {
              throw new InvalidModelException(
                  "namespace", java.util.List.of(new Violation("metadata.name", m)));
            });
    labels = labels.with(NAME_LABEL, name);
  }

  /**
   * A namespace with only its automatic name label.
   *
   * @param name the namespace name
   * @return the namespace
   */
  public static Namespace of(String name) {
    return new Namespace(name, Labels.empty());
  }

  /**
   * A namespace with labels.
   *
   * @param name the namespace name
   * @param labels its labels
   * @return the namespace
   */
  public static Namespace of(String name, Labels labels) {
    return new Namespace(name, labels);
  }
}
