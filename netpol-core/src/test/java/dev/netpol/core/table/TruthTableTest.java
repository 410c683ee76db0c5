package dev.netpol.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.model.Port;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TruthTableTest {

  private final TruthTable table =
      TruthTable.of(
          List.of("x/a", "x/b"),
          List.of("x/a", "x/b", "y/c"),
          new boolean[][] {{true, false, true}, {false, false, true}});

  private static final String UDP_TABLE =
      "# port: UDP/53\n"
          + "           default/b default/c\n"
          + "default/a  .         X\n";

  @Test
  void printsAlignedColumnsWithoutAPortLineWhenItHasNoPort() {
    assertThat(table.toString())
        .isEqualTo("     x/a x/b y/c\nx/a  .   X   .\nx/b  X   X   .\n");
    assertThat(table.format()).isEqualTo(table.toString());
  }

  @Test
  void printsThePortLineWhenItHasAPort() {
    assertThat(table.withPort(Port.tcp(80)).format())
        .isEqualTo("# port: TCP/80\n     x/a x/b y/c\nx/a  .   X   .\nx/b  X   X   .\n");
  }

  @Test
  void parsesWhatItPrints() {
    assertThat(TruthTable.parse(table.toString())).isEqualTo(table);
    assertThat(TruthTable.parse(table.toString()).allowed("x/b", "y/c")).isTrue();
    TruthTable udp = TruthTable.parse("t.txt", UDP_TABLE);
    assertThat(udp.format()).isEqualTo(UDP_TABLE);
    assertThat(TruthTable.parse("again", udp.format())).isEqualTo(udp);
  }

  @Test
  void parsesTheUpstreamCornerTabsSpacesAndBlankLines() {
    assertThat(TruthTable.parse("-\tx/a\tx/b\ty/c\nx/a\t.\tX\t.\nx/b\tX\tX\t.\n")).isEqualTo(table);
    assertThat(TruthTable.parse("\n  -   x/a x/b y/c\n\n  x/a . X .\n  x/b X X .\n"))
        .isEqualTo(table);
  }

  @Test
  void readsPortCommentsAndTheLineOfEachRow() {
    TruthTable t = TruthTable.parse("t.txt", "# a comment\n\n" + UDP_TABLE);

    assertThat(t.port()).contains(Port.udp(53));
    assertThat(t.sourceName()).contains("t.txt");
    assertThat(t.destinations()).containsExactly("default/b", "default/c");
    assertThat(t.sources()).containsExactly("default/a");
    assertThat(t.headerLine()).isEqualTo(OptionalInt.of(4));
    assertThat(t.line("default/a")).isEqualTo(OptionalInt.of(5));
    assertThat(t.allowed("default/a", "default/b")).isTrue();
    assertThat(t.allowed("default/a", "default/c")).isFalse();
  }

  @Test
  void aTableBuiltFromCellsHasNoPortNorLines() {
    assertThat(table.port()).isEmpty();
    assertThat(table.sourceName()).isEmpty();
    assertThat(table.headerLine()).isEmpty();
    assertThat(table.line("x/a")).isEmpty();
    assertThat(TruthTable.parse("- x/a\nx/a .").sourceName()).isEmpty();
    assertThat(TruthTable.parse("- x/a\nx/a .").line("x/a")).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void thePortTakesPartInEqualityButTheSourceDoesNot() {
    TruthTable tcp = table.withPort(Port.tcp(80));
    assertThat(tcp).isNotEqualTo(table);
    assertThat(TruthTable.parse("somewhere", tcp.format())).isEqualTo(tcp).hasSameHashCodeAs(tcp);
  }

  @Test
  void refusesMistakesNamingTheSourceAndLine() {
    assertError("# port: TCP/eighty\n", "t.txt:1: invalid port \"TCP/eighty\"");
    assertError("# port: TCP/80\n# port: TCP/81\n", "t.txt:2: a second port line");
    assertError(" default/b\ndefault/a .\n# port: TCP/80\n",
        "t.txt:3: the port line must come before the table");
    assertError("# port: TCP/80\n default/b\ndefault/a . X\n",
        "t.txt:3: row default/a has 2 cells, expected 1 (one per column)");
    assertError("# port: TCP/80\n default/b\ndefault/a Y\n",
        "t.txt:3: row default/a, column default/b: expected . (allowed) or X (denied), found \"Y\"");
    assertError("# port: TCP/80\n b\n", "t.txt:2: invalid column \"b\": expected a pod as"
        + " namespace/name");
    assertError("- x/a\n", "t.txt: no table: expected a header of destination pods, then one row per source pod (the header on line 1 has no row)");
    assertError("-\n", "t.txt:1: the header names no destination pod");
    assertError("# port: TCP/80\n default/b default/b\n", "t.txt:2: column default/b appears twice");
    assertError("# port: TCP/80\n default/b\ndefault/a .\ndefault/a X\n",
        "t.txt:4: row default/a appears twice (first on line 3)");
    assertError("# port: TCP/80\n", "t.txt: no table after the port line");
    assertError("", "t.txt: no table: expected a header of destination pods");
    assertThatThrownBy(() -> TruthTable.parse("- x/a x/b\nx/a ."))
        .hasMessage("table:2: row x/a has 1 cell, expected 2 (one per column)");
  }

  @Test
  void listsDifferencesCellByCell() {
    TruthTable other = TruthTable.parse("- x/a x/b y/c\nx/a . . .\nx/b X X .");
    assertThat(other.differencesFrom(table)).containsExactly("x/a -> x/b: expected X, found .");
  }

  @Test
  void refusesToCompareTablesOfOtherPodsOrPorts() {
    assertThatThrownBy(() -> table.differencesFrom(TruthTable.parse("- x/a\nx/a .")))
        .hasMessageStartingWith("tables have different labels");
    assertThatThrownBy(
            () -> table.withPort(Port.tcp(80)).differencesFrom(table.withPort(Port.udp(53))))
        .hasMessage("tables are about different ports: TCP/80 vs UDP/53");
  }

  private static void assertError(String text, String messageStart) {
    assertThatThrownBy(() -> TruthTable.parse("t.txt", text))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .startsWith(messageStart);
  }
}
