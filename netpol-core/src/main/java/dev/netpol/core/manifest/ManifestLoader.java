package dev.netpol.core.manifest;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.KubernetesNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Loads Kubernetes manifests into a {@link Cluster}: files and directories ({@code *.yaml},
 * {@code *.yml}, {@code *.json}, recursively, in sorted order), strings, streams and classpath
 * resources; multi-document YAML, {@code kind: List} dumps and JSON.
 *
 * <p>Directories are walked following symbolic links (a link back to a directory being walked is
 * skipped with a warning; a file reached twice is loaded once). Every entry named like a manifest
 * that cannot be read is an error that says why: a dangling or looping link, a named pipe (never
 * opened, so it cannot block the load), a file without read permission, a file removed while
 * loading. Files are UTF-8, or UTF-16 with a byte order mark, as kubectl reads them; other bytes
 * are an error at their byte offset, and a binary file is called one. See {@code
 * docs/reading-files.md}.
 *
 * <pre>{@code
 * LoadResult result = ManifestLoader.builder()
 *     .defaultNamespace("shop")          // for objects without metadata.namespace
 *     .podCidr("10.0.0.0/16")           // addresses for pods without status.podIP
 *     .daemonSetNodes(3)                 // a DaemonSet makes one pod per node
 *     .build()
 *     .load(Path.of("k8s"));
 * Cluster cluster = result.cluster();    // throws ManifestException listing every problem
 * System.out.println(result.report());   // loaded, skipped (ConfigMaps...), warnings
 * }</pre>
 *
 * <p>What becomes what: a {@code Pod} is a pod; a Deployment, ReplicaSet, StatefulSet,
 * ReplicationController makes {@code spec.replicas} pods (default 1) named {@code <name>-<i>}; a
 * DaemonSet one pod per node ({@link Builder#daemonSetNodes}, default 1); a Job or CronJob {@code
 * parallelism} pods (default 1). When the input also holds a workload's real pods (a {@code
 * kubectl get -o yaml} dump, found by their controller owner references), those stand for it and
 * no pods are made. Pods without {@code status.podIPs} get addresses from the pod CIDR (default
 * {@code 10.244.0.0/16}) in the order of their namespace and name, skipping addresses other pods
 * hold, so file names and the order of paths never change an answer. Services,
 * NetworkPolicies, Namespaces, Nodes and the cluster-scoped ClusterNetworkPolicy,
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (docs/cluster-policies.md#loading) are
 * loaded; other kinds are skipped and listed in the report. Calico, Cilium, Antrea,
 * OVN-Kubernetes, OpenShift and GKE policies are refused: ignoring a deny would make answers
 * wrong. So are kinds the API server does not serve
 * in the groups that matter ({@code kind: networkpolicy}, a Pod in {@code apps/v1}) and unknown
 * fields in every object read ({@code metadata.lables}), as kubectl's strict validation refuses
 * them (docs/semantics.md#what-netpol-refuses-and-why).
 */
public final class ManifestLoader {
  private static final String STRING_SOURCE = "<string>";
  private static final String SYSTEM_PODS_PRESET = "presets/kube-dns.yaml";

  private final String defaultNamespace;
  private final Cidr podCidr;
  private final boolean podCidrMasked;
  private final String podCidrText;
  private final int daemonSetNodes;
  private final boolean systemPods;
  private final Limits limits;
  private final ClusterAssembler.PodLimits podLimits;

  private ManifestLoader(Builder b) {
    this.defaultNamespace = b.defaultNamespace;
    this.podCidrText = b.podCidr;
    this.podCidr = Cidr.parse(b.podCidr);
    this.podCidrMasked = !Cidr.isCanonical(b.podCidr);
    this.daemonSetNodes = b.daemonSetNodes;
    this.systemPods = b.systemPods;
    this.limits =
        new Limits(
            b.maxSourceChars,
            b.maxNestingDepth,
            b.maxDocuments,
            b.maxAliasExpansion,
            b.maxScalarChars);
    this.podLimits = new ClusterAssembler.PodLimits(b.maxPodsPerWorkload, b.maxPods);
  }

  /**
   * A loader with every default: namespace {@code default}, pod CIDR {@code 10.244.0.0/16}, one
   * node.
   *
   * @return the loader
   */
  public static ManifestLoader defaults() {
    return builder().build();
  }

  /**
   * A builder to change the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads files and directories; a directory is searched recursively (following symbolic links)
   * for {@code *.yaml}, {@code *.yml} and {@code *.json} files, loaded in sorted path order.
   *
   * @param paths files and directories, e.g. {@code Path.of("k8s")}
   * @return the cluster (if valid) and the report
   */
  public LoadResult load(Path... paths) {
    return load(List.of(paths));
  }

  /**
   * Loads files and directories, as {@link #load(Path...)}.
   *
   * @param paths files and directories
   * @return the cluster (if valid) and the report
   */
  public LoadResult load(List<Path> paths) {
    Diagnostics d = new Diagnostics();
    ManifestFiles files = new ManifestFiles(d);
    paths.forEach(files::add);
    List<Source> sources = new ArrayList<>();
    files.files().forEach(f -> sources.add(fileSource(f)));
    return run(sources, d);
  }

  /**
   * Loads manifests from a string, e.g. a text block in a test.
   *
   * @param yaml YAML (one or more documents) or JSON
   * @return the cluster (if valid) and the report; locations name the source {@code <string>}
   */
  public LoadResult loadString(String yaml) {
    return loadString(STRING_SOURCE, yaml);
  }

  /**
   * Loads manifests from a string with a name for messages.
   *
   * @param sourceName how locations name this input, e.g. {@code policies.yaml}
   * @param yaml YAML (one or more documents) or JSON
   * @return the cluster (if valid) and the report
   */
  public LoadResult loadString(String sourceName, String yaml) {
    return run(List.of(new Source(sourceName, () -> yaml)), new Diagnostics());
  }

  /**
   * Loads objects that were never files, such as the model objects of a Kubernetes client: each
   * text is one object in JSON or YAML, named for messages by the object it is. Locations are the
   * name alone, without line and column (lines of a text made from an object mean nothing to the
   * code that built the object), so a problem reads {@code NetworkPolicy shop/allow-web:
   * spec.ingress[0].ports[0].port: ...}. Everything else is as for files: the same validation,
   * the same refusals, one report.
   *
   * <pre>{@code
   * ManifestLoader.defaults().loadObjects(Map.of(
   *     "NetworkPolicy shop/allow-web", "{\"apiVersion\": \"networking.k8s.io/v1\", ...}"));
   * }</pre>
   *
   * @param textsByName each object's text, by the name messages give it; read in name order
   * @return the cluster (if valid) and the report
   */
  public LoadResult loadObjects(Map<String, String> textsByName) {
    List<Source> sources = new ArrayList<>();
    textsByName.forEach((name, text) -> sources.add(new Source(name, () -> text)));
    LoadResult result = run(sources, new Diagnostics());
    return new LoadResult(result.clusterIfValid(), withoutLines(result.report()));
  }

  /** The report with every location reduced to its source name. */
  private static LoadReport withoutLines(LoadReport r) {
    return new LoadReport(
        map(r.loaded(), e -> new ReportEntry(whole(e.location()), e.kind(), e.id(), e.detail())),
        map(r.skipped(), e -> new ReportEntry(whole(e.location()), e.kind(), e.id(), e.detail())),
        map(r.warnings(), w ->
            new ManifestWarning(whole(w.location()), w.fieldPath(), w.message())),
        map(r.problems(), p ->
            new ManifestProblem(whole(p.location()), p.fieldPath(), p.message())));
  }

  private static SourceLocation whole(SourceLocation location) {
    return SourceLocation.of(location.source());
  }

  private static <T> ImmutableList<T> map(List<T> entries, UnaryOperator<T> f) {
    return entries.stream().map(f).collect(ImmutableList.toImmutableList());
  }

  /**
   * Loads manifests from a stream (read as UTF-8, or UTF-16 when it starts with a UTF-16 byte
   * order mark, as kubectl reads files; up to the size limit; not closed).
   *
   * @param in the stream
   * @param sourceName how locations name this input
   * @return the cluster (if valid) and the report
   */
  public LoadResult load(InputStream in, String sourceName) {
    Source source = new Source(sourceName, () -> SourceText.read(in, limits.maxSourceChars()));
    return run(List.of(source), new Diagnostics());
  }

  /**
   * Loads classpath resources: files, or directories searched as {@link #load(Path...)} does
   * (in a directory or a jar).
   *
   * @param resourceNames e.g. {@code "manifests/seed"}, without a leading slash
   * @return the cluster (if valid) and the report; locations name {@code classpath:...}
   */
  public LoadResult loadResources(String... resourceNames) {
    Diagnostics d = new Diagnostics();
    List<Source> sources = new ArrayList<>();
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = ManifestLoader.class.getClassLoader();
    }
    for (String name : resourceNames) {
      String clean = name.startsWith("/") ? name.substring(1) : name;
      URL url = cl.getResource(clean);
      if (url == null) {
        d.problem(SourceLocation.of("classpath:" + clean), "", "no such classpath resource");
        continue;
      }
      try {
        sources.addAll(resourceSources(clean, resourcePath(url.toURI()), d));
      } catch (IOException | URISyntaxException | RuntimeException e) {
        d.problem(
            SourceLocation.of("classpath:" + clean), "", "cannot read resource: " + e.getMessage());
      }
    }
    return run(sources, d);
  }

  /** The files of a resource (itself, or the manifests below it), named {@code classpath:...}. */
  private List<Source> resourceSources(String name, Path root, Diagnostics d) {
    List<Path> files = Files.isDirectory(root) ? new ManifestFiles(d).below(root) : List.of(root);
    List<Source> sources = new ArrayList<>();
    for (Path f : files) {
      String rel = root.equals(f) ? "" : "/" + root.relativize(f).toString().replace('\\', '/');
      sources.add(new Source("classpath:" + name + rel, () -> readFile(f)));
    }
    return sources;
  }

  private static Path resourcePath(URI uri) throws IOException {
    if (uri.getScheme().equals("jar")) {
      FileSystem fs;
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(uri);
      }
      String s = uri.toString();
      return fs.getPath(s.substring(s.indexOf("!/") + 1));
    }
    return Path.of(uri);
  }

  /** One input: a name for messages and a way to read its text. */
  private record Source(String name, TextSupplier text) {}

  @FunctionalInterface
  private interface TextSupplier {
    String get() throws IOException;
  }

  private Source fileSource(Path p) {
    return new Source(p.toString(), () -> readFile(p));
  }

  private String readFile(Path p) throws IOException {
    // A named pipe would block the open (and a device never end): check the type first.
    ManifestFiles.checkRegular(p);
    try (InputStream in = Files.newInputStream(p)) {
      return SourceText.read(in, limits.maxSourceChars());
    }
  }

  /**
   * Reads the sources in the order of their names (so the order paths were given in changes
   * nothing) and assembles every object decoded, even when some had problems, so that one load
   * reports every problem (docs/semantics.md#addresses-netpol-assigns).
   */
  private LoadResult run(List<Source> unordered, Diagnostics d) {
    List<Source> sources = new ArrayList<>(unordered);
    sources.sort(Comparator.comparing(Source::name));
    if (podCidrMasked) {
      d.warning(
          SourceLocation.of("ManifestLoader.podCidr"),
          "",
          "\"" + podCidrText + "\" has host bits set: using " + podCidr);
    }
    Fields fields = new Fields(d);
    YamlReader reader = new YamlReader(limits, d);
    ObjectDecoder decoder = new ObjectDecoder(fields, defaultNamespace, daemonSetNodes);
    for (Source s : sources) {
      text(s, d).ifPresent(text -> reader.read(s.name(), text).forEach(decoder::document));
    }
    if (systemPods) {
      addSystemPods(reader, fields, decoder);
    }
    Optional<Cluster> cluster =
        new ClusterAssembler(d, podCidr, defaultNamespace, podLimits).assemble(decoder.objects);
    return new LoadResult(d.problems.isEmpty() ? cluster : Optional.empty(), d.report());
  }

  /** The text of a source without a byte order mark, or empty if it cannot be read. */
  private static Optional<String> text(Source s, Diagnostics d) {
    String text;
    try {
      text = s.text().get();
    } catch (SourceText.Undecodable e) {
      SourceLocation where =
          e.line == 0
              ? SourceLocation.of(s.name())
              : new SourceLocation(s.name(), e.line, e.column);
      d.problem(where, "", e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      d.problem(SourceLocation.of(s.name()), "", "cannot read: " + ManifestFiles.reason(e));
      return Optional.empty();
    } catch (UncheckedIOException e) {
      d.problem(
          SourceLocation.of(s.name()), "", "cannot read: " + ManifestFiles.reason(e.getCause()));
      return Optional.empty();
    }
    return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /**
   * Adds the system-pods preset (kube-system, CoreDNS labelled {@code k8s-app: kube-dns}, its
   * Service), leaving out every object the user's manifests already define.
   */
  private void addSystemPods(YamlReader reader, Fields fields, ObjectDecoder decoder) {
    Set<String> defined =
        decoder.objects.stream().map(o -> o.origin().identity()).collect(Collectors.toSet());
    ObjectDecoder preset = new ObjectDecoder(fields, "kube-system", daemonSetNodes);
    reader.read("preset:system-pods", systemPodsPreset()).forEach(preset::document);
    preset.objects.stream()
        .filter(o -> !defined.contains(o.origin().identity()))
        .forEach(decoder.objects::add);
  }

  private static String systemPodsPreset() {
    try (InputStream in = ManifestLoader.class.getResourceAsStream(SYSTEM_PODS_PRESET)) {
      if (in == null) {
        throw new IllegalStateException(
            "netpol-core is missing its resource " + SYSTEM_PODS_PRESET);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read netpol-core's " + SYSTEM_PODS_PRESET, e);
    }
  }

  /** Builds a {@link ManifestLoader}. */
  public static final class Builder {
    private String defaultNamespace = "default";
    private String podCidr = "10.244.0.0/16";
    private int daemonSetNodes = 1;
    private int maxSourceChars = 32 * 1024 * 1024;
    private int maxNestingDepth = 64;
    private int maxDocuments = 10_000;
    private long maxAliasExpansion = 100_000;
    private int maxScalarChars = 1536 * 1024;
    private int maxPodsPerWorkload = 100_000;
    private int maxPods = 150_000;
    private boolean systemPods;

    private Builder() {}

    /**
     * Adds the usual system pods, so policies that name them can be tested without writing them:
     * namespace {@code kube-system}, a CoreDNS Deployment of 2 pods labelled {@code k8s-app:
     * kube-dns} with container ports {@code dns} (UDP/53), {@code dns-tcp} (TCP/53) and {@code
     * metrics} (TCP/9153), and the {@code kube-dns} Service. Objects your manifests define
     * themselves (same kind, namespace and name) win; the report lists the added ones with the
     * source {@code preset:system-pods}.
     *
     * <pre>{@code
     * ManifestLoader.builder().systemPods(true).build().load(Path.of("k8s"));
     * // now Endpoint.pods("kube-system", "k8s-app=kube-dns") resolves to coredns-0, coredns-1
     * }</pre>
     *
     * @param enabled true to add them; default false (a cluster holds only what you load)
     * @return this builder
     */
    public Builder systemPods(boolean enabled) {
      this.systemPods = enabled;
      return this;
    }

    /**
     * The namespace of objects without {@code metadata.namespace}, as {@code kubectl apply -n}.
     *
     * @param namespace a namespace name; default {@code default}
     * @return this builder
     * @throws IllegalArgumentException if it is not a valid namespace name
     */
    public Builder defaultNamespace(String namespace) {
      Optional<String> problem = KubernetesNames.checkDnsLabel(namespace);
      Preconditions.checkArgument(problem.isEmpty(), "default namespace: %s", problem.orElse(""));
      this.defaultNamespace = namespace;
      return this;
    }

    /**
     * The block pod addresses are allocated from, for pods without {@code status.podIPs}: pods in
     * the order of namespace and name (numbers in names as numbers) get the next address not held
     * by another pod, from the block's second address to its last but one. With {@code
     * 10.244.0.0/16}, {@code default/a} and {@code default/b}, they get {@code 10.244.0.1} and
     * {@code 10.244.0.2}, whatever the files are named. A block with fewer free addresses than
     * pods needing one is a load problem that suggests a larger block.
     *
     * @param cidr e.g. {@code 10.244.0.0/16} (the default)
     * @return this builder
     * @throws IllegalArgumentException if it is not CIDR notation
     */
    public Builder podCidr(String cidr) {
      Cidr.parse(cidr);
      this.podCidr = cidr;
      return this;
    }

    /**
     * The number of nodes, so the number of pods each DaemonSet makes.
     *
     * @param nodes at least 1; default 1
     * @return this builder
     */
    public Builder daemonSetNodes(int nodes) {
      Preconditions.checkArgument(nodes >= 1, "daemonSetNodes must be at least 1, found %s", nodes);
      this.daemonSetNodes = nodes;
      return this;
    }

    /**
     * The largest input accepted, in characters.
     *
     * @param chars default 32 Mi characters
     * @return this builder
     */
    public Builder maxSourceChars(int chars) {
      Preconditions.checkArgument(chars > 0, "maxSourceChars must be positive");
      this.maxSourceChars = chars;
      return this;
    }

    /**
     * The deepest nesting of mappings and sequences accepted.
     *
     * @param depth default 64
     * @return this builder
     */
    public Builder maxNestingDepth(int depth) {
      Preconditions.checkArgument(depth > 0, "maxNestingDepth must be positive");
      this.maxNestingDepth = depth;
      return this;
    }

    /**
     * The most YAML documents in one input.
     *
     * @param documents default 10000
     * @return this builder
     */
    public Builder maxDocuments(int documents) {
      Preconditions.checkArgument(documents > 0, "maxDocuments must be positive");
      this.maxDocuments = documents;
      return this;
    }

    /**
     * The most nodes aliases ({@code *name}) may add to one document, against "billion laughs"
     * inputs.
     *
     * @param nodes default 100000
     * @return this builder
     */
    public Builder maxAliasExpansion(long nodes) {
      Preconditions.checkArgument(nodes >= 0, "maxAliasExpansion must not be negative");
      this.maxAliasExpansion = nodes;
      return this;
    }

    /**
     * The longest value accepted, in characters; in YAML also the longest line. The API server
     * stores an object of at most about 1.5 MB (etcd's request limit), so no value of a manifest
     * it accepts is longer. The check runs before parsing, because the YAML parser's time grows
     * with the square of a line's length: a 25-million-character value is refused at once, not
     * after minutes. JSON (read by another parser) may have longer lines, not longer values.
     *
     * <pre>{@code
     * ManifestLoader.builder().maxScalarChars(4 * 1024 * 1024).build();  // a 4 Mi-character value
     * }</pre>
     *
     * @param chars default 1.5 Mi characters (1572864)
     * @return this builder
     */
    public Builder maxScalarChars(int chars) {
      Preconditions.checkArgument(chars > 0, "maxScalarChars must be positive");
      this.maxScalarChars = chars;
      return this;
    }

    /**
     * The most pods one workload may make: its {@code spec.replicas} (a Job's or CronJob's {@code
     * parallelism}, a DaemonSet's node count). The count is checked before any pod is made, so
     * {@code replicas: 2147483647} is an error at once, not an exhausted memory. Real pods of a
     * {@code kubectl get} dump that stand for a workload are not limited by this, only by {@link
     * #maxPods}.
     *
     * <pre>{@code
     * ManifestLoader.builder().maxPodsPerWorkload(200_000).maxPods(300_000).podCidr("10.0.0.0/8")
     * }</pre>
     *
     * @param pods at least 1; default 100000
     * @return this builder
     */
    public Builder maxPodsPerWorkload(int pods) {
      Preconditions.checkArgument(pods > 0, "maxPodsPerWorkload must be positive, found %s", pods);
      this.maxPodsPerWorkload = pods;
      return this;
    }

    /**
     * The most pods one load may hold: the pods written in the input plus those made from
     * workload templates. The default is the largest cluster Kubernetes documents as supported
     * (150,000 pods). Note that the default pod CIDR, {@code 10.244.0.0/16}, has addresses for
     * 65,534 pods: a larger cluster also needs a larger {@link #podCidr}.
     *
     * @param pods at least 1; default 150000
     * @return this builder
     */
    public Builder maxPods(int pods) {
      Preconditions.checkArgument(pods > 0, "maxPods must be positive, found %s", pods);
      this.maxPods = pods;
      return this;
    }

    /**
     * Builds the loader.
     *
     * @return the loader
     */
    public ManifestLoader build() {
      return new ManifestLoader(this);
    }
  }
}
