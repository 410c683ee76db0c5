package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;

/**
 * Reads an endpoint as a user types it on a command line, against the cluster it will be asked
 * of:
 *
 * <ul>
 *   <li>{@code NS/NAME}: the pod of that id, else the workload (Deployment, StatefulSet, ...) of
 *       that id; {@code pod:NS/NAME}, {@code workload:NS/NAME}, {@code service:NS/NAME} choose;
 *   <li>{@code SELECTOR} ({@code app=web}, {@code tier in (a,b)}): matching pods of every
 *       namespace; {@code NS:SELECTOR} ({@code shop:app=web}): of one namespace;
 *   <li>{@code namespace:NS}: every pod of a namespace; {@code all}: every pod of the cluster;
 *   <li>{@code ip:ADDRESS}, {@code cidr:CIDR}, or the bare address or CIDR ({@code 8.8.8.8},
 *       {@code 0.0.0.0/0}).
 * </ul>
 *
 * <p>A text that names nothing is not guessed at: the cluster's resolution fails with the
 * nearest ids.
 */
final class EndpointSyntax {
  /** What {@code --help} says about endpoints. */
  static final String HELP =
      "NS/NAME (pod, else workload), pod:|workload:|service:NS/NAME, SELECTOR (app=web), "
          + "NS:SELECTOR, namespace:NS, all, ip:ADDR, cidr:CIDR, or a bare address or CIDR";

  private EndpointSyntax() {}

  /**
   * The endpoint a text names.
   *
   * @param cluster the cluster, to tell a pod id from a workload id
   * @param text the text
   * @return the endpoint
   * @throws BadInputException if the text is none of the forms
   */
  static Endpoint parse(Cluster cluster, String text) {
    String t = text.strip();
    try {
      return parseOrThrow(cluster, t);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("endpoint \"" + text + "\": " + e.getMessage()
          + "\nexpected " + HELP);
    }
  }

  private static Endpoint parseOrThrow(Cluster cluster, String t) {
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    if (t.equals("all")) {
      return Endpoint.allPods();
    }
    int colon = t.indexOf(':');
    if (colon > 0 && !looksLikeAddress(t)) {
      String kind = t.substring(0, colon);
      String rest = t.substring(colon + 1);
      switch (kind) {
        case "pod":
          return Endpoint.pod(rest);
        case "workload":
          return Endpoint.workload(rest);
        case "service":
        case "svc":
          return Endpoint.service(rest);
        case "namespace":
        case "ns":
          return Endpoint.namespace(rest);
        case "ip":
          return Endpoint.ip(rest);
        case "cidr":
          return Endpoint.cidr(rest);
        default:
          return Endpoint.pods(kind, rest);
      }
    }
    if (looksLikeAddress(t)) {
      return t.contains("/") ? Endpoint.cidr(Cidr.parse(t).toString()) : Endpoint.ip(t);
    }
    if (t.contains("/") && !t.contains("=")) {
      return cluster.pod(t).isPresent() || cluster.workload(t).isEmpty()
          ? Endpoint.pod(t)
          : Endpoint.workload(t);
    }
    return Endpoint.pods(t);
  }

  /** An IPv4 or IPv6 address or CIDR, e.g. {@code 10.0.0.0/8} or {@code fd00::1}. */
  private static boolean looksLikeAddress(String t) {
    String address = t.contains("/") ? t.substring(0, t.indexOf('/')) : t;
    if (!address.matches("[0-9a-fA-F.:]+") || !(address.contains(".") || address.contains(":"))) {
      return false;
    }
    try {
      IpAddress.parse(address);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
