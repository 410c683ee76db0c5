package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.eval.Evaluation;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.testkit.ClusterYaml;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The law of docs/semantics.md#addresses-netpol-assigns: the same manifests give the same
 * cluster, the same answers and the same explanations whatever the files are named, how the
 * objects are spread over files and documents, and in which order the paths are given.
 *
 * <p>The manifests are generated clusters written as YAML, with most pods stripped of their
 * {@code status} (so netpol assigns their addresses, from a pod CIDR the generated ipBlocks
 * overlap) and a few Deployments whose pods come from a template.
 */
class LoadOrderLaws {
  /** Fixed, so a build that passes once passes always; a failure prints it to replay. */
  private static final long SEED = 1_202_2026L;

  private static final String POD_CIDR = "10.0.0.0/24";

  @TempDir Path tmp;

  private final AtomicInteger tries = new AtomicInteger();

  /** One way to lay documents out as files, and to name the paths to load. */
  record Layout(
      ImmutableList<Integer> documentOrder,
      ImmutableList<Integer> fileOfDocument,
      ImmutableList<String> fileNames,
      ImmutableList<Integer> pathOrder,
      boolean asDirectory) {}

  /** Manifests, two layouts of them, and a question to ask of both loads. */
  record Input(
      ImmutableList<String> documents,
      Layout first,
      Layout second,
      Port port,
      EvaluationOptions options) {

    String describe() {
      return String.join("---\n", documents) + "# first: " + first + "\n# second: " + second
          + "\n# port: " + port + ", options: " + options + "\n";
    }
  }

  @Test
  void renamingAndReorderingInputFilesChangesNoAnswerNorExplanation() {
    Coverage coverage = new Coverage();
    Property.forAll(inputs()).tries(1000).seed(SEED).show(Input::describe).check(in -> {
      coverage.tried();
      Cluster a = load(in.documents(), in.first());
      Cluster b = load(in.documents(), in.second());
      coverage.when("some pod without status", in.documents().stream().anyMatch(doc ->
          doc.contains("kind: Pod\n") && !doc.contains("\nstatus:\n")));
      coverage.when("files in another order", !in.first().fileNames().equals(
          in.second().fileNames()) || !in.first().pathOrder().equals(in.second().pathOrder()));
      coverage.when("pods made from a template",
          a.pods().stream().anyMatch(p -> p.owner().isPresent()));

      assertThat(addresses(b)).as("pods and their addresses").isEqualTo(addresses(a));
      assertThat(answers(b, in)).as("answers").isEqualTo(answers(a, in));
      assertThat(explanations(b, in)).as("explanations").isEqualTo(explanations(a, in));
      assertThat(b.policies()).as("policies, in order").isEqualTo(a.policies());
    });
    coverage.requireAtLeast("some pod without status", 0.5);
    coverage.requireAtLeast("files in another order", 0.8);
    coverage.requireAtLeast("pods made from a template", 0.3);
  }

  private static List<String> addresses(Cluster c) {
    return c.pods().stream().map(p -> p.id() + " " + p.ips()).collect(Collectors.toList());
  }

  /** The truth table of the port and every pod's outside reach, from the engine. */
  private static List<String> answers(Cluster c, Input in) {
    List<String> out = new ArrayList<>();
    ReachabilityMatrix m = c.reachability(in.options());
    out.add(m.truthTable(c.pods(), in.port()).toString());
    for (Pod p : c.pods()) {
      out.add(p.id() + " egress to outside " + m.egressToOutside(p, in.port()));
      out.add(p.id() + " ingress from outside " + m.ingressFromOutside(p, in.port()));
    }
    return out;
  }

  /** The evaluator's text for every pair of namespaces with pods, pair by pair. */
  private static List<String> explanations(Cluster c, Input in) {
    List<String> namespaces = c.namespaces().stream().map(Namespace::name)
        .filter(ns -> !c.podsIn(ns).isEmpty()).collect(Collectors.toList());
    List<String> out = new ArrayList<>();
    for (String from : namespaces) {
      for (String to : namespaces) {
        Evaluation e = c.evaluate(
            Endpoint.namespace(from), Endpoint.namespace(to), in.port(), in.options());
        out.add(e.explain());
        for (Verdict v : e.deniedPairs()) {
          out.add(v.explain());
        }
        for (Verdict v : e.allowedPairs()) {
          out.add(v.explain());
        }
      }
    }
    return out;
  }

  /** Writes the layout's files under a fresh folder and loads them as the layout says. */
  private Cluster load(List<String> documents, Layout layout) {
    Path root = tmp.resolve("try-" + tries.incrementAndGet());
    List<StringBuilder> texts = new ArrayList<>();
    layout.fileNames().forEach(n -> texts.add(new StringBuilder()));
    for (int position = 0; position < documents.size(); position++) {
      StringBuilder text = texts.get(layout.fileOfDocument().get(position));
      if (text.length() > 0) {
        text.append("---\n");
      }
      text.append(documents.get(layout.documentOrder().get(position)));
    }
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < texts.size(); i++) {
        if (texts.get(i).length() == 0) {
          continue;
        }
        Path file = root.resolve(layout.fileNames().get(i));
        Files.createDirectories(file.getParent());
        Files.writeString(file, texts.get(i));
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> paths = new ArrayList<>();
    if (layout.asDirectory()) {
      paths.add(root);
    } else {
      for (int i : layout.pathOrder()) {
        if (i < files.size()) {
          paths.add(files.get(i));
        }
      }
    }
    LoadResult result = ManifestLoader.builder().podCidr(POD_CIDR).build().load(paths);
    delete(root); // a thousand tries: keep the folder small
    assertThat(result.report().problems()).as("problems loading %s", paths).isEmpty();
    return result.cluster();
  }

  private static void delete(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- generators -------------------------------------------------------------------------

  private static Gen<Input> inputs() {
    return documents().flatMap(docs -> Gen.zip(
        Gen.zip(layouts(docs.size()), layouts(docs.size()), (x, y) -> List.of(x, y)),
        Gen.zip(NetpolGen.ports(), NetpolGen.options(), (p, o) -> List.<Object>of(p, o)),
        (layouts, q) -> new Input(docs, layouts.get(0), layouts.get(1), (Port) q.get(0),
            (EvaluationOptions) q.get(1))));
  }

  /**
   * A generated cluster as one document per object, most pods without {@code status}, and zero
   * to two Deployments.
   */
  private static Gen<ImmutableList<String>> documents() {
    return NetpolGen.clusters().flatMap(cluster -> s -> {
      List<String> docs = new ArrayList<>();
      for (String doc : ClusterYaml.write(cluster).split("(?m)^---\n")) {
        if (doc.startsWith("#")) {
          continue; // the comment of an empty cluster
        }
        int status = doc.indexOf("\nstatus:\n");
        boolean strip = status >= 0 && !doc.contains("hostNetwork: true") && s.chance(0.75);
        docs.add(strip ? doc.substring(0, status + 1) : doc);
      }
      List<String> namespaces =
          cluster.namespaces().stream().map(Namespace::name).collect(Collectors.toList());
      int deployments = s.choose(0, 2);
      for (int i = 0; i < deployments; i++) {
        String ns = namespaces.get(s.choose(0, namespaces.size() - 1));
        String app = List.of("a", "b", "c").get(s.choose(0, 2));
        docs.add(deployment("web-" + i, ns, app, s.choose(0, 3)));
      }
      return ImmutableList.copyOf(docs);
    });
  }

  private static String deployment(String name, String namespace, String app, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              containers:
              - name: main
                image: registry.k8s.io/pause:3.9
                ports:
                - name: http
                  containerPort: 8080
                  protocol: TCP
        """.formatted(name, namespace, replicas, app, app);
  }

  /**
   * Documents in any order over one to five files with random names (some in a subfolder),
   * given as a folder or as files in any order.
   */
  private static Gen<Layout> layouts(int documents) {
    return s -> {
      List<Integer> order = permutation(s, documents);
      int fileCount = s.choose(1, Math.max(1, Math.min(documents, 5)));
      List<Integer> fileOf = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        fileOf.add(s.choose(0, fileCount - 1));
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < fileCount; i++) {
        StringBuilder name = new StringBuilder();
        if (s.chance(0.2)) {
          name.append("sub-").append((char) ('a' + s.choose(0, 25))).append('/');
        }
        int length = s.choose(1, 6);
        for (int k = 0; k < length; k++) {
          name.append((char) ('a' + s.choose(0, 25)));
        }
        name.append('-').append(i).append(s.chance(0.5) ? ".yaml" : ".yml");
        names.add(name.toString());
      }
      List<Integer> pathOrder = permutation(s, fileCount);
      boolean asDirectory = s.chance(0.3);
      return new Layout(ImmutableList.copyOf(order), ImmutableList.copyOf(fileOf),
          ImmutableList.copyOf(names), ImmutableList.copyOf(pathOrder), asDirectory);
    };
  }

  /** A permutation of {@code 0..n-1} (Fisher-Yates), shrinking toward the identity. */
  private static List<Integer> permutation(dev.netpol.core.testkit.Source s, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    for (int i = 0; i < n - 1; i++) {
      Collections.swap(out, i, s.choose(i, n - 1));
    }
    return out;
  }
}
