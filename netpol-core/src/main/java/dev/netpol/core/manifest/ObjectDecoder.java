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

  final List<Object> objects = new ArrayList<>(); // decoded objects, in load order

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
    Optional<String> kind = f.string(root.get("kind"), join(base, "kind"));
    Optional<String> apiVersion = f.string(root.get("apiVersion"), join(base, "apiVersion"));
    if (root.get("kind").isEmpty()) {
      f.problem(root, join(base, "kind"), "required: every object needs a kind");
    }
    if (root.get("apiVersion").isEmpty()) {
      f.problem(root, join(base, "apiVersion"), "required: every object needs an apiVersion");
    }
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      return;
    }
    String k = kind.get();
    String api = apiVersion.get();
    if (k.equals("List") || (k.endsWith("List") && root.get("items").isPresent())) {
      String itemsPath = join(base, "items");
      List<YamlNode> items = f.seq(root.get("items"), itemsPath);
      for (int i = 0; i < items.size(); i++) {
        object(items.get(i), index(itemsPath, i));
      }
      return;
    }
    Optional<String> refusal = Refusals.refusal(k, api);
    if (refusal.isPresent()) {
      f.problem(root, join(base, "kind"), refusal.get());
      return;
    }
    if (k.equals("NetworkPolicy") && !api.equals(NETWORKING_V1)) {
      f.problem(
          root.get("apiVersion").orElseThrow(),
          join(base, "apiVersion"),
          "NetworkPolicy apiVersion \""
              + api
              + "\" is not served by current Kubernetes: use "
              + NETWORKING_V1);
      return;
    }
    boolean clusterScoped = k.equals("Namespace");
    Optional<Meta> meta = meta(root, base, clusterScoped);
    if (meta.isEmpty()) {
      return;
    }
    Origin origin = new Origin(root.location, base, k, meta.get().namespace, meta.get().name);
    Optional<WorkloadKind> workload = WorkloadKind.fromKind(k);
    if (k.equals("Namespace")) {
      namespace(origin, meta.get(), root, base);
    } else if (k.equals("NetworkPolicy")) {
      policies
          .decode(origin.namespace(), origin.name(), root, base)
          .ifPresent(p -> objects.add(new PolicyObject(origin, p)));
    } else if (k.equals("Pod") && api.equals("v1")) {
      pod(origin, meta.get(), root, base);
    } else if (k.equals("Service") && api.equals("v1")) {
      service(origin, root, base);
    } else if (workload.isPresent()) {
      workload(origin, workload.get(), meta.get(), root, base);
    } else {
      f.diagnostics.skipped.add(
          new ReportEntry(
              root.location, k, origin.id(), "skipped: netpol does not use " + k + " (" + api + ")"));
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
      namespace = f.string(m.get().get("namespace"), join(path, "namespace")).orElse(defaultNamespace);
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
    List<IpAddress> ips = new ArrayList<>();
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
    if (f.problemCount() == before) {
      objects.add(new PodObject(origin, shape, ips, node, meta.owner(), meta.labels()));
    }
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
    List<ContainerPort> ports = new ArrayList<>();
    boolean hostNetwork = false;
    if (spec.isPresent()) {
      hostNetwork = f.bool(spec.get().get("hostNetwork"), join(specPath, "hostNetwork")).orElse(false);
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
    return new PodShape(labels, ports, hostNetwork);
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
    Protocol protocol = protocol(m.get(), path);
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

  private Protocol protocol(MapNode m, String path) {
    Optional<String> text = f.string(m.get("protocol"), join(path, "protocol"));
    if (text.isEmpty()) {
      return Protocol.TCP;
    }
    try {
      return Protocol.parse(text.get());
    } catch (IllegalArgumentException e) {
      f.problem(m.get("protocol").orElseThrow(), join(path, "protocol"), e.getMessage());
      return Protocol.TCP;
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
    MapNode podParent = spec.get();
    String podParentPath = specPath;
    int count;
    switch (kind) {
      case DAEMON_SET:
        count = daemonSetNodes;
        break;
      case JOB:
        count = f.integer(spec.get().get("parallelism"), join(specPath, "parallelism")).orElse(1);
        break;
      case CRON_JOB:
        podParentPath = join(specPath, "jobTemplate.spec");
        Optional<MapNode> jobTemplate =
            f.map(spec.get().get("jobTemplate"), join(specPath, "jobTemplate"))
                .flatMap(j -> f.map(j.get("spec"), join(specPath, "jobTemplate.spec")));
        if (jobTemplate.isEmpty()) {
          f.problem(spec.get(), podParentPath, "required: a CronJob needs spec.jobTemplate.spec");
          return;
        }
        podParent = jobTemplate.get();
        count = f.integer(podParent.get("parallelism"), join(podParentPath, "parallelism")).orElse(1);
        break;
      default:
        count = f.integer(spec.get().get("replicas"), join(specPath, "replicas")).orElse(1);
    }
    if (count < 0) {
      f.problem(spec.get(), specPath, "the pod count must not be negative, found " + count);
    }
    String templatePath = join(podParentPath, "template");
    Optional<MapNode> template = f.map(podParent.get("template"), templatePath);
    if (template.isEmpty()) {
      if (podParent.get("template").isEmpty()) {
        f.problem(podParent, templatePath, "required: the pod template");
      }
      return;
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
    PodShape shape =
        shape(labels, f.map(template.get().get("spec"), join(templatePath, "spec")), join(templatePath, "spec"));
    // A ReplicationController's selector is a plain label map, not a LabelSelector.
    Optional<LabelSelector> selector =
        kind == WorkloadKind.REPLICATION_CONTROLLER
            ? Optional.empty()
            : policies.selector(podParent.get("selector"), join(podParentPath, "selector"));
    if (selector.isPresent()
        && labelsRead
        && !selector.get().matches(labels)
        && kind != WorkloadKind.JOB
        && kind != WorkloadKind.CRON_JOB) {
      f.problem(
          podParent.get("selector").orElseThrow(),
          join(podParentPath, "selector"),
          "selector "
              + selector.get()
              + " does not match the template labels "
              + labels
              + " (the API server refuses it)");
    }
    if (f.problemCount() == before) {
      objects.add(new WorkloadObject(origin, kind, shape, Math.max(0, count), meta.owner()));
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
    Protocol protocol = protocol(m.get(), path);
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
