package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.table.TruthTable;
import dev.netpol.core.testkit.SeedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** hasReachability on a cluster, and the assertions about a ReachabilityMatrix. */
class TableAssertionsTest {
  private final Cluster cluster = SeedCluster.build();
  private final ReachabilityMatrix matrix = ReachabilityEngine.withDefaults().build(cluster);

  static final String TCP_80 = String.join("\n",
      "# port: TCP/80",
      "                    default/backend-0 default/frontend-0",
      "default/backend-0   X                 .",
      "default/frontend-0  .                 X",
      "");

  @AfterEach
  void nothingLeftPending() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  private Pod pod(String id) {
    return cluster.pod(id).orElseThrow();
  }

  static final String WRONG = TCP_80
      .replace("default/backend-0   X ", "default/backend-0   . ")
      .replace("default/frontend-0  .", "default/frontend-0  X");

  static final String WRONG_FAILURE = String.join("\n",
      "expected the reachability on TCP/80 to match the table of tables/tcp-80.txt, but 2 of 4 cells"
          + " are different:",
      "tables/tcp-80.txt:3: default/backend-0 -> default/backend-0: expected ., found X",
      "default/backend-0 -> default/backend-0 on TCP/80: DENIED",
      "  egress of default/backend-0: not isolated (no NetworkPolicy in default selects it for egress)",
      "  ingress of default/backend-0: denied, isolated by 2 policies",
      "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
      "      from: no peer matches default/backend-0",
      "        peer 0 {podSelector: app=frontend}: pod default/backend-0 does not match podSelector"
          + " app=frontend: it has app=backend",
      "      ports: matched (TCP/80)",
      "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress",
      "tables/tcp-80.txt:4: default/frontend-0 -> default/backend-0: expected X, found .",
      "default/frontend-0 -> default/backend-0 on TCP/80: ALLOWED",
      "  egress of default/frontend-0: allowed by NetworkPolicy"
          + " default/allow-frontend-egress-to-backend, rule egress[0]",
      "    to: matched (peer 0 {podSelector: app=backend})",
      "    ports: matched (TCP/80)",
      "  ingress of default/backend-0: allowed by NetworkPolicy default/allow-frontend-to-backend,"
          + " rule ingress[0]",
      "    from: matched (peer 0 {podSelector: app=frontend})",
      "    ports: matched (TCP/80)",
      "Actual table (copy it over tables/tcp-80.txt if the change is intended):",
      "# port: TCP/80",
      "                    default/backend-0 default/frontend-0",
      "default/backend-0   X                 .",
      "default/frontend-0  .                 X");

  @Test
  void hasReachabilityPassesWhenEveryCellMatches() {
    assertThat(cluster).hasReachability(TruthTable.parse("tables/tcp-80.txt", TCP_80));
  }

  @Test
  void hasReachabilityShowsOnlyTheDifferingCellsExplainedThenTheActualTable() {
    TruthTable wrong = TruthTable.parse("tables/tcp-80.txt", WRONG);

    assertThatThrownBy(() -> assertThat(cluster).hasReachability(wrong))
        .isInstanceOf(AssertionError.class)
        .hasMessage(WRONG_FAILURE);
  }

  @Test
  void theActualTableInTheFailureCanBeCopiedOverTheExpectedOne() {
    TruthTable wrong = TruthTable.parse("tables/tcp-80.txt", WRONG);
    String message =
        org.assertj.core.api.Assertions.catchThrowable(
                () -> assertThat(cluster).hasReachability(wrong))
            .getMessage();
    String copied = message.substring(message.indexOf("# port:"));

    assertThat(cluster).hasReachability(TruthTable.parse("copied", copied));
  }

  @Test
  void anUnknownPodIdFailsNamingTheNearestIds() {
    TruthTable typo = TruthTable.parse(TCP_80.replace("frontend-0  .", "frontnd-0  ."));

    assertThatThrownBy(() -> assertThat(cluster).hasReachability(typo))
        .isInstanceOf(AssertionError.class)
        .hasMessage("table:4: row default/frontnd-0 is not a pod of the cluster; did you mean"
            + " default/frontend-0, default/frontend-1, default/backend-0?");
  }

  @Test
  void aTableWithoutAPortIsRefused() {
    TruthTable noPort = TruthTable.parse("- default/backend-0\ndefault/backend-0 X");

    assertThatThrownBy(() -> assertThat(cluster).hasReachability(noPort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table: no port line: expected \"# port: PROTOCOL/NUMBER\"");
  }

  @Test
  void hasTruthTableComparesTheMatrixTheSameWay() {
    assertThat(matrix).hasTruthTable(TruthTable.parse(TCP_80));
    assertThatThrownBy(
            () -> assertThat(matrix).hasTruthTable(TruthTable.parse("tables/tcp-80.txt", WRONG)))
        .hasMessage(WRONG_FAILURE);
  }

  @Test
  void matrixAllowsAndDeniesPassWhenTheEngineAgrees() {
    assertThat(matrix)
        .allows(pod("default/frontend-0"), pod("default/backend-0"), Port.tcp(80))
        .denies(pod("default/backend-0"), pod("default/backend-1"), Port.tcp(80));
  }

  @Test
  void matrixDeniesFailsWithTheExplanation() {
    assertThatThrownBy(
            () -> assertThat(matrix)
                .denies(pod("default/frontend-0"), pod("default/backend-0"), Port.tcp(80)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(String.join("\n",
            "expected default/frontend-0 not to reach default/backend-0 on TCP/80, but the"
                + " reachability matrix allows it:",
            "default/frontend-0 -> default/backend-0 on TCP/80: ALLOWED",
            "  egress of default/frontend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-egress-to-backend, rule egress[0]",
            "    to: matched (peer 0 {podSelector: app=backend})",
            "    ports: matched (TCP/80)",
            "  ingress of default/backend-0: allowed by NetworkPolicy"
                + " default/allow-frontend-to-backend, rule ingress[0]",
            "    from: matched (peer 0 {podSelector: app=frontend})",
            "    ports: matched (TCP/80)"));
  }

  @Test
  void matrixAllowsFailsWithTheExplanation() {
    assertThatThrownBy(
            () -> assertThat(matrix)
                .allows(pod("default/backend-0"), pod("default/backend-1"), Port.tcp(80)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(String.join("\n",
            "expected default/backend-0 to reach default/backend-1 on TCP/80, but the"
                + " reachability matrix denies it:",
            "default/backend-0 -> default/backend-1 on TCP/80: DENIED"));
  }

  @Test
  void softAssertionsCollectTableAndMatrixFailures() {
    NetpolSoftAssertions softly = new NetpolSoftAssertions();
    TruthTable wrong = TruthTable.parse("tables/tcp-80.txt", WRONG);

    softly.assertThat(cluster).hasReachability(wrong);
    softly.assertThat(matrix).hasTruthTable(wrong);
    softly.assertThat(matrix)
        .denies(pod("default/frontend-0"), pod("default/backend-0"), Port.tcp(80))
        .allows(pod("default/frontend-0"), pod("default/backend-0"), Port.tcp(80));

    String denied =
        ShouldHaveReachability.shouldReach(false,
                cluster.evaluate(pod("default/frontend-0"), pod("default/backend-0"), Port.tcp(80)))
            .create();
    org.assertj.core.api.Assertions.assertThat(softly.errorsCollected())
        .extracting(Throwable::getMessage)
        .satisfiesExactly(
            m -> org.assertj.core.api.Assertions.assertThat(m).startsWith(WRONG_FAILURE + "\nat "),
            m -> org.assertj.core.api.Assertions.assertThat(m).startsWith(WRONG_FAILURE + "\nat "),
            m -> org.assertj.core.api.Assertions.assertThat(m).startsWith(denied + "\nat "));
  }
}
