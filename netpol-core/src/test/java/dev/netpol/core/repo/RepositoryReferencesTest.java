package dev.netpol.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reference in the repository resolves: {@code docs/semantics.md#anchor} citations name
 * real headings, Markdown links name real files, and nothing points at notes a reader cannot
 * open. The planted cases prove the check would catch each kind of slip.
 */
class RepositoryReferencesTest {
  @TempDir Path planted;

  private static Path repositoryRoot() {
    Path module = Paths.get("").toAbsolutePath();
    Path root = module.getParent();
    assertThat(root.resolve("docs/semantics.md")).as("repository root above " + module).exists();
    return root;
  }

  @Test
  void everyReferenceInTheRepositoryResolves() {
    assertThat(RepositoryReferences.problems(repositoryRoot())).isEmpty();
  }

  @Test
  void theSemanticsCitationsUsedInCodeExist() {
    assertThat(RepositoryReferences.anchors(repositoryRoot().resolve("docs/semantics.md")))
        .contains("isolation", "effective-policytypes", "both-ends", "plugin-options",
            "dual-stack-pods", "reading-yaml");
  }

  @Test
  void slugFollowsGitHub() {
    assertThat(RepositoryReferences.slug("Effective policyTypes")).isEqualTo("effective-policytypes");
    assertThat(RepositoryReferences.slug("Dual-stack pods")).isEqualTo("dual-stack-pods");
    assertThat(RepositoryReferences.slug("What netpol refuses, and why?"))
        .isEqualTo("what-netpol-refuses-and-why");
  }

  @Test
  void aCitationOfAMissingHeadingIsReported() throws IOException {
    docs("## Ports\n");
    write("src/A.java", "// see docs/semantics.md#portz\n");
    assertThat(RepositoryReferences.problems(planted))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("src/A.java:1: docs/semantics.md#portz names no heading");
  }

  @Test
  void aHeadingInsideAFencedBlockIsNoAnchor() throws IOException {
    docs("## Ports\n```yaml\n# deny-all\n```\n");
    write("A.java", "// docs/semantics.md#deny-all and docs/semantics.md#ports\n");
    assertThat(RepositoryReferences.problems(planted))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("#deny-all names no heading");
  }

  @Test
  void aCitationOfAMissingFileIsReported() throws IOException {
    docs("## Ports\n");
    write("A.java", "// docs/loading.md#limits\n");
    assertThat(RepositoryReferences.problems(planted))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("names a file that does not exist");
  }

  @Test
  void brokenMarkdownLinksAreReportedAndWebLinksAreLeftAlone() throws IOException {
    docs("## Ports\n");
    write("README.md", "[a](docs/semantics.md#ports) [b](docs/gone.md) [c](#nothing)\n"
        + "[d](https://kubernetes.io/docs/) [e](../outside.md)\n");
    assertThat(RepositoryReferences.problems(planted))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("(docs/gone.md) names a file"))
        .anySatisfy(p -> assertThat(p).contains("(#nothing) names no heading"))
        .anySatisfy(p -> assertThat(p).contains("(../outside.md) leaves the repository"));
  }

  @Test
  void privateNotesTrackerNumbersAndRuleNumbersAreReported() throws IOException {
    docs("## Ports\n");
    String shared = "../" + "shared/" + "SEMANTICS" + ".md";
    write("A.java", "// as " + shared + " says\n// fixed for Issue" + " 12\n"
        + "// rule R" + "7 again\n// from the seed " + "article\n");
    assertThat(RepositoryReferences.problems(planted))
        .anySatisfy(p -> assertThat(p).startsWith("A.java:1:").contains("outside the repository"))
        .anySatisfy(p -> assertThat(p).startsWith("A.java:1:").contains("private notes"))
        .anySatisfy(p -> assertThat(p).startsWith("A.java:2:").contains("tracker number"))
        .anySatisfy(p -> assertThat(p).startsWith("A.java:3:").contains("rule number"))
        .anySatisfy(p -> assertThat(p).startsWith("A.java:4:").contains("private document"));
  }

  @Test
  void buildOutputAndHiddenDirectoriesAreNotRead() throws IOException {
    docs("## Ports\n");
    write("target/A.java", "// docs/semantics.md#gone\n");
    write(".git/B.md", "[x](nowhere.md)\n");
    write(".ci/run", "# docs/semantics.md#ports\n");
    assertThat(RepositoryReferences.problems(planted)).isEmpty();
  }

  private void docs(String semantics) throws IOException {
    write("docs/semantics.md", "# Semantics\n" + semantics);
  }

  private void write(String relative, String text) throws IOException {
    Path p = planted.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
