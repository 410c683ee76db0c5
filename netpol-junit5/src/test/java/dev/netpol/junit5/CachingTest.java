package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netpol.core.Cluster;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs suites through a real Jupiter engine and counts the real loads ({@link
 * ManifestCache#LOADS}) and the distinct cluster instances the tests received.
 */
class CachingTest {
  static final Set<Integer> SEEN = ConcurrentHashMap.newKeySet();

  @NetpolTest
  @Manifests("manifests/cache-probe")
  static class HundredTests {
    @RepeatedTest(100)
    void usesTheCluster(Cluster cluster) {
      SEEN.add(System.identityHashCode(cluster));
    }
  }

  @NetpolTest
  @Manifests("classpath:/manifests/cache-probe/")
  static class HundredMoreTestsSpelledDifferently {
    @RepeatedTest(100)
    void usesTheCluster(Cluster cluster) {
      SEEN.add(System.identityHashCode(cluster));
    }
  }

  @NetpolTest
  @Manifests(value = "manifests/cache-probe", daemonSetNodes = 3)
  static class OtherOptions {
    @Test
    void usesTheCluster(Cluster cluster) {
      SEEN.add(System.identityHashCode(cluster));
    }
  }

  @Test
  void loadsTheManifestsOnceForTwoHundredTestsAcrossClasses() {
    SEEN.clear();
    int before = ManifestCache.LOADS.get();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(HundredTests.class), selectClass(HundredMoreTestsSpelledDifferently.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(200).succeeded(200));

    assertThat(ManifestCache.LOADS.get() - before).isEqualTo(1);
    assertThat(SEEN).hasSize(1);
  }

  @Test
  void loadsAgainWhenTheLoaderOptionsDiffer() {
    SEEN.clear();
    int before = ManifestCache.LOADS.get();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(HundredTests.class), selectClass(OtherOptions.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(101));

    assertThat(ManifestCache.LOADS.get() - before).isEqualTo(2);
    assertThat(SEEN).hasSize(2);
  }
}
