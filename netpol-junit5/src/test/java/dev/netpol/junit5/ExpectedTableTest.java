package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Port;
import dev.netpol.core.table.TruthTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectedTableTest {
  private static final String TABLE =
      "# port: UDP/53\n"
          + "           default/b default/c\n"
          + "default/a  .         X\n";

  @Test
  void readsPortColumnsRowsAndCellsWithTheirLines() {
    ExpectedTable t = ExpectedTable.parse("t.txt", "# a comment\n\n" + TABLE);

    assertThat(t.port()).isEqualTo(Port.udp(53));
    assertThat(t.destinations()).containsExactly("default/b", "default/c");
    assertThat(t.sources()).containsExactly("default/a");
    assertThat(t.cells())
        .containsExactly(
            new TruthTable.Cell("default/a", "default/b", true, 5),
            new TruthTable.Cell("default/a", "default/c", false, 5));
  }

  @Test
  void formatsBackToTheSameTextSoAnActualTableCanBeCopied() {
    ExpectedTable t = ExpectedTable.parse("t.txt", TABLE);

    assertThat(t.format()).isEqualTo(TABLE);
    assertThat(ExpectedTable.parse("again", t.format())).isEqualTo(t);
  }

  @Test
  void computesTheActualTableOfTheSeedScenario() throws IOException {
    Cluster seed = Cluster.fromClasspath("netpol/seed");
    ExpectedTable expected = ExpectedTable.load("netpol/seed/tcp-80.txt");

    ExpectedTable actual = expected.actual(seed, seed.evaluator());

    assertThat(actual).isEqualTo(expected);
    String file =
        Files.readString(Path.of("../netpol-core/src/test/resources/netpol/seed/tcp-80.txt"));
    assertThat(file).endsWith(actual.format());
  }

  @Test
  void loadsAFileLocation(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("t.txt"), TABLE);

    assertThat(ExpectedTable.load("file:" + file).port()).isEqualTo(Port.udp(53));
  }

  @Test
  void refusesMistakesNamingTheFileAndLine() {
    assertError(" default/b\ndefault/a .\n", "t.txt: no port line: expected \"# port: PROTOCOL/NUMBER\"");
    assertError("default/a .\n", "t.txt:1: invalid column \".\"");
    assertError("# port: TCP/eighty\n", "t.txt:1: invalid port \"TCP/eighty\"");
    assertError("# port: TCP/80\n# port: TCP/81\n", "t.txt:2: a second port line");
    assertError("# port: TCP/80\n default/b\ndefault/a . X\n",
        "t.txt:3: row default/a has 2 cells, expected 1 (one per column)");
    assertError("# port: TCP/80\n default/b\ndefault/a Y\n",
        "t.txt:3: row default/a, column default/b: expected . (allowed) or X (denied), found \"Y\"");
    assertError("# port: TCP/80\n b\n", "t.txt:2: invalid column \"b\": expected a pod as"
        + " namespace/name");
    assertError("# port: TCP/80\n default/b default/b\n", "t.txt:2: column default/b appears twice");
    assertError("# port: TCP/80\n default/b\ndefault/a .\ndefault/a X\n",
        "t.txt:4: row default/a appears twice (first on line 3)");
    assertError("# port: TCP/80\n default/b\n", "t.txt: no table after the port line");
    assertError("", "t.txt: no table");
  }

  @Test
  void acceptsTheUpstreamCornerAndTabs() {
    ExpectedTable t =
        ExpectedTable.parse("t.txt", "# port: UDP/53\n-\tdefault/b\tdefault/c\ndefault/a\t.\tX\n");

    assertThat(t).isEqualTo(ExpectedTable.parse("t.txt", TABLE));
    assertThat(t.truthTable().port()).contains(Port.udp(53));
  }

  @Test
  void refusesAMissingLocation() {
    assertThatThrownBy(() -> ExpectedTable.load("tables/none.txt"))
        .hasMessage("classpath:tables/none.txt: no such classpath resource");
  }

  @Test
  void buildsATableFromAnswers() {
    ExpectedTable t =
        ExpectedTable.of(Port.tcp(80), List.of("default/a"), List.of("default/b", "default/c"),
            (s, d) -> d.equals("default/b"));

    assertThat(t.format())
        .isEqualTo("# port: TCP/80\n           default/b default/c\ndefault/a  .         X\n");
  }

  private static void assertError(String text, String messageStart) {
    assertThatThrownBy(() -> ExpectedTable.parse("t.txt", text))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .startsWith(messageStart);
  }
}
