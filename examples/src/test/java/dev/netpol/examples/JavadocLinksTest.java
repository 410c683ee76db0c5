package dev.netpol.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link of the generated Javadoc resolves, links between our modules included, and none
 * points to a site we do not have.
 *
 * <p>Each module writes its pages to {@code target/javadoc/ARTIFACT/apidocs} of the repository
 * root during {@code package}, before this module's tests run in the reactor. Outside CI a build
 * that stopped before {@code package} has no pages to check and the test is skipped with the
 * reason; with {@code CI=true} (as {@code .ci/run} sets) missing pages fail it.
 */
class JavadocLinksTest {
  private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
  private static final Pattern ID = Pattern.compile("id=\"([^\"]*)\"");

  private final Map<Path, String> pages = new HashMap<>();

  @Test
  void everyRelativeLinkResolvesAndNoneLeavesForAMadeUpSite() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent().resolve("target/javadoc");
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(
        ci || Files.isDirectory(root.resolve("netpol-core/apidocs")),
        "no generated Javadoc under " + root + ": run `mvn verify` from the repository root");
    List<String> broken = new ArrayList<>();
    int crossModule = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path page : files.filter(p -> p.toString().endsWith(".html")).toList()) {
        Matcher m = LINK.matcher(read(page));
        while (m.find()) {
          String link = m.group(1).replace("&amp;", "&");
          if (link.contains("github.com/netpol")) {
            broken.add(root.relativize(page) + ": link to a site we do not have: " + link);
          }
          if (link.isEmpty() || link.matches("^[a-z]+:.*") || link.startsWith("#")) {
            continue;
          }
          String target = link.replaceAll("[?#].*$", "");
          Path resolved = page.getParent().resolve(target).normalize();
          if (!Files.exists(resolved)) {
            broken.add(root.relativize(page) + ": " + link + " (no such file)");
            continue;
          }
          if (!resolved.startsWith(page.getParent().getParent()) && link.contains("netpol-core/")) {
            crossModule++;
            String fragment = link.contains("#") ? link.substring(link.indexOf('#') + 1) : "";
            if (!fragment.isEmpty() && !ids(resolved).contains(fragment)) {
              broken.add(root.relativize(page) + ": " + link + " (no such anchor)");
            }
          }
        }
      }
    }
    assertThat(broken).as("broken Javadoc links").isEmpty();
    assertThat(crossModule)
        .as("links from netpol-assertj and netpol-junit5 pages to netpol-core pages")
        .isGreaterThan(20);
  }

  private String read(Path page) throws IOException {
    return pages.computeIfAbsent(page, p -> {
      try {
        return Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private List<String> ids(Path page) throws IOException {
    List<String> ids = new ArrayList<>();
    Matcher m = ID.matcher(read(page));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
