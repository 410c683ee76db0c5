package dev.netpol.bench;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Workload;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, seeded generator of realistic clusters: skewed namespace sizes, workloads with
 * replicas, labels and named ports, and a policy mix like production clusters have.
 *
 * <p>The same scale, variant and seed always give the same cluster.
 */
public final class ClusterGenerator {
  /** The label no selector uses, unique per pod (except in {@link Variant#NO_GROUPING}). */
  public static final String UID_LABEL = "netpol.dev/uid";

  static final String STATEFUL_POD_LABEL = "statefulset.kubernetes.io/pod-name";
  private static final int MAX_PODS_PER_NAMESPACE = 3000;
  private static final String[] TIERS = {"web", "api", "db", "cache", "worker"};
  private static final String[] ENVS = {"prod", "staging", "dev"};
  private static final int[] COMMON_PORTS = {80, 443, 8080, 5432, 6379, 9090, 3306, 8443};

  /** The three sizes of the benchmark plan. */
  public enum Scale {
    /** 1,000 pods. */
    S(1_000, 50, 250, 200, 10, 5),
    /** 10,000 pods. */
    M(10_000, 500, 2_500, 2_000, 50, 20),
    /** 100,000 pods. */
    L(100_000, 5_000, 25_000, 20_000, 200, 50);

    final int pods;
    final int namespaces;
    final int workloads;
    final int policies;
    final int adminPolicies;
    final int baselinePolicies;

    Scale(int pods, int namespaces, int workloads, int policies, int adminPolicies,
        int baselinePolicies) {
      this.pods = pods;
      this.namespaces = namespaces;
      this.workloads = workloads;
      this.policies = policies;
      this.adminPolicies = adminPolicies;
      this.baselinePolicies = baselinePolicies;
    }
  }

  /** The realistic mix and the stress variants added to it. */
  public enum Variant {
    /** The realistic mix only. */
    REALISTIC,
    /** Plus a selector on the unique per-pod label: every pod is its own class. */
    NO_GROUPING,
    /** Plus one namespace of 3,000 pods with 1,000 policies. */
    BIG_NAMESPACE,
    /** Plus 5,000 distinct port ranges. */
    MANY_PORT_RANGES,
    /**
     * Plus cluster-scoped policies (docs/cluster-policies.md): S 10 Admin + 5 Baseline, M 50 + 20,
     * L 200 + 50, drawn from their own random stream so that the NetworkPolicy part is the
     * realistic cluster of the same seed, unchanged.
     */
    TIERED
  }

  private final Random random;
  private final Scale scale;
  private final Variant variant;
  private final List<Namespace> namespaces = new ArrayList<>();
  private final List<List<Workload>> workloadsByNamespace = new ArrayList<>();
  private final List<List<ContainerPort>> portsByWorkload = new ArrayList<>();
  private final List<Integer> podsInNamespace = new ArrayList<>();
  private final Cluster.Builder cluster = Cluster.builder();
  private int teams;
  private int podCounter;
  private int policyCounter;

  private final long seed;

  private ClusterGenerator(Scale scale, Variant variant, long seed) {
    this.random = new Random(seed);
    this.seed = seed;
    this.scale = scale;
    this.variant = variant;
  }

  /**
   * Generates a cluster.
   *
   * @param scale the size
   * @param variant the realistic mix or a stress variant
   * @param seed the seed; the same seed gives the same cluster
   * @return the cluster
   */
  public static Cluster generate(Scale scale, Variant variant, long seed) {
    return new ClusterGenerator(scale, variant, seed).generate();
  }

  private Cluster generate() {
    namespaces();
    workloads();
    policies();
    if (variant == Variant.TIERED) {
      new TierGenerator(scale, namespaces, new Random(seed ^ 0x7469657273L))
          .generate()
          .forEach(cluster::clusterPolicy);
    }
    return cluster.build();
  }

  private void namespaces() {
    teams = Math.max(5, scale.namespaces / 10);
    int tenants = Math.max(3, scale.namespaces / 20);
    addNamespace(Namespace.of("kube-system", Labels.of("team", "platform", "env", "prod")));
    addNamespace(Namespace.of("monitoring", Labels.of("team", "platform", "env", "prod")));
    for (int i = 2; i < scale.namespaces; i++) {
      addNamespace(
          Namespace.of(
              String.format("ns-%04d", i),
              Labels.of(
                  "team", "team-" + random.nextInt(teams),
                  "env", ENVS[random.nextInt(ENVS.length)],
                  "tenant", "tenant-" + random.nextInt(tenants))));
    }
  }

  private void addNamespace(Namespace ns) {
    namespaces.add(ns);
    workloadsByNamespace.add(new ArrayList<>());
    podsInNamespace.add(0);
    cluster.namespace(ns);
  }

  private void workloads() {
    addWorkload(0, "coredns", "dns", 2, Labels.of("k8s-app", "kube-dns"), false,
        List.of(
            ContainerPort.named("dns", 53, Protocol.UDP),
            ContainerPort.named("dns-tcp", 53, Protocol.TCP),
            ContainerPort.named("metrics", 9153, Protocol.TCP)));
    addWorkload(1, "prometheus", "monitoring", 1, Labels.of("app", "prometheus"), false,
        List.of(ContainerPort.named("web", 9090, Protocol.TCP)));

    int count = scale.workloads - 2;
    int[] replicas = new int[count];
    int total = 0;
    for (int i = 0; i < count; i++) {
      replicas[i] = 1 + random.nextInt(7);
      total += replicas[i];
    }
    int target = scale.pods - 3;
    while (total != target) {
      int i = random.nextInt(count);
      if (total < target && replicas[i] < 12) {
        replicas[i]++;
        total++;
      } else if (total > target && replicas[i] > 1) {
        replicas[i]--;
        total--;
      }
    }
    // Skewed namespace sizes: Zipf-like weights over the ordinary namespaces.
    int regular = scale.namespaces - 2;
    double[] cumulative = new double[regular];
    double sum = 0;
    for (int i = 0; i < regular; i++) {
      sum += 1.0 / Math.pow(i + 1, 0.9);
      cumulative[i] = sum;
    }
    int bigNamespace = variant == Variant.BIG_NAMESPACE ? 2 : -1;
    for (int i = 0; i < count; i++) {
      int ns;
      if (i < regular) {
        ns = 2 + i; // every ordinary namespace gets a workload
      } else {
        do {
          ns = 2 + pickWeighted(cumulative, sum);
        } while (podsInNamespace.get(ns) + replicas[i] > MAX_PODS_PER_NAMESPACE
            || ns == bigNamespace);
      }
      if (bigNamespace >= 0 && podsInNamespace.get(bigNamespace) < MAX_PODS_PER_NAMESPACE
          && i >= regular) {
        ns = bigNamespace;
        replicas[i] = Math.min(replicas[i], MAX_PODS_PER_NAMESPACE - podsInNamespace.get(ns));
      }
      String tier = TIERS[random.nextInt(TIERS.length)];
      boolean stateful = random.nextInt(20) == 0;
      addWorkload(ns, tier + "-" + i, tier, replicas[i], Labels.empty(), stateful, ports(i));
    }
  }

  private static int pickWeighted(double[] cumulative, double sum, Random random) {
    double x = random.nextDouble() * sum;
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int pickWeighted(double[] cumulative, double sum) {
    return pickWeighted(cumulative, sum, random);
  }

  /** One to three named ports whose numbers vary by workload. */
  private List<ContainerPort> ports(int workload) {
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(ContainerPort.named("http", random.nextBoolean() ? 8080 : 8000 + workload % 10,
        Protocol.TCP));
    if (random.nextInt(3) != 0) {
      ports.add(ContainerPort.named("metrics", random.nextBoolean() ? 9090 : 9100 + workload % 20,
          Protocol.TCP));
    }
    if (random.nextInt(3) == 0) {
      ports.add(ContainerPort.named("grpc", random.nextBoolean() ? 50051 : 9000 + workload % 10,
          Protocol.TCP));
    }
    return ports;
  }

  private void addWorkload(int ns, String name, String tier, int replicas, Labels extra,
      boolean stateful, List<ContainerPort> ports) {
    Namespace namespace = namespaces.get(ns);
    Labels nsLabels = namespace.labels();
    Labels template =
        extra
            .with("app", extra.get("app").orElse(name))
            .with("tier", tier)
            .with("team", nsLabels.get("team").orElse("none"))
            .with("env", nsLabels.get("env").orElse("dev"))
            .with("version", "v" + (1 + random.nextInt(3)));
    WorkloadKind kind = stateful ? WorkloadKind.STATEFUL_SET : WorkloadKind.DEPLOYMENT;
    List<String> podNames = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      String podName = name + "-" + r;
      podNames.add(podName);
      Labels labels = template.with(UID_LABEL, "p" + podCounter);
      if (stateful) {
        labels = labels.with(STATEFUL_POD_LABEL, podName);
      }
      Pod.Builder pod =
          Pod.builder(namespace.name(), podName)
              .labels(labels)
              .ip(podIp(podCounter++))
              .owner(new WorkloadRef(kind, name));
      ports.forEach(pod::containerPort);
      cluster.pod(pod.build());
    }
    Workload w =
        new Workload(kind, namespace.name(), name, template, ImmutableList.copyOf(podNames));
    cluster.workload(w);
    workloadsByNamespace.get(ns).add(w);
    portsByWorkload.add(ports);
    podsInNamespace.set(ns, podsInNamespace.get(ns) + replicas);
  }

  private static IpAddress podIp(int index) {
    int n = index + 256;
    return IpAddress.parse("10." + (n >>> 16) + "." + ((n >>> 8) & 255) + "." + (n & 255));
  }

  private void policies() {
    int n = namespaces.size();
    int[] counts = new int[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    int none = n / 10;
    int heavy = Math.max(1, Math.round(n / 100f));
    int remaining = scale.policies;
    for (int k = none; k < none + heavy; k++) {
      counts[order.get(k)] = Math.min(100 + random.nextInt(201), remaining / 2);
      remaining -= counts[order.get(k)];
    }
    List<Integer> normal = order.subList(none + heavy, n);
    for (int k = 0; k < remaining; k++) {
      counts[normal.get(random.nextInt(normal.size()))]++;
    }
    if (variant == Variant.BIG_NAMESPACE) {
      counts[2] = 1000;
    }
    for (int ns = 0; ns < n; ns++) {
      for (int k = 0; k < counts[ns]; k++) {
        cluster.policy(policy(ns));
      }
    }
    if (variant == Variant.NO_GROUPING) {
      cluster.policy(
          NetworkPolicy.builder(namespaces.get(2).name(), "by-pod-uid")
              .ingress(
                  NetworkPolicyRule.builder()
                      .peer(PodPeer.pods(LabelSelector.builder()
                          .matchExpression(LabelSelectorRequirement.exists(UID_LABEL))
                          .build()))
                      .build())
              .build());
    }
    if (variant == Variant.MANY_PORT_RANGES) {
      for (int p = 0; p < 50; p++) {
        NetworkPolicyRule.Builder rule = NetworkPolicyRule.builder();
        for (int k = 0; k < 100; k++) {
          int start = 1000 + 10 * (p * 100 + k);
          rule.port(NetworkPolicyPort.range(Protocol.TCP, start, start + 4));
        }
        cluster.policy(
            NetworkPolicy.builder(namespaces.get(2 + p % (n - 2)).name(), "ranges-" + p)
                .podSelector(LabelSelector.matchLabels("tier", TIERS[p % TIERS.length]))
                .ingress(rule.build())
                .build());
      }
    }
  }

  private NetworkPolicy policy(int ns) {
    String nsName = namespaces.get(ns).name();
    List<Workload> workloads = workloadsByNamespace.get(ns);
    Workload target = workloads.get(random.nextInt(workloads.size()));
    Workload source = workloads.get(random.nextInt(workloads.size()));
    NetworkPolicy.Builder b = NetworkPolicy.builder(nsName, "np-" + policyCounter++);
    int kind = random.nextInt(100);
    if (kind < 20) {
      // default deny
      if (random.nextBoolean()) {
        b.policyTypes(PolicyType.INGRESS);
      } else {
        b.policyTypes(PolicyType.INGRESS, PolicyType.EGRESS);
      }
    } else if (kind < 30) {
      b.ingress(NetworkPolicyRule.builder()
          .peer(PodPeer.pods(LabelSelector.everything())).build());
    } else if (kind < 60) {
      appToApp(b, target, source);
    } else if (kind < 75) {
      b.podSelector(app(target));
      LabelSelector teamSel = LabelSelector.matchLabels("team", "team-" + random.nextInt(teams));
      PodPeer peer =
          random.nextBoolean()
              ? PodPeer.namespaces(teamSel)
              : PodPeer.of(LabelSelector.matchLabels("tier", "web"), teamSel);
      b.ingress(NetworkPolicyRule.builder().peer(peer).build());
    } else if (kind < 80) {
      b.podSelector(random.nextBoolean() ? LabelSelector.everything() : app(target));
      b.ingress(NetworkPolicyRule.builder()
          .peer(PodPeer.of(LabelSelector.matchLabels("app", "prometheus"),
              LabelSelector.matchLabels(Namespace.NAME_LABEL, "monitoring")))
          .port(NetworkPolicyPort.named(Protocol.TCP, "metrics"))
          .build());
    } else if (kind < 90) {
      b.podSelector(app(target)).policyTypes(PolicyType.EGRESS);
      b.egress(NetworkPolicyRule.builder()
          .peer(PodPeer.of(LabelSelector.matchLabels("k8s-app", "kube-dns"),
              LabelSelector.everything()))
          .port(NetworkPolicyPort.number(Protocol.UDP, 53))
          .port(NetworkPolicyPort.number(Protocol.TCP, 53))
          .build());
      b.egress(NetworkPolicyRule.builder()
          .peer(PodPeer.pods(LabelSelector.matchLabels("tier", "db")))
          .port(NetworkPolicyPort.tcp(random.nextBoolean() ? 5432 : 3306))
          .build());
    } else if (kind < 95) {
      b.podSelector(app(target));
      ipBlock(b, kind);
    } else {
      b.podSelector(app(target));
      int start = random.nextBoolean() ? 30000 : 8000 + 100 * random.nextInt(10);
      b.ingress(NetworkPolicyRule.builder()
          .peer(PodPeer.pods(app(source)))
          .port(NetworkPolicyPort.range(Protocol.TCP, start, start + 99 + random.nextInt(2668)))
          .build());
    }
    return b.build();
  }

  private void appToApp(NetworkPolicy.Builder b, Workload target, Workload source) {
    NetworkPolicyRule.Builder rule = NetworkPolicyRule.builder();
    if (random.nextInt(3) == 0) {
      b.podSelector(LabelSelector.builder()
          .matchExpression(LabelSelectorRequirement.in("app", target.name(), source.name()))
          .build());
      rule.peer(PodPeer.pods(LabelSelector.builder()
          .matchExpression(LabelSelectorRequirement.in("tier", "web", "api"))
          .matchExpression(LabelSelectorRequirement.notIn("env", "dev"))
          .build()));
    } else {
      b.podSelector(app(target));
      rule.peer(PodPeer.pods(app(source)));
    }
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      rule.port(NetworkPolicyPort.tcp(COMMON_PORTS[random.nextInt(COMMON_PORTS.length)]));
    }
    b.ingress(rule.build());
  }

  private void ipBlock(NetworkPolicy.Builder b, int kind) {
    if (kind == 90) {
      // 1% of all policies: a block overlapping the pod CIDR
      int half = random.nextInt(2);
      b.ingress(NetworkPolicyRule.builder()
          .peer(IpBlockPeer.of(Cidr.parse("10." + half + ".0.0/16"),
              Cidr.parse("10." + half + "." + random.nextInt(256) + ".0/24")))
          .build());
    } else if (random.nextBoolean()) {
      b.ingress(NetworkPolicyRule.builder()
          .peer(IpBlockPeer.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8"),
              Cidr.parse("192.168.0.0/16")))
          .port(NetworkPolicyPort.tcp(443))
          .build());
    } else {
      b.policyTypes(PolicyType.EGRESS);
      b.egress(NetworkPolicyRule.builder()
          .peer(IpBlockPeer.of(Cidr.parse("172.16.0.0/12"),
              Cidr.parse("172.16." + random.nextInt(256) + ".0/24")))
          .build());
    }
  }

  private static LabelSelector app(Workload w) {
    return LabelSelector.matchLabels("app", w.templateLabels().get("app").orElseThrow());
  }
}
