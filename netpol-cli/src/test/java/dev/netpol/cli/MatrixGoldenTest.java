package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code report} and each {@code matrix} format on the examples' third stage (frontend egress, with the other
 * team's namespace and the system pods), compared with a golden file under
 * {@code src/test/resources/golden}. After an intended change, regenerate them with
 * {@code mvn -pl netpol-cli test -Dtest=MatrixGoldenTest -Dnetpol.golden.update=true} and
 * review the diff.
 */
class MatrixGoldenTest {
  private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  private static final Path MANIFESTS = ROOT.resolve("examples/src/main/resources/manifests");
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");

  @ParameterizedTest
  @EnumSource(MatrixFormats.class)
  void theExampleScenarioMatchesItsGoldenFile(MatrixFormats format) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Netpol.execute(new PrintWriter(out), new PrintWriter(err), "matrix",
        "--system-pods", "--format", format.name(),
        MANIFESTS.resolve("base").toString(), MANIFESTS.resolve("frontend-egress").toString(),
        MANIFESTS.resolve("extras").toString());
    assertThat(code).as(err.toString()).isZero();
    Path golden = GOLDEN.resolve("matrix." + format.name());
    if (Boolean.getBoolean("netpol.golden.update")) {
      Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file; see the class Javadoc to create it").exists();
    assertThat(out.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void theHtmlPageOfTheExampleScenarioMatchesItsGoldenFile() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Netpol.execute(new PrintWriter(out), new PrintWriter(err), "matrix",
        "--system-pods", "--format", "html",
        MANIFESTS.resolve("base").toString(), MANIFESTS.resolve("frontend-egress").toString(),
        MANIFESTS.resolve("extras").toString());
    assertThat(code).as(err.toString()).isZero();
    Path golden = GOLDEN.resolve("matrix.html");
    if (Boolean.getBoolean("netpol.golden.update")) {
      Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file; see the class Javadoc to create it").exists();
    assertThat(out.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void theReportOfTheExampleScenarioMatchesItsGoldenFile() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String stages = "../examples/src/main/resources/manifests/";
    int code = Netpol.execute(new PrintWriter(out), new PrintWriter(err), "report",
        "--system-pods", stages + "base", stages + "frontend-egress", stages + "extras");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).as("warnings are in the report, not on stderr")
        .doesNotContain("warning:");
    Path golden = GOLDEN.resolve("report.text");
    if (Boolean.getBoolean("netpol.golden.update")) {
      Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file; see the class Javadoc to create it").exists();
    assertThat(out.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
