package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML view in a real browser (Debian's headless chromium): the page renders from its
 * embedded data, every cell's colour is the engine's answer for every port group, the namespace
 * filter keeps only that namespace, and a click on a denied cell shows the evaluator's
 * explanation. The time to first render is printed, not asserted.
 *
 * <p>Needs {@code chromium} and {@code chromium-driver} ({@code apt-get install -y chromium
 * chromium-driver}; {@code .ci/run} installs them). With {@code CI=true} a missing browser fails;
 * elsewhere the tests are skipped by an assumption that says so.
 */
class HtmlViewBrowserTest {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path DRIVER = Paths.get("/usr/bin/chromedriver");
  private static final Path MANIFESTS =
      Paths.get("").toAbsolutePath().getParent().resolve("examples/src/main/resources/manifests");
  private static final String COLOUR_ALLOWED = "rgb(102, 187, 106)";
  private static final String COLOUR_DENIED = "rgb(239, 83, 80)";
  private static final String COLOUR_PARTLY = "rgb(255, 167, 38)";

  private static ChromeDriver browser;
  private static WorkloadMatrix expected;

  @TempDir static Path dir;

  @BeforeAll
  static void openThePage() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + DRIVER
          + " is missing: apt-get install -y chromium chromium-driver");
    }
    assumeTrue(present, "no browser: " + CHROMIUM + " and " + DRIVER + " are needed "
        + "(apt-get install -y chromium chromium-driver); the HTML view is not tested here");
    Cluster cluster = ManifestLoader.builder().systemPods(true).build()
        .load(MANIFESTS.resolve("base"), MANIFESTS.resolve("frontend-egress"),
            MANIFESTS.resolve("extras"))
        .cluster();
    ReachabilityMatrix matrix = cluster.reachability();
    expected = WorkloadMatrix.of(matrix);
    Path page = Files.writeString(dir.resolve("matrix.html"), HtmlView.write(cluster, matrix),
        StandardCharsets.UTF_8);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--window-size=1200,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    browser.get(page.toUri().toString());
    Object rendered = ((JavascriptExecutor) browser).executeScript(
        "return window.netpolRenderedMs;");
    System.out.println("HtmlView: " + Files.size(page) + " bytes, first render at " + rendered
        + " ms after navigation start (" + expected.groups().size() + " workloads)");
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void everyCellHasTheEnginesColourOnEveryPortGroup() {
    List<WebElement> options = browser.findElements(By.cssSelector("#port option"));
    assertThat(options).hasSize(expected.portGroups().size());
    for (int k = 0; k < options.size(); k++) {
      select("port", String.valueOf(k));
      List<WebElement> cells = browser.findElements(By.cssSelector("#matrix td.cell"));
      int n = expected.groups().size();
      assertThat(cells).hasSize(n * n);
      for (WebElement cell : cells) {
        int r = Integer.parseInt(cell.getDomAttribute("data-r"));
        int c = Integer.parseInt(cell.getDomAttribute("data-c"));
        Answer answer = expected.portGroups().get(k).answer(r, c);
        assertThat(cell.getCssValue("background-color"))
            .as("%s -> %s on %s", expected.groups().get(r).id(), expected.groups().get(c).id(),
                options.get(k).getText())
            .isEqualTo(colour(answer).replace("rgb(", "rgba(").replace(")", ", 1)"));
      }
    }
  }

  @Test
  void clickingADeniedCellShowsTheEvaluatorsExplanation() throws IOException {
    select("port", String.valueOf(portGroupOf("TCP/80")));
    int frontend = groupOf("default/frontend");
    WebElement cell = browser.findElement(By.cssSelector(
        "td.cell[data-r='" + frontend + "'][data-c='" + frontend + "']"));
    assertThat(cell.getDomAttribute("class")).contains("d");
    cell.click();
    String text = browser.findElement(By.id("explain")).getText();
    assertThat(text)
        .startsWith("default/frontend -> default/frontend on TCP/80: denied")
        .contains("DENIED")
        .contains("default/allow-frontend-egress-to-backend");
    Path docs = Paths.get("").toAbsolutePath().getParent().resolve("docs");
    if (Files.isDirectory(docs) && Boolean.getBoolean("netpol.screenshot.update")) {
      Files.write(docs.resolve("html-view.png"), browser.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  void theDiffPageColoursOpenedCellsAndListsThePodPairs() throws IOException {
    Cluster old = ManifestLoader.defaults().load(MANIFESTS.resolve("base"),
        MANIFESTS.resolve("deny-ingress")).cluster();
    Cluster now = ManifestLoader.defaults().load(MANIFESTS.resolve("base"),
        MANIFESTS.resolve("allow-frontend")).cluster();
    Path page = Files.writeString(dir.resolve("diff.html"), HtmlDiffView.write(old, now),
        StandardCharsets.UTF_8);
    browser.get(page.toUri().toString());
    try {
      List<WebElement> options = browser.findElements(By.cssSelector("#port option"));
      int tcp80 = -1;
      for (int k = 0; k < options.size(); k++) {
        if (options.get(k).getText().equals("TCP/80")) {
          tcp80 = k;
        }
      }
      assertThat(tcp80).as("a port group of exactly TCP/80").isNotNegative();
      select("port", String.valueOf(tcp80));
      WebElement opened = browser.findElement(By.cssSelector("td.cell.o"));
      assertThat(opened.getCssValue("background-color")).isEqualTo("rgba(30, 136, 229, 1)");
      opened.click();
      assertThat(browser.findElement(By.id("explain")).getText())
          .startsWith("default/frontend -> default/backend on TCP/80: opened")
          .contains("default/frontend-0 -> default/backend-0: denied -> allowed");
      assertThat(browser.findElements(By.cssSelector("td.cell.c"))).isEmpty();
    } finally {
      browser.get(dir.resolve("matrix.html").toUri().toString());
    }
  }

  @Test
  void theNamespaceFilterKeepsOnlyThatNamespace() {
    select("namespace", "default");
    List<WebElement> rows = browser.findElements(By.cssSelector("#matrix tr th:first-child"));
    assertThat(rows.stream().map(WebElement::getText).filter(t -> !t.isEmpty()))
        .containsExactly("default/backend", "default/frontend");
    select("namespace", "");
  }

  private static void select(String id, String value) {
    ((JavascriptExecutor) browser).executeScript(
        "var s = document.getElementById(arguments[0]); s.value = arguments[1];"
            + " s.dispatchEvent(new Event('change'));", id, value);
  }

  private static int portGroupOf(String label) {
    for (int k = 0; k < expected.portGroups().size(); k++) {
      if (MatrixFormats.ports(expected.portGroups().get(k).ports()).equals(label)) {
        return k;
      }
    }
    throw new AssertionError("no port group " + label);
  }

  private static int groupOf(String id) {
    for (int i = 0; i < expected.groups().size(); i++) {
      if (expected.groups().get(i).id().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no group " + id);
  }

  private static String colour(Answer a) {
    return switch (a) {
      case ALLOWED -> COLOUR_ALLOWED;
      case DENIED -> COLOUR_DENIED;
      case PARTLY -> COLOUR_PARTLY;
    };
  }
}
