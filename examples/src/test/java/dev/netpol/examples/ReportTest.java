package dev.netpol.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Report.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsTheArticlesScenarioByDefaultWithOneTablePerDistinctPortGroup() {
    assertThat(run()).isZero();
    assertThat(out())
        .contains(
            "TCP 80:\n"
                + "                           1 2 3 4\n"
                + "1  default/backend (2)     X . . .\n"
                + "2  default/frontend (2)    . X X X\n"
                + "3  kube-system/coredns (2) X . . .\n"
                + "4  other-team/debug        X . . .\n")
        .contains(
            "TCP 53; UDP 53:\n"
                + "                           1 2 3 4\n"
                + "1  default/backend (2)     X . . .\n"
                + "2  default/frontend (2)    X X . X\n")
        .contains("TCP 1-52, 54-79, 81-65535; UDP 1-52, 54-65535; SCTP every port:")
        .contains("Loaded: 3 Deployment, 2 Namespace, 2 NetworkPolicy, 1 Pod, 1 Service");
  }

  @Test
  void fitsAnEightyColumnTerminalEvenWithExplanations() {
    assertThat(run("--explain")).isZero();
    assertThat(out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(out())
        .contains("2 -> 1, for example:")
        .contains("default/frontend-0 -> default/backend-0 on TCP/1: DENIED");
  }

  @Test
  void exitsWithTheLoadersMessageOnBadInput(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("policy.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n"
            + "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelctor: {}\n");
    assertThat(run(dir.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("policy.yaml:9:7: spec.ingress[0].from[0].namespaceSelctor: unknown field")
        .contains("did you mean \"namespaceSelector\"");
    assertThat(out()).isEmpty();
  }

  @Test
  void reportsAUserDirectory(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("pods.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    app: a\n---\n"
            + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n"
            + "spec:\n  podSelector: {}\n");
    assertThat(run("--no-system-pods", dir.toString())).isZero();
    assertThat(out())
        .contains("TCP every port; UDP every port; SCTP every port:\n")
        .contains("1  default/a X\n");
  }

  @Test
  void rejectsUnknownOptionsWithUsage() {
    assertThat(run("--fast")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("netpol: unknown option --fast\nusage: netpol-report");
  }
}
