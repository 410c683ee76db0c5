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
  private final String defaultNamespace;
  private final int daemonSetNodes;

  /** The decoded objects, in load order. */
  final List<Decoded> objects = new ArrayList<>();

  ObjectDecoder(Fields fields, String defaultNamespace, int daemonSetNodes) {
    this.f = fields;
    this.policies = new PolicyDecoder(fields);
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
    if (type.isEmpty()) {
      return;
    }
    if (type.get().isList(root)) {
      listItems(root, base);
    } else if (!refused(type.get(), root, base)) {
      boolean clusterScoped = type.get().kind().equals("Namespace");
      meta(root, base, clusterScoped).ifPresent(meta -> decode(type.get(), meta, root, base));
    }
  }

  /** The kind and apiVersion of an object. */
  private record Type(String kind, String apiVersion) {
    /** A {@code kind: List}, or a typed list such as {@code PodList} with its {@code items}. */
    boolean isList(MapNode root) {
      return kind.equals("List") || (kind.endsWith("List") && root.get("items").isPresent());
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
    String itemsPath = join(base, "items");
    List<YamlNode> items = f.seq(root.get("items"), itemsPath);
    for (int i = 0; i < items.size(); i++) {
      object(items.get(i), index(itemsPath, i));
    }
  }

  /**
   * Whether the object is of a kind netpol refuses (policies it cannot evaluate) or is a
   * NetworkPolicy of an API version no longer served, reporting the problem.
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
    return false;
  }

  /** Decodes an object of a kind netpol uses; reports any other kind as skipped. */
  private void decode(Type type, Meta meta, MapNode root, String base) {
    String k = type.kind();
    String api = type.apiVersion();
    Origin origin = new Origin(root.location, base, k, meta.namespace(), meta.name());
    Optional<WorkloadKind> workload = WorkloadKind.fromKind(k);
    if (k.equals("Namespace")) {
      namespace(origin, meta, root, base);
    } else if (k.equals("NetworkPolicy")) {
      policies
          .decode(origin.namespace(), origin.name(), root, base)
          .ifPresent(p -> objects.add(new PolicyObject(origin, p, root)));
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
    Optional<String> name = f.string(m.get().get("name"), join(path, "name"));
    if (m.get().get("name").isEmpty()) {
      String hint =
          m.get().get("generateName").isPresent()
              ? " (generateName is not supported: give the object a name)"
              : "";
      f.problem(m.get(), join(path, "name"), "required: the object's name" + hint);
    }
    String namespace = defaultNamespace;
    if (!clusterScoped) {
      namespace =
          f.string(m.get().get("namespace"), join(path, "namespace")).orElse(defaultNamespace);
    }
    Labels labels = labels(m.get().get("labels"), m.get(), join(path, "labels"));
    Optional<Owner> owner = owner(m.get(), path);
    if (f.problemCount() > before || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Meta(name.get(), clusterScoped ? "" : namespace, labels, owner));
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
    try {
      objects.add(new NamespaceObject(origin, Namespace.of(meta.name(), meta.labels())));
    } catch (InvalidModelException e) {
      f.attach(e, root, base);
    }
  }

  private void pod(Origin origin, Meta meta, MapNode root, String base) {
    int before = f.problemCount();
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

  /** The addresses a {@code kubectl get} dump records: {@code status.podIPs}, else podIP. */
  private ImmutableList<IpAddress> addresses(MapNode root, String base) {
    ImmutableList.Builder<IpAddress> ips = ImmutableList.builder();
    String statusPath = join(base, "status");
    Optional<MapNode> status = f.map(root.get("status"), statusPath);
    if (status.isPresent()) {
      List<YamlNode> podIps = f.seq(status.get().get("podIPs"), join(statusPath, "podIPs"));
      for (int i = 0; i < podIps.size(); i++) {
        String p = index(join(statusPath, "podIPs"), i);
        Optional<MapNode> entry = f.map(Optional.of(podIps.get(i)), p);
        entry.ifPresent(e -> address(e.get("ip"), join(p, "ip")).ifPresent(ips::add));
      }
      if (podIps.isEmpty()) {
        address(status.get().get("podIP"), join(statusPath, "podIP")).ifPresent(ips::add);
      }
    }
    return ips.build();
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

  /** Labels, container ports and hostNetwork of a pod spec. */
  private PodShape shape(Labels labels, Optional<MapNode> spec, String specPath) {
    ImmutableList.Builder<ContainerPort> ports = ImmutableList.builder();
    boolean hostNetwork = false;
    if (spec.isPresent()) {
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
        List<YamlNode> portNodes = f.seq(c.get().get("ports"), join(cp, "ports"));
        for (int j = 0; j < portNodes.size(); j++) {
          containerPort(portNodes.get(j), index(join(cp, "ports"), j)).ifPresent(ports::add);
        }
      }
    }
    return new PodShape(labels, ports.build(), hostNetwork);
  }

  private Optional<ContainerPort> containerPort(YamlNode node, String path) {
    Optional<MapNode> m = f.map(Optional.of(node), path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int before = f.problemCount();
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
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
    if (spec.isEmpty()) {
      f.problem(root, specPath, "required: a " + kind + " needs a spec with a pod template");
      return;
    }
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
    Optional<MapNode> jobSpec =
        f.map(spec.get("jobTemplate"), join(specPath, "jobTemplate"))
            .flatMap(j -> f.map(j.get("spec"), path));
    if (jobSpec.isEmpty()) {
      f.problem(spec, path, "required: a CronJob needs spec.jobTemplate.spec");
    }
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
    Optional<MapNode> templateMeta =
        f.map(template.get().get("metadata"), join(templatePath, "metadata"));
    int beforeLabels = f.problemCount();
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
    String specPath = join(base, "spec");
    Optional<MapNode> spec = f.map(root.get("spec"), specPath);
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
