package dev.netpol.examples;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the policy-making part of a Kubernetes operator looks like (a reconciler of the Java
 * Operator SDK, say): from the spec of an app it owns, it computes the NetworkPolicies the
 * cluster should hold, as fabric8 objects, and leaves applying them to the client. The test next
 * to it checks those objects with netpol before any cluster sees them.
 */
final class BackendPolicyOperator {

  /**
   * The spec of an app: its pods are labelled {@code app: name}, they listen on {@code port}, and
   * only the apps named in {@code clients} may call them.
   */
  record AppSpec(String namespace, String name, int port, List<String> clients) {}

  /**
   * The desired policies: one that isolates the app's pods for ingress (deny by default), and one
   * per client that opens the app's port to that client's pods.
   */
  List<NetworkPolicy> desiredPolicies(AppSpec app) {
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withNamespace(app.namespace())
            .withName("deny-all-ingress-to-" + app.name())
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector().addToMatchLabels("app", app.name()).endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec()
            .build());
    for (String client : app.clients()) {
      policies.add(
          new NetworkPolicyBuilder()
              .withNewMetadata()
              .withNamespace(app.namespace())
              .withName("allow-" + client + "-to-" + app.name())
              .endMetadata()
              .withNewSpec()
              .withNewPodSelector().addToMatchLabels("app", app.name()).endPodSelector()
              .withPolicyTypes("Ingress")
              .addNewIngress()
              .addNewFrom()
              .withNewPodSelector().addToMatchLabels("app", client).endPodSelector()
              .endFrom()
              .addNewPort().withProtocol("TCP").withNewPort(app.port()).endPort()
              .endIngress()
              .endSpec()
              .build());
    }
    return policies;
  }
}
