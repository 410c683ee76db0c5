package dev.netpol.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.testkit.SeedCluster;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one table check both adapters use: whole-table comparison for an assertion, cell by cell
 * for one test per cell, and the same message for the same mistake either way.
 */
class TableCheckTest {
  private static final String TABLE = """
      # port: TCP/80
                         default/backend-0 default/frontend-0
      default/backend-0  X                 .
      default/frontend-0 .                 X
      """;

  private final Cluster cluster = SeedCluster.build();

  @Test
  void aTableThatMatchesHasNoDifference() {
    TableCheck check = TableCheck.of(TruthTable.parse("t.txt", TABLE), cluster);
    assertThat(check.unknownEndpoints()).isEmpty();
    assertThat(check.cells()).hasSize(4).allSatisfy(c -> assertThat(check.check(c)).isEmpty());
    assertThat(check.compare().matches()).isTrue();
    assertThat(check.compare().describe())
        .isEqualTo("expected the reachability on TCP/80 to match the table of t.txt, and it does");
  }

  @Test
  void aWrongCellGivesTheSameMessageCellByCellAndWhole() {
    String wrong = TABLE.replace("default/backend-0  X                 .",
        "default/backend-0  X                 X");  // backend may call frontend: "." is right
    TableCheck check = TableCheck.of(TruthTable.parse("t.txt", wrong), cluster);
    TruthTable.Cell cell = check.cells().stream()
        .filter(c -> c.source().equals("default/backend-0")
            && c.destination().equals("default/frontend-0"))
        .findFirst().orElseThrow();
    Optional<Difference> d = check.check(cell);
    assertThat(d).isPresent();
    String message = check.describe(d.get());
    assertThat(message).startsWith(
        "t.txt:3: default/backend-0 -> default/frontend-0: expected X, found .\n");
    TableComparison whole = check.compare();
    assertThat(whole.matches()).isFalse();
    assertThat(whole.differences()).containsExactly(d.get());
    assertThat(whole.describe())
        .contains("but 1 of 4 cells is different:\n" + message)
        .contains("Actual table (copy it over t.txt if the change is intended):");
  }

  @Test
  void aPodTheClusterLacksIsNamedWithTheNearestIdsAndCellsCannotBeAsked() {
    String typo = TABLE.replace("default/frontend-0 .", "default/frontend-9 .");
    TableCheck check = TableCheck.of(TruthTable.parse("t.txt", typo), cluster);
    assertThat(check.unknownEndpoints()).singleElement()
        .satisfies(u -> assertThat(u.describe()).startsWith(
            "t.txt:4: row default/frontend-9 is not a pod of the cluster; did you mean")
            .contains("default/frontend-0"));
    assertThat(check.compare().matches()).isFalse();
    assertThat(check.compare().differences()).isEmpty();
    assertThatThrownBy(check::requireKnownEndpoints)
        .hasMessageContaining("default/frontend-9");
  }

  @Test
  void givenAnswersAreUsedAndDifferencesStillExplainedByTheEvaluator() {
    TableCheck allDenied = TableCheck.of(TruthTable.parse("t.txt", TABLE), cluster,
        dev.netpol.core.policy.EvaluationOptions.defaults(),
        (s, d, p) -> false);
    assertThat(allDenied.compare().differences()).hasSize(2)
        .allSatisfy(d -> assertThat(d.found()).isFalse());
  }

  @Test
  void aTableWithoutPortIsRefused() {
    assertThatThrownBy(() -> TableCheck.of(
        TruthTable.parse("t.txt", TABLE.replace("# port: TCP/80\n", "")), cluster))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }
}
