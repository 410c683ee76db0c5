package dev.netpol.core.manifest;

import static dev.netpol.core.manifest.Fields.index;
import static dev.netpol.core.manifest.Fields.join;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.manifest.Decoded.NamespaceObject;
import dev.netpol.core.manifest.Decoded.Origin;
import dev.netpol.core.manifest.Decoded.Owner;
import dev.netpol.core.manifest.Decoded.PodObject;
import dev.netpol.core.manifest.Decoded.PodShape;
import dev.netpol.core.manifest.Decoded.PolicyObject;
import dev.netpol.core.manifest.Decoded.ServiceObject;
import dev.netpol.core.manifest.Decoded.WorkloadObject;
import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.Scalar;
import dev.netpol.core.manifest.YamlNode.ScalarType;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.KubernetesNames;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Service;
import dev.netpol.core.model.ServicePort;
import dev.netpol.core.model.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sorts the objects of the input by kind and decodes the ones netpol uses. */
final class ObjectDecoder {
  private static final String NETWORKING_V1 = "networking.k8s.io/v1";

  private final Fields f;
  private final PolicyDecoder policies;
  private final ClusterPolicyDecoder clusterPolicies;
  private final String defaultNamespace;
  private final int daemonSetNodes;

  /** The decoded objects, in load order. */
  final List<Decoded> objects = new ArrayList<>();

  ObjectDecoder(Fields fields, String defaultNamespace, int daemonSetNodes) {
    this.f = fields;
    this.policies = new PolicyDecoder(fields);
    this.clusterPolicies = new ClusterPolicyDecoder(fields, policies);
    this.defaultNamespace = defaultNamespace;
    this.daemonSetNodes = daemonSetNodes;
  }

  /** Decodes one document root: an object, a {@code kind: List}, or a JSON array of objects. */
  void document(YamlNode root) {
    if (root instanceof YamlNode.SeqNode) {
      List<YamlNode> items = ((YamlNode.SeqNode) root).items;
      for (int i = 0; i < items.size(); i++) {
        object(items.get(i), "[" + i + "]");
      }
      return;
    }
    object(root, "");
  }

  private void object(YamlNode node, String base) {
    Optional<MapNode> m = f.map(Optional.of(node), base);
    if (m.isEmpty()) {
      if (node.isNull()) {
        f.problem(node, base, "expected a Kubernetes object, found null");
      }
      return;
    }
    MapNode root = m.get();
    Optional<Type> type = type(root, base);
    if (type.isEmpty() || emptyKind(type.get(), root, base)) {
      return;
    }
    if (type.get().isList(root)) {
      if (!unknownListKind(type.get(), root, base)) {
        listItems(root, base);
      }
    } else if (!refused(type.get(), root, base)) {
      String kind = type.get().kind();
      boolean clusterScoped =
          kind.equals("Namespace")
              || kind.equals("Node")
              || ClusterPolicyDecoder.reads(kind, type.get().apiVersion());
      meta(root, base, clusterScoped).ifPresent(meta -> decode(type.get(), meta, root, base));
    }
  }

  /** Refuses {@code kind: ""}: the API server refuses it, and skipping it could hide anything. */
  private boolean emptyKind(Type type, MapNode root, String base) {
    if (!type.kind().isEmpty()) {
      return false;
    }
    f.problem(
        root.get("kind").orElse(root),
        join(base, "kind"),
        "kind must not be empty: write the object's kind, e.g. Pod, Deployment or NetworkPolicy");
    return true;
  }

  /**
   * Refuses a typed list ({@code PodList}) whose item kind the API server does not serve in a
   * group that can change an answer ({@code PodsList}).
   */
  private boolean unknownListKind(Type type, MapNode root, String base) {
    String kind = type.kind();
    if (kind.equals("List") || !ApiKinds.checked(type.apiVersion())) {
      return false;
    }
    String itemKind = kind.substring(0, kind.length() - "List".length());
    Optional<String> unknown = Refusals.unknownKind(itemKind, type.apiVersion());
    unknown.ifPresent(
        message ->
            f.problem(
                root.get("kind").orElseThrow(),
                join(base, "kind"),
                "the items of a " + kind + " are of an " + message));
    return unknown.isPresent();
  }

  /** The kind and apiVersion of an object. */
  private record Type(String kind, String apiVersion) {
    /**
     * A {@code kind: List}, or a typed list such as {@code PodList} with its {@code items} (or of
     * a kind Kubernetes serves, even with no items).
     */
    boolean isList(MapNode root) {
      if (kind.equals("List")) {
        return true;
      }
      if (!kind.endsWith("List")) {
        return false;
      }
      String itemKind = kind.substring(0, kind.length() - "List".length());
      return root.get("items").isPresent() || ApiKinds.served(itemKind, apiVersion);
    }
  }

  private Optional<Type> type(MapNode root, String base) {
    Optional<String> kind = f.string(root.get("kind"), join(base, "kind"));
    Optional<String> apiVersion = f.string(root.get("apiVersion"), join(base, "apiVersion"));
    if (root.get("kind").isEmpty()) {
      f.problem(root, join(base, "kind"), "required: every object needs a kind");
    }
    if (root.get("apiVersion").isEmpty()) {
      f.problem(root, join(base, "apiVersion"), "required: every object needs an apiVersion");
    }
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Type(kind.get(), apiVersion.get()));
  }

  private void listItems(MapNode root, String base) {
    f.knownFields(root, base, ApiFields.LIST);
    String itemsPath = join(base, "items");
    List<YamlNode> items = f.seq(root.get("items"), itemsPath);
    for (int i = 0; i < items.size(); i++) {
      object(items.get(i), index(itemsPath, i));
    }
  }

  /**
   * Whether the object is of a kind netpol refuses (policies it cannot evaluate), is a
   * NetworkPolicy of an API version no longer served, or is of a kind the API server does not
   * serve in a group that can change an answer; reports the problem.
   */
  private boolean refused(Type type, MapNode root, String base) {
    Optional<String> refusal = Refusals.refusal(type.kind(), type.apiVersion());
    if (refusal.isPresent()) {
      f.problem(root, join(base, "kind"), refusal.get());
      return true;
    }
    if (type.kind().equals("NetworkPolicy") && !type.apiVersion().equals(NETWORKING_V1)) {
      f.problem(
          root.get("apiVersion").orElseThrow(),
          join(base, "apiVersion"),
          "NetworkPolicy apiVersion \""
              + type.apiVersion()
              + "\" is not served by current Kubernetes: use "
              + NETWORKING_V1);
      return true;
    }
    Optional<String> unknown = Refusals.unknownKind(type.kind(), type.apiVersion());
    unknown.ifPresent(
        message -> f.problem(root.get("kind").orElseThrow(), join(base, "kind"), message));
    return unknown.isPresent();
  }

  /** Decodes an object of a kind netpol uses; reports any other kind as skipped. */
  private void decode(Type type, Meta meta, MapNode root, String base) {
    String k = type.kind();
    String api = type.apiVersion();
    Origin origin = new Origin(root.location, base, k, meta.namespace(), meta.name());
    Optional<WorkloadKind> workload =
        WorkloadKind.fromKind(k).filter(w -> api.equals(workloadApiVersion(w)));
    if (k.equals("Namespace") && api.equals("v1")) {
      namespace(origin, meta, root, base);
    } else if (k.equals("NetworkPolicy") && api.equals(NETWORKING_V1)) {
      policies
          .decode(origin.namespace(), origin.name(), root, base)
          .ifPresent(p -> objects.add(new PolicyObject(origin, p, root)));
    } else if (ClusterPolicyDecoder.reads(k, api)) {
      clusterPolicies
          .decode(k, api, origin.name(), root, base)
          .ifPresent(p -> objects.add(new Decoded.ClusterPolicyObject(origin, p, root)));
    } else if (k.equals("Node") && api.equals("v1")) {
      node(origin, meta, root, base);
    } else if (k.equals("Pod") && api.equals("v1")) {
      pod(origin, meta, root, base);
    } else if (k.equals("Service") && api.equals("v1")) {
      service(origin, root, base);
    } else if (workload.isPresent()) {
      workload(origin, workload.get(), meta, root, base);
    } else {
      f.diagnostics.skipped.add(
          new ReportEntry(
              root.location,
              k,
              origin.id(),
              "skipped: netpol does not use " + k + " (" + api + ")"));
    }
  }

  /**
   * A {@code Node}: its labels and the IP addresses of {@code status.addresses} (host names are
   * skipped), which {@code nodes} peers of cluster-scoped policies match.
   */
  private void node(Origin origin, Meta meta, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.NODE);
    String statusPath = join(base, "status");
    List<IpAddress> addresses = new ArrayList<>();
    f.map(root.get("status"), statusPath)
        .ifPresent(
            status -> {
              f.knownFields(status, statusPath, ApiFields.NODE_STATUS);
              String listPath = join(statusPath, "addresses");
              List<YamlNode> items = f.seq(status.get("addresses"), listPath);
              for (int i = 0; i < items.size(); i++) {
                String p = index(listPath, i);
                Optional<MapNode> a = f.map(Optional.of(items.get(i)), p);
                if (a.isEmpty()) {
                  continue;
                }
                f.knownFields(a.get(), p, ApiFields.NODE_ADDRESS);
                Optional<String> type = f.string(a.get().get("type"), join(p, "type"));
                Optional<String> text = f.string(a.get().get("address"), join(p, "address"));
                boolean ip = type.filter(t -> t.endsWith("IP")).isPresent();
                if (ip && text.isPresent()) {
                  try {
                    IpAddress address = IpAddress.parse(text.get());
                    if (!addresses.contains(address)) {
                      addresses.add(address);
                    }
                  } catch (IllegalArgumentException e) {
                    f.problem(a.get().get("address").orElseThrow(), join(p, "address"),
                        e.getMessage());
                  }
                }
              }
            });
    if (f.problemCount() > before) {
      return;
    }
    try {
      objects.add(
          new Decoded.NodeObject(origin, dev.netpol.core.model.Node.of(
              meta.name(), meta.labels(), addresses)));
    } catch (InvalidModelException e) {
      f.attach(e, root, base);
    }
  }

  /** The apiVersion Kubernetes serves a workload kind in. */
  private static String workloadApiVersion(WorkloadKind kind) {
    return switch (kind) {
      case REPLICATION_CONTROLLER -> "v1";
      case JOB, CRON_JOB -> "batch/v1";
      default -> "apps/v1";
    };
  }

  /** The metadata netpol reads. */
  private record Meta(String name, String namespace, Labels labels, Optional<Owner> owner) {}

  private Optional<Meta> meta(MapNode root, String base, boolean clusterScoped) {
    int before = f.problemCount();
    String path = join(base, "metadata");
    Optional<MapNode> m = f.map(root.get("metadata"), path);
    if (m.isEmpty()) {
      if (root.get("metadata").isEmpty()) {
        f.problem(root, path, "required: every object needs metadata.name");
      }
      return Optional.empty();
    }
    f.knownFields(m.get(), path, ApiFields.OBJECT_META);
    Optional<String> name = f.string(m.get().get("name"), join(path, "name"));
    if (m.get().get("name").isEmpty()) {
      String hint =
          m.get().get("generateName").isPresent()
              ? " (generateName is not supported: give the object a name)"
              : "";
      f.problem(m.get(), join(path, "name"), "required: the object's name" + hint);
    }
    String namespace = clusterScoped ? defaultNamespace : namespace(m.get(), path);
    Labels labels = labels(m.get().get("labels"), m.get(), join(path, "labels"));
    Optional<Owner> owner = owner(m.get(), path);
    if (f.problemCount() > before || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Meta(name.get(), clusterScoped ? "" : namespace, labels, owner));
  }

  /**
   * {@code metadata.namespace}: absent or {@code ""} is the default namespace, as kubectl reads
   * it; any other value must be a DNS label, refused at the field.
   */
  private String namespace(MapNode metadata, String path) {
    String nsPath = join(path, "namespace");
    Optional<String> written = f.string(metadata.get("namespace"), nsPath);
    if (written.isEmpty() || written.get().isEmpty()) {
      return defaultNamespace;
    }
    KubernetesNames.checkDnsLabel(written.get())
        .ifPresent(m -> f.problem(metadata.get("namespace").orElseThrow(), nsPath, m));
    return written.get();
  }

  private Labels labels(Optional<YamlNode> node, YamlNode parent, String path) {
    Map<String, String> map = f.stringMap(node, path);
    try {
      return Labels.copyOf(map);
    } catch (InvalidModelException e) {
      f.attach(e, node.orElse(parent), path);
      return Labels.empty();
    }
  }

  private Optional<Owner> owner(MapNode metadata, String path) {
    List<YamlNode> refs = f.seq(metadata.get("ownerReferences"), join(path, "ownerReferences"));
    for (int i = 0; i < refs.size(); i++) {
      String p = index(join(path, "ownerReferences"), i);
      Optional<MapNode> r = f.map(Optional.of(refs.get(i)), p);
      if (r.isEmpty()) {
        continue;
      }
      f.knownFields(r.get(), p, ApiFields.OWNER_REFERENCE);
      boolean controller = f.bool(r.get().get("controller"), join(p, "controller")).orElse(false);
      Optional<String> kind = f.string(r.get().get("kind"), join(p, "kind"));
      Optional<String> name = f.string(r.get().get("name"), join(p, "name"));
      if (controller && kind.isPresent() && name.isPresent()) {
        return Optional.of(new Owner(kind.get(), name.get()));
      }
    }
    return Optional.empty();
  }

  private void namespace(Origin origin, Meta meta, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.OBJECT);
    String specPath = join(base, "spec");
    f.map(root.get("spec"), specPath)
        .ifPresent(s -> f.knownFields(s, specPath, ApiFields.NAMESPACE_SPEC));
    if (f.problemCount() > before) {
      return;
    }
    try {
      objects.add(new NamespaceObject(origin, Namespace.of(meta.name(), meta.labels())));
    } catch (InvalidModelException e) {
      f.attach(e, root, base);
    }
  }

  private void pod(Origin origin, Meta meta, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.POD);
    checkPodName(origin, root);
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    PodShape shape = shape(meta.labels(), spec, specPath);
    Optional<String> node =
        spec.flatMap(s -> f.string(s.get("nodeName"), join(specPath, "nodeName")));
    ImmutableList<IpAddress> ips = addresses(root, base);
    if (f.problemCount() == before) {
      objects.add(new PodObject(origin, shape, ips, node, meta.owner()));
    }
  }

  /** A Pod's name is a DNS subdomain (at most 253 characters), refused at the field. */
  private void checkPodName(Origin origin, MapNode root) {
    KubernetesNames.checkDnsSubdomain(origin.name())
        .ifPresent(
            m ->
                f.problem(
                    Fields.resolve(root, "metadata.name"), origin.namePath(), m));
  }

  /**
   * The addresses a {@code kubectl get} dump records: {@code status.podIPs}, else podIP. At most
   * one per IP family, and podIP must be podIPs[0], as the API server requires.
   */
  private ImmutableList<IpAddress> addresses(MapNode root, String base) {
    List<IpAddress> ips = new ArrayList<>();
    String statusPath = join(base, "status");
    Optional<MapNode> status = f.map(root.get("status"), statusPath);
    if (status.isEmpty()) {
      return ImmutableList.of();
    }
    f.knownFields(status.get(), statusPath, ApiFields.POD_STATUS);
    String listPath = join(statusPath, "podIPs");
    List<YamlNode> podIps = f.seq(status.get().get("podIPs"), listPath);
    for (int i = 0; i < podIps.size(); i++) {
      String p = index(listPath, i);
      Optional<MapNode> entry = f.map(Optional.of(podIps.get(i)), p);
      if (entry.isEmpty()) {
        continue;
      }
      f.knownFields(entry.get(), p, ApiFields.POD_IP);
      Optional<IpAddress> ip = address(entry.get().get("ip"), join(p, "ip"));
      if (ip.isPresent() && secondOfFamily(ips, ip.get(), entry.get(), join(p, "ip"))) {
        continue;
      }
      ip.ifPresent(ips::add);
    }
    String podIpPath = join(statusPath, "podIP");
    Optional<IpAddress> podIp = address(status.get().get("podIP"), podIpPath);
    if (ips.isEmpty()) {
      podIp.ifPresent(ips::add);
    } else if (podIp.isPresent() && !podIp.get().equals(ips.get(0))) {
      f.problem(
          status.get().get("podIP").orElseThrow(),
          podIpPath,
          "podIP "
              + podIp.get()
              + " differs from podIPs[0].ip "
              + ips.get(0)
              + " (the API server requires them equal): fix or remove one");
    }
    return ImmutableList.copyOf(ips);
  }

  /** Refuses a second address of one IP family, at its field; true if it was one. */
  private boolean secondOfFamily(List<IpAddress> ips, IpAddress ip, MapNode entry, String path) {
    for (IpAddress first : ips) {
      if (first.version() == ip.version()) {
        f.problem(
            entry.get("ip").orElseThrow(),
            path,
            "at most one IPv"
                + ip.version()
                + " address per pod, found a second: "
                + ip
                + " (the first is "
                + first
                + ")");
        return true;
      }
    }
    return false;
  }

  private Optional<IpAddress> address(Optional<YamlNode> node, String path) {
    Optional<String> text = f.string(node, path);
    if (text.isEmpty() || text.get().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpAddress.parse(text.get()));
    } catch (IllegalArgumentException e) {
      f.problem(node.orElseThrow(), path, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Labels, container ports and hostNetwork of a pod spec. A port name is unique in the pod,
   * across its containers, as the API server requires.
   */
  private PodShape shape(Labels labels, Optional<MapNode> spec, String specPath) {
    ImmutableList.Builder<ContainerPort> ports = ImmutableList.builder();
    Map<String, String> portNames = new java.util.HashMap<>();
    boolean hostNetwork = false;
    if (spec.isPresent()) {
      f.knownFields(spec.get(), specPath, ApiFields.POD_SPEC);
      hostNetwork =
          f.bool(spec.get().get("hostNetwork"), join(specPath, "hostNetwork")).orElse(false);
      String containersPath = join(specPath, "containers");
      List<YamlNode> containers = f.seq(spec.get().get("containers"), containersPath);
      for (int i = 0; i < containers.size(); i++) {
        String cp = index(containersPath, i);
        Optional<MapNode> c = f.map(Optional.of(containers.get(i)), cp);
        if (c.isEmpty()) {
          continue;
        }
        f.knownFields(c.get(), cp, ApiFields.CONTAINER);
        List<YamlNode> portNodes = f.seq(c.get().get("ports"), join(cp, "ports"));
        for (int j = 0; j < portNodes.size(); j++) {
          String pp = index(join(cp, "ports"), j);
          YamlNode portNode = portNodes.get(j);
          containerPort(portNode, pp)
              .filter(port -> uniqueName(port, portNames, portNode, pp))
              .ifPresent(ports::add);
        }
      }
    }
    return new PodShape(labels, ports.build(), hostNetwork);
  }

  /** Refuses a port name used twice in one pod, at the second one's field. */
  private boolean uniqueName(
      ContainerPort port, Map<String, String> seen, YamlNode node, String path) {
    if (port.name().isEmpty()) {
      return true;
    }
    String namePath = join(path, "name");
    String first = seen.putIfAbsent(port.name().get(), namePath);
    if (first == null) {
      return true;
    }
    f.problem(
        Fields.resolve(node, "name"),
        namePath,
        "port name \""
            + port.name().get()
            + "\" is used twice in one pod (first at "
            + first
            + "): a Service or policy naming it would be ambiguous; rename one");
    return false;
  }

  private Optional<ContainerPort> containerPort(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
    f.knownFields(m.get(), path, ApiFields.CONTAINER_PORT);
    Optional<Integer> number = f.integer(m.get().get("containerPort"), join(path, "containerPort"));
    if (m.get().get("containerPort").isEmpty()) {
      f.problem(node, join(path, "containerPort"), "required: the port number");
    }
    Optional<String> name = f.string(m.get().get("name"), join(path, "name"));
    Protocol protocol = f.protocol(m.get(), path);
    if (f.problemCount() > before || number.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ContainerPort(name, number.get(), protocol));
    } catch (InvalidModelException e) {
      f.attach(e, node, path);
      return Optional.empty();
    }
  }

  private void workload(Origin origin, WorkloadKind kind, Meta meta, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.OBJECT);
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    if (spec.isEmpty()) {
      f.problem(root, specPath, "required: a " + kind + " needs a spec with a pod template");
      return;
    }
    f.knownFields(spec.get(), specPath, specFields(kind));
    Optional<PodParent> parent = podParent(kind, spec.get(), specPath);
    if (parent.isEmpty()) {
      return;
    }
    int count = parent.get().count();
    if (count < 0) {
      f.problem(spec.get(), specPath, "the pod count must not be negative, found " + count);
    }
    Optional<PodShape> template = template(kind, parent.get());
    if (template.isPresent() && f.problemCount() == before) {
      objects.add(
          new WorkloadObject(origin, kind, template.get(), Math.max(0, count), meta.owner()));
    }
  }

  /** The fields of a workload kind's {@code spec}. */
  private static ApiFields.FieldSet specFields(WorkloadKind kind) {
    return switch (kind) {
      case DEPLOYMENT -> ApiFields.DEPLOYMENT_SPEC;
      case REPLICA_SET -> ApiFields.REPLICA_SET_SPEC;
      case STATEFUL_SET -> ApiFields.STATEFUL_SET_SPEC;
      case DAEMON_SET -> ApiFields.DAEMON_SET_SPEC;
      case REPLICATION_CONTROLLER -> ApiFields.REPLICATION_CONTROLLER_SPEC;
      case JOB -> ApiFields.JOB_SPEC;
      case CRON_JOB -> ApiFields.CRON_JOB_SPEC;
    };
  }

  /**
   * The object holding a workload's pod template and selector, with the number of pods it makes:
   * the spec itself, except for a CronJob, whose pods come from {@code spec.jobTemplate.spec}.
   */
  private record PodParent(MapNode node, String path, int count) {}

  private Optional<PodParent> podParent(WorkloadKind kind, MapNode spec, String specPath) {
    switch (kind) {
      case DAEMON_SET -> {
        return Optional.of(new PodParent(spec, specPath, daemonSetNodes));
      }
      case JOB -> {
        return Optional.of(new PodParent(spec, specPath, parallelism(spec, specPath)));
      }
      case CRON_JOB -> {
        return cronJobParent(spec, specPath);
      }
      default -> {
        int replicas = f.integer(spec.get("replicas"), join(specPath, "replicas")).orElse(1);
        return Optional.of(new PodParent(spec, specPath, replicas));
      }
    }
  }

  /** A CronJob's pods come from its {@code spec.jobTemplate.spec}, which is required. */
  private Optional<PodParent> cronJobParent(MapNode spec, String specPath) {
    String path = join(specPath, "jobTemplate.spec");
    String templatePath = join(specPath, "jobTemplate");
    Optional<MapNode> jobTemplate = f.map(spec.get("jobTemplate"), templatePath);
    jobTemplate.ifPresent(j -> f.knownFields(j, templatePath, ApiFields.JOB_TEMPLATE_SPEC));
    Optional<MapNode> jobSpec = jobTemplate.flatMap(j -> f.map(j.get("spec"), path));
    if (jobSpec.isEmpty()) {
      f.problem(spec, path, "required: a CronJob needs spec.jobTemplate.spec");
    }
    jobSpec.ifPresent(j -> f.knownFields(j, path, ApiFields.JOB_SPEC));
    return jobSpec.map(j -> new PodParent(j, path, parallelism(j, path)));
  }

  private int parallelism(MapNode spec, String specPath) {
    return f.integer(spec.get("parallelism"), join(specPath, "parallelism")).orElse(1);
  }

  /** The pod template of a workload, checked against the workload's selector. */
  private Optional<PodShape> template(WorkloadKind kind, PodParent parent) {
    String templatePath = join(parent.path(), "template");
    Optional<MapNode> template = f.map(parent.node().get("template"), templatePath);
    if (template.isEmpty()) {
      if (parent.node().get("template").isEmpty()) {
        f.problem(parent.node(), templatePath, "required: the pod template");
      }
      return Optional.empty();
    }
    // A misspelled metadata or labels field reads as no labels: comparing the selector with them
    // would add a false error, so it counts like a refused label.
    int beforeLabels = f.problemCount();
    f.knownFields(template.get(), templatePath, ApiFields.POD_TEMPLATE_SPEC);
    Optional<MapNode> templateMeta =
        f.map(template.get().get("metadata"), join(templatePath, "metadata"));
    templateMeta.ifPresent(
        tm -> f.knownFields(tm, join(templatePath, "metadata"), ApiFields.OBJECT_META));
    Labels labels =
        templateMeta
            .map(tm -> labels(tm.get("labels"), tm, join(templatePath, "metadata.labels")))
            .orElse(Labels.empty());
    // Refused labels read as none: comparing the selector with them would add a false error.
    boolean labelsRead = f.problemCount() == beforeLabels;
    String podSpecPath = join(templatePath, "spec");
    PodShape shape = shape(labels, f.map(template.get().get("spec"), podSpecPath), podSpecPath);
    // A ReplicationController's selector is a plain label map, not a LabelSelector.
    Optional<LabelSelector> selector =
        kind == WorkloadKind.REPLICATION_CONTROLLER
            ? Optional.empty()
            : policies.selector(parent.node().get("selector"), join(parent.path(), "selector"));
    // The API server usually generates a Job's selector (spec.manualSelector), so it is not
    // compared with the template labels.
    if (labelsRead && kind != WorkloadKind.JOB && kind != WorkloadKind.CRON_JOB) {
      selector.ifPresent(s -> checkSelector(s, parent, labels));
    }
    return Optional.of(shape);
  }

  /** Refuses a selector that does not match the template labels, as the API server does. */
  private void checkSelector(LabelSelector selector, PodParent parent, Labels labels) {
    if (!selector.matches(labels)) {
      f.problem(
          parent.node().get("selector").orElseThrow(),
          join(parent.path(), "selector"),
          "selector "
              + selector
              + " does not match the template labels "
              + labels
              + " (the API server refuses it)");
    }
  }

  private void service(Origin origin, MapNode root, String base) {
    int before = f.problemCount();
    f.knownFields(root, base, ApiFields.OBJECT);
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    spec.ifPresent(s -> f.knownFields(s, specPath, ApiFields.SERVICE_SPEC));
    Labels selector =
        spec.map(s -> labels(s.get("selector"), s, join(specPath, "selector"))).orElse(Labels.empty());
    List<ServicePort> ports = new ArrayList<>();
    if (spec.isPresent()) {
      String portsPath = join(specPath, "ports");
      List<YamlNode> nodes = f.seq(spec.get().get("ports"), portsPath);
      for (int i = 0; i < nodes.size(); i++) {
        servicePort(nodes.get(i), index(portsPath, i)).ifPresent(ports::add);
      }
    }
    if (f.problemCount() > before) {
      return;
    }
    try {
      objects.add(
          new ServiceObject(
              origin,
              new Service(origin.namespace(), origin.name(), selector, ImmutableList.copyOf(ports))));
    } catch (InvalidModelException e) {
      f.attach(e, root, base);
    }
  }

  private Optional<ServicePort> servicePort(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
    f.knownFields(m.get(), path, ApiFields.SERVICE_PORT);
    Optional<String> name = f.string(m.get().get("name"), join(path, "name"));
    Optional<Integer> port = f.integer(m.get().get("port"), join(path, "port"));
    if (m.get().get("port").isEmpty()) {
      f.problem(node, join(path, "port"), "required: the Service port number");
    }
    Protocol protocol = f.protocol(m.get(), path);
    Optional<Integer> targetNumber = Optional.empty();
    Optional<String> targetName = Optional.empty();
    Optional<YamlNode> target = m.get().get("targetPort");
    if (target.isPresent()) {
      YamlNode t = target.get();
      if (t instanceof Scalar && ((Scalar) t).type == ScalarType.INT) {
        targetNumber = f.integer(target, join(path, "targetPort"));
      } else if (t instanceof Scalar && ((Scalar) t).type == ScalarType.STRING) {
        targetName = Optional.of(((Scalar) t).text);
      } else {
        f.problem(t, join(path, "targetPort"), "expected a port number or name, found " + t.describe());
      }
    } else {
      targetNumber = port;
    }
    if (f.problemCount() > before || port.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ServicePort(name, port.get(), protocol, targetNumber, targetName));
    } catch (InvalidModelException e) {
      f.attach(e, node, path);
      return Optional.empty();
    }
  }
}
