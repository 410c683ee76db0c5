package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TruthTableTest {

  private final TruthTable table =
      TruthTable.of(
          List.of("x/a", "x/b"),
          List.of("x/a", "x/b", "y/c"),
          new boolean[][] {{true, false, true}, {false, false, true}});

  @Test
  void printsLikeTheUpstreamE2eTables() {
    assertThat(table.toString()).isEqualTo("-\tx/a\tx/b\ty/c\nx/a\t.\tX\t.\nx/b\tX\tX\t.\n");
  }

  @Test
  void parsesWhatItPrints() {
    assertThat(TruthTable.parse(table.toString())).isEqualTo(table);
    assertThat(TruthTable.parse(table.toString()).allowed("x/b", "y/c")).isTrue();
  }

  @Test
  void parsesSpacesAndBlankLines() {
    TruthTable parsed = TruthTable.parse("\n  -   x/a x/b y/c\n\n  x/a . X .\n  x/b X X .\n");
    assertThat(parsed).isEqualTo(table);
  }

  @Test
  void reportsTheCellThatIsNeitherDotNorX() {
    assertThatThrownBy(() -> TruthTable.parse("- x/a\nx/a o"))
        .hasMessage(
            "line 2, cell 1 (x/a -> x/a): expected \".\" (allowed) or \"X\" (denied), found \"o\"");
    assertThatThrownBy(() -> TruthTable.parse("- x/a x/b\nx/a ."))
        .hasMessage("line 2: expected a label and 2 cells, found 1 cells");
    assertThatThrownBy(() -> TruthTable.parse("x/a x/b")).hasMessageContaining("start with \"-\"");
  }

  @Test
  void listsDifferencesCellByCell() {
    TruthTable other = TruthTable.parse("- x/a x/b y/c\nx/a . . .\nx/b X X .");
    assertThat(other.differencesFrom(table)).containsExactly("x/a -> x/b: expected X, found .");
  }
}
