package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.testkit.ClusterYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a generated benchmark cluster as manifests, so the command-line tool can be measured
 * on it as a user runs it (for example the HTML view's size and time to first render at M):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.netpol.bench.WriteClusterYaml M /tmp/m
 * java -jar netpol-cli/target/netpol.jar matrix --format html -o /tmp/m.html /tmp/m
 * </pre>
 *
 * <p>Pods are written as Pods (the generator's workloads are not kept as owners), with the
 * generator's seed 42 and the REALISTIC variant.
 */
public final class WriteClusterYaml {
  /** Below the loader's default limit of documents per input. */
  private static final int DOCUMENTS_PER_FILE = 5000;

  private WriteClusterYaml() {}

  /**
   * Writes {@code cluster-NNN.yaml} files (at most 5,000 documents each) into a directory.
   *
   * @param args the scale (S, M or L) and the directory
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: WriteClusterYaml S|M|L DIRECTORY");
      System.exit(2);
    }
    Cluster cluster = ClusterGenerator.generate(ClusterGenerator.Scale.valueOf(args[0]),
        ClusterGenerator.Variant.REALISTIC, 42);
    Path dir = Files.createDirectories(Path.of(args[1]));
    String[] documents = ClusterYaml.write(cluster).split("\n---\n");
    int files = 0;
    for (int from = 0; from < documents.length; from += DOCUMENTS_PER_FILE) {
      String[] part = Arrays.copyOfRange(documents, from,
          Math.min(documents.length, from + DOCUMENTS_PER_FILE));
      Files.writeString(dir.resolve(String.format(Locale.ROOT, "cluster-%03d.yaml", files++)),
          String.join("\n---\n", part) + "\n", StandardCharsets.UTF_8);
    }
    System.out.println(cluster + " -> " + files + " files in " + dir);
  }
}
