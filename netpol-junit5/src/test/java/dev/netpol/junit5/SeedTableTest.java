package dev.netpol.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The seed scenario's truth table, kept next to its manifests, checked both ways. */
@NetpolTest
@Manifests("netpol/seed")
class SeedTableTest {

  @ReachabilityTest("netpol/seed/tcp-80.txt")
  void matchesTheSeedTableOnHttp(Cluster cluster) {
    assertThat(cluster.pods()).hasSize(4);
  }

  @TestFactory
  Stream<DynamicTest> matchesTheSeedTableAsDynamicTests(Cluster cluster) {
    return ReachabilityTests.from(
        cluster, "file:../netpol-core/src/test/resources/netpol/seed/tcp-80.txt");
  }
}
