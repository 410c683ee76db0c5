package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code netpol} command as a shell script sees it: standard output, standard error and the
 * exit code, on manifests written into a temporary directory.
 */
class NetpolCliTest {
  private static final String BASE = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: web}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: shop}
      spec:
        replicas: 2
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers:
            - name: c
              image: db
              ports: [{name: pg, containerPort: 5432}]
      """;

  private static final String DB_FROM_WEB = """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-from-web, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5432}]
      """;

  @TempDir Path dir;
  private Path cluster;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeManifests() throws IOException {
    cluster = write("cluster/base.yaml", BASE).getParent();
    write("cluster/db-from-web.yaml", DB_FROM_WEB);
  }

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private int run(String... args) {
    return Netpol.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Nested
  class Explain {
    @Test
    void explainsAnAllowedWorkloadPairAndExitsZero() {
      int code = run("explain", "-f", cluster.toString(), "shop/web", "shop/db", "TCP/5432");
      assertThat(code).isZero();
      assertThat(out.toString())
          .startsWith("workload shop/web -> workload shop/db on TCP/5432: 2 of 2 pairs allowed")
          .contains("shop/db-from-web");
      assertThat(err.toString()).doesNotContain("netpol explain:");
    }

    @Test
    void expectDeniedFailsWithExitOneWhenAllowed() {
      int code = run("explain", "-f", cluster.toString(), "--expect", "denied",
          "app=web", "shop:app=db", "5432");
      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("expected every pair denied, but 2 of 2 pairs");
    }

    @Test
    void aDeniedPortIsExplainedWithThePolicyThatIsolates() {
      int code = run("explain", "-f", cluster.toString(), "--expect", "denied",
          "shop/web", "shop/db", "tcp/80");
      assertThat(code).isZero();
      assertThat(out.toString()).contains("DENIED").contains("db-from-web");
    }

    @Test
    void anEndpointThatNamesNothingIsBadInputWithTheNearestIds() {
      int code = run("explain", "-f", cluster.toString(), "shop/wbe", "shop/db", "80");
      assertThat(code).isEqualTo(2);
      assertThat(err.toString()).startsWith("netpol explain: ").contains("web-0");
    }

    @Test
    void addressesAreEndpointsToo() {
      int code = run("explain", "-f", cluster.toString(), "8.8.8.8", "shop/db", "5432");
      assertThat(code).isZero();
      assertThat(out.toString()).startsWith("ip 8.8.8.8 -> workload shop/db")
          .contains("0 of 2 pairs allowed");
    }

    @Test
    void aBadPortIsBadInput() {
      assertThat(run("explain", "-f", cluster.toString(), "shop/web", "shop/db", "http"))
          .isEqualTo(2);
      assertThat(err.toString()).contains("invalid port");
    }
  }

  @Nested
  class Check {
    private static final String TABLE = """
        # port: TCP/5432
                       shop/db-0 shop/web-0
        shop/web-0     .         .
        shop/db-0      X         .
        """;

    @Test
    void aTableThatHoldsExitsZero() throws IOException {
      Path table = write("tcp-5432.txt", TABLE);
      int code = run("check", cluster.toString(), "--table", table.toString());
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("and it does");
    }

    @Test
    void aDifferingCellExitsOneWithItsExplanationAndTheActualTable() throws IOException {
      Path table = write("tcp-5432.txt", TABLE.replace("shop/web-0     .", "shop/web-0     X"));
      int code = run("check", cluster.toString(), "--table", table.toString());
      assertThat(code).isEqualTo(1);
      assertThat(out.toString())
          .contains(table + ":3: shop/web-0 -> shop/db-0: expected X, found .")
          .contains("Actual table");
    }

    @Test
    void aPodTheClusterLacksIsBadInput() throws IOException {
      Path table = write("t.txt", TABLE.replace("shop/db-0      X", "shop/db-9      X"));
      assertThat(run("check", cluster.toString(), "-t", table.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("row shop/db-9 is not a pod of the cluster");
    }

    @Test
    void aTableWithoutPortIsBadInput() throws IOException {
      Path table = write("t.txt", TABLE.replace("# port: TCP/5432\n", ""));
      assertThat(run("check", cluster.toString(), "-t", table.toString())).isEqualTo(2);
    }
  }

  @Nested
  class Diff {
    @Test
    void removingAnAllowRuleOnlyClosesTrafficAndExitsZero() throws IOException {
      Path after = write("after/base.yaml", BASE).getParent();
      write("after/deny.yaml", DB_FROM_WEB.replace("ingress:\n"
          + "  - from: [{podSelector: {matchLabels: {app: web}}}]\n"
          + "    ports: [{port: 5432}]\n", "ingress: []\n"));
      int code = run("diff", cluster.toString(), after.toString());
      assertThat(code).as(out.toString() + err).isZero();
      assertThat(out.toString())
          .contains("Closed (allowed before, denied now):\n  shop/web -> shop/db: TCP/5432 (2 pod"
              + " pairs)")
          .contains("nothing opened up");
    }

    @Test
    void droppingThePolicyOpensTrafficAndExitsThree() throws IOException {
      Path after = write("after/base.yaml", BASE).getParent();
      int code = run("diff", cluster.toString(), after.toString());
      assertThat(code).isEqualTo(3);
      assertThat(out.toString())
          .contains("Opened (denied before, allowed now):\n  shop/db -> shop/db: any port (4 pod"
              + " pairs)")
          .contains("shop/web -> shop/db: TCP/1-5431, TCP/5433-65535, UDP, SCTP (2 pod pairs)")
          .contains("traffic opened up");
    }

    @Test
    void anHtmlDiffKeepsTheVerdictLineOutOfThePage() throws IOException {
      Path after = write("after/base.yaml", BASE).getParent();
      Path page = dir.resolve("diff.html");
      assertThat(run("diff", "--format", "html", "-o", page.toString(), cluster.toString(),
          after.toString())).isEqualTo(3);
      assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>")
          .contains("\"level\": \"diff\"");
      assertThat(out.toString()).isEqualTo("traffic opened up\n");
      out.getBuffer().setLength(0);
      assertThat(run("diff", "--format", "html", cluster.toString(), after.toString()))
          .isEqualTo(3);
      assertThat(out.toString()).endsWith("</html>\n");
      assertThat(err.toString()).contains("traffic opened up");
    }

    @Test
    void identicalManifestsHaveNoChanges() {
      assertThat(run("diff", cluster.toString(), cluster.toString())).isZero();
      assertThat(out.toString()).contains("no changes");
    }
  }

  @Nested
  class ClusterScopedPolicies {
    private static final String GUARDRAIL = """
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: no-db-from-anywhere}
        spec:
          tier: Admin
          priority: 10
          subject: {pods: {podSelector: {matchLabels: {app: db}}}}
          ingress:
          - name: deny-all
            action: Deny
            from: [{namespaces: {}}]
        """;

    @BeforeEach
    void addAnAdminGuardrail() throws IOException {
      write("cluster/guardrail.yaml", GUARDRAIL);
    }

    @Test
    void explainShowsTheAdminRuleThatDecides() {
      int code = run("explain", "-f", cluster.toString(), "shop/web", "shop/db", "5432");
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("0 of 2 pairs allowed")
          .contains("ClusterNetworkPolicy no-db-from-anywhere (Admin, priority 10)");
    }

    @Test
    void checkAnswersTablesThroughTheTiers() throws IOException {
      Path table = write("t.txt", """
          # port: TCP/5432
                         shop/db-0
          shop/web-0     X
          """);
      assertThat(run("check", cluster.toString(), "-t", table.toString())).as(err.toString())
          .isZero();
    }

    @Test
    void theMatrixAndTheDiffShowWhatTheGuardrailDenies() throws IOException {
      assertThat(run("matrix", "--format", "csv", cluster.toString())).as(err.toString())
          .isZero();
      assertThat(out.toString().lines())
          .as(out.toString())
          .contains("shop/web,shop/db,any port,denied");
      Path without = dir.resolve("without");
      Files.createDirectories(without);
      for (Path p : Files.list(cluster).toList()) {
        if (!p.getFileName().toString().equals("guardrail.yaml")) {
          Files.copy(p, without.resolve(p.getFileName()));
        }
      }
      out.getBuffer().setLength(0);
      assertThat(run("diff", without.toString(), cluster.toString())).as(err.toString())
          .isZero();
      assertThat(out.toString()).contains("Closed (allowed before, denied now)")
          .contains("shop/web -> shop/db: TCP/5432 (2 pod pairs)");
    }
  }

  @Test
  void jsonExplainsEveryCellOnRequest() {
    assertThat(run("matrix", "--format", "json", "--explain", cluster.toString())).isZero();
    assertThat(out.toString())
        .contains("{\"from\": \"shop/web\", \"to\": \"shop/db\", \"answer\": \"denied\", "
            + "\"explanation\": \"shop/web -> shop/db on ")
        .contains("NetworkPolicy shop/db-from-web");
    assertThat(run("matrix", "--format", "csv", "--explain", cluster.toString())).isEqualTo(2);
  }

  @Test
  void refusedManifestsAreBadInputWithFileAndLine() throws IOException {
    write("cluster/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\n");
    int code = run("explain", "-f", cluster.toString(), "shop/web", "shop/db", "80");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("are refused").contains("broken.yaml:");
  }

  @Test
  void loaderOptionsReachTheLoader() {
    int code = run("explain", "-f", cluster.toString(), "--pod-cidr", "10.9.0.0/24",
        "--system-pods", "shop/web", "kube-system/coredns-0", "UDP/53");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("1 of 1 pair allowed");
    assertThat(run("explain", "-f", cluster.toString(), "--pod-cidr", "10.9.0.0/99",
        "shop/web", "shop/db", "80")).isEqualTo(2);
  }

  @Test
  void aMissingPathIsBadInput() {
    assertThat(run("check", dir.resolve("nope").toString(), "-t", "x.txt")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file or directory");
  }

  @Test
  void noCommandIsAUsageErrorWithExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("a command is required");
  }

  @Test
  void exposureListsWhatEachWorkloadIsOpenToWidestFirst() {
    assertThat(run("exposure", cluster.toString())).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("shop/db (Deployment, 2 pods)")
        .contains("TCP/5432 from pods of shop/web");
    assertThat(text.indexOf("shop/web (")).as("the wider exposure first")
        .isLessThan(text.indexOf("shop/db ("));
    out.getBuffer().setLength(0);
    assertThat(run("exposure", "--workload", "shop/db", cluster.toString())).isZero();
    assertThat(out.toString()).startsWith("shop/db (Deployment").doesNotContain("shop/web (");
    assertThat(run("exposure", "--workload", "shop/dv", cluster.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no workload shop/dv; did you mean shop/db?");
  }

  @Test
  void lintReportsLocatedFindingsAndFailsOnErrors() throws IOException {
    write("cluster/web-egress.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress:
          - to: [{podSelector: {matchLabels: {app: db}}}]
            ports: [{port: 5432}]
        """);
    assertThat(run("lint", cluster.toString())).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("web-egress.yaml:")
        .contains("error egress-without-dns").contains("Fix: ");
    out.getBuffer().setLength(0);
    assertThat(run("lint", "--fail-on", "never", "--format", "sarif", cluster.toString()))
        .isZero();
    assertThat(out.toString()).contains("\"version\": \"2.1.0\"")
        .contains("\"ruleId\": \"egress-without-dns\"", "\"level\": \"error\"")
        .contains("web-egress.yaml\"}, \"region\": {\"startLine\": ");
    out.getBuffer().setLength(0);
    assertThat(run("lint", "--format", "json", "--fail-on", "never", cluster.toString())).isZero();
    assertThat(out.toString()).startsWith("{\"schemaVersion\": 1, \"findings\": [")
        .contains("\"code\": \"egress-without-dns\", \"severity\": \"error\"");
  }

  @Test
  void lintOfCleanPoliciesSaysSoAndExitsZero() {
    assertThat(run("lint", cluster.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).endsWith("no findings\n");
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("report", "explain", "check", "diff", "matrix", "exposure", "lint",
        "Exit codes:",
        "3   diff: traffic opened up");
  }

  @Test
  void versionNamesTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("netpol ").doesNotContain("${");
  }
}
