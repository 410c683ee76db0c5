package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenTest {

  @Test
  void theSameSeedGeneratesTheSameCluster() {
    for (long seed = 0; seed < 50; seed++) {
      Cluster a = NetpolGen.clusters().generate(Source.random(seed));
      Cluster b = NetpolGen.clusters().generate(Source.random(seed));
      assertThat(ClusterYaml.write(a)).isEqualTo(ClusterYaml.write(b));
    }
  }

  @Test
  void replayingTheRecordedChoicesGeneratesTheSameValue() {
    for (long seed = 0; seed < 50; seed++) {
      Source source = Source.random(seed);
      Scenario original = NetpolGen.scenarios().generate(source);
      Scenario replayed = NetpolGen.scenarios().generate(Source.replay(source.choices()));
      assertThat(Property.describe(replayed)).isEqualTo(Property.describe(original));
    }
  }

  @Test
  void anExhaustedReplayGivesTheSimplestValue() {
    Cluster empty = NetpolGen.clusters().generate(Source.replay(new int[0]));
    assertThat(empty.pods()).isEmpty();
    assertThat(empty.policies()).isEmpty();
    assertThat(empty.namespaces()).extracting(n -> n.name()).containsExactly("default");
    assertThat(Gen.listOf(Gen.choose(3, 9), 2, 5).generate(Source.replay(new int[0])))
        .containsExactly(3, 3);
  }

  @Test
  void listsStayWithinTheirBounds() {
    Gen<? extends List<Integer>> lists = Gen.listOf(Gen.choose(0, 1), 2, 4);
    Set<Integer> sizes = new HashSet<>();
    for (long seed = 0; seed < 500; seed++) {
      sizes.add(lists.generate(Source.random(seed)).size());
    }
    assertThat(sizes).containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void frequencyFavoursHeavierAlternatives() {
    Gen<String> g = Gen.frequency(Gen.weightedValue(9, "often"), Gen.weightedValue(1, "rare"));
    int often = 0;
    for (long seed = 0; seed < 1000; seed++) {
      if (g.generate(Source.random(seed)).equals("often")) {
        often++;
      }
    }
    assertThat(often).isBetween(850, 950);
  }

  @Test
  void mapAndFlatMapReplayFromTheSameChoices() {
    Gen<String> g = Gen.choose(1, 3).flatMap(n -> Gen.listOf(Gen.choose(0, 9), n, n))
        .map(List::toString);
    Source source = Source.random(17);
    String value = g.generate(source);
    assertThat(g.generate(Source.replay(source.choices()))).isEqualTo(value);
  }
}
