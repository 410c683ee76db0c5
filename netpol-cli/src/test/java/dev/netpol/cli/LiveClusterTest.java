package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kubeconfig}: every command can read a running cluster instead of files. The cluster
 * is fabric8's mock API server in CRUD mode, holding the examples' manifests as {@code kubectl
 * apply} would store them; the answers must be those of the files.
 */
@EnableKubernetesMockClient(crud = true)
class LiveClusterTest {
  private static final Path MANIFESTS = Path.of("..", "examples", "src", "main", "resources",
      "manifests");

  KubernetesClient client;

  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void applyTheExampleAndWriteAKubeconfig() throws IOException {
    for (String stage : List.of("base", "frontend-egress")) {
      try (Stream<Path> files = Files.list(MANIFESTS.resolve(stage))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata o : client.load(in).items()) {
              if (o instanceof Namespaced && o.getMetadata().getNamespace() == null) {
                o.getMetadata().setNamespace("default");
              }
              client.resource(o).create();
            }
          }
        }
      }
    }
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: mock}
        current-context: mock
        users:
        - name: mock
          user: {token: not-checked}
        """.formatted(client.getConfiguration().getMasterUrl()));
  }

  private String run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Netpol.execute(new PrintWriter(out), new PrintWriter(err), args);
    assertThat(code).as("%s%nout: %s%nerr: %s", String.join(" ", args), out, err)
        .isEqualTo(expectedCode);
    return expectedCode == 0 || expectedCode == 1 || expectedCode == 3 ? out.toString()
        : err.toString();
  }

  @Test
  void theMatrixOfTheRunningClusterIsTheMatrixOfItsFiles() {
    String live = run(0, "matrix", "--format", "csv", "--kubeconfig", kubeconfig.toString());
    String files = run(0, "matrix", "--format", "csv", MANIFESTS.resolve("base").toString(),
        MANIFESTS.resolve("frontend-egress").toString());
    assertThat(live).isEqualTo(files).contains("default/frontend,default/backend,TCP/80,allowed");
  }

  @Test
  void explainAndReportReadTheRunningCluster() {
    assertThat(run(0, "explain", "--kubeconfig", kubeconfig.toString(), "default/frontend",
        "default/backend", "TCP/80")).contains("4 of 4 pairs allowed");
    assertThat(run(0, "report", "--kubeconfig", kubeconfig.toString()))
        .contains("default/frontend -> default/backend: TCP/80");
  }

  @Test
  void diffAgainstTheRunningClusterShowsWhatApplyingFilesWouldOpen() {
    String out = run(3, "diff", "--kubeconfig", kubeconfig.toString(),
        MANIFESTS.resolve("base").toString());
    assertThat(out).contains("traffic opened up");
  }

  @Test
  void filesAndARunningClusterTogetherAreBadInput() {
    assertThat(run(2, "matrix", "--kubeconfig", kubeconfig.toString(),
        MANIFESTS.resolve("base").toString())).contains("not both");
  }

  @Test
  void noSourceAtAllIsBadInput() {
    assertThat(run(2, "matrix")).contains("no manifests");
  }
}
