package dev.netpol.core.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every reference written in the repository leads somewhere a reader can follow.
 *
 * <p>A comment that says "see docs/semantics.md#ports" must name a heading that exists; a
 * Markdown link must name a file of the repository; and nothing may point at notes that only
 * the authors have (files outside the repository, tracker numbers, private rule numbers), since
 * a user reading the code or the docs cannot open them. The rule set lives here once; the test
 * runs it over the whole repository and over planted examples.
 */
final class RepositoryReferences {
  /** Text files the check reads; everything else (class files, jars) is skipped. */
  private static final Set<String> TEXT_SUFFIXES =
      Set.of(".java", ".md", ".xml", ".yaml", ".yml", ".txt", ".json", ".properties", ".sh");

  private static final Pattern DOC_REFERENCE =
      Pattern.compile("\\b(docs/[A-Za-z0-9_./-]+\\.md)(#[A-Za-z0-9_-]+)?");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  /** What may not appear, with the reason a reader would give. */
  private static final List<Forbidden> FORBIDDEN =
      List.of(
          new Forbidden(
              Pattern.compile("\\.\\./" + "shared|/work/" + "shared"),
              "points outside the repository; cite docs/semantics.md#anchor instead"),
          new Forbidden(
              Pattern.compile("\\b(SEMANTICS|CLUSTER-POLICIES|BATCH-NOTES)" + "\\.md"),
              "names private notes; cite docs/semantics.md#anchor instead"),
          new Forbidden(
              Pattern.compile("(?i)\\bissue" + "\\s+#?\\d+"),
              "names a tracker number a reader cannot open; say what the code guards"),
          new Forbidden(
              Pattern.compile("(?i)\\bseed " + "article\\b"),
              "names a private document; name the scenario instead"),
          new Forbidden(
              Pattern.compile("\\bR" + "\\d{1,2}\\b"),
              "looks like a private rule number; cite docs/semantics.md#anchor instead"));

  private record Forbidden(Pattern pattern, String why) {}

  private RepositoryReferences() {}

  /**
   * Returns one line per broken or private reference under {@code root}, as
   * {@code path:line: what}, in file order; empty when every reference resolves.
   */
  static List<String> problems(Path root) {
    List<String> problems = new ArrayList<>();
    for (Path file : textFiles(root)) {
      List<String> lines = readLines(file);
      String name = root.relativize(file).toString().replace('\\', '/');
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String at = name + ":" + (i + 1) + ": ";
        for (Forbidden f : FORBIDDEN) {
          Matcher m = f.pattern().matcher(line);
          while (m.find()) {
            problems.add(at + "'" + m.group() + "' " + f.why());
          }
        }
        Matcher doc = DOC_REFERENCE.matcher(line);
        while (doc.find()) {
          if (name.endsWith(".md") && doc.start() > 0 && line.charAt(doc.start() - 1) == '(') {
            continue; // a Markdown link: checked below, relative to the file
          }
          check(root, root.resolve(doc.group(1)), doc.group(2), at + doc.group(), problems);
        }
        if (name.endsWith(".md")) {
          Matcher link = MARKDOWN_LINK.matcher(line);
          while (link.find()) {
            markdownLink(root, file, link.group(1), at, problems);
          }
        }
      }
    }
    return problems;
  }

  private static void markdownLink(
      Path root, Path file, String target, String at, List<String> problems) {
    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return; // http:, https:, mailto: - not ours to check offline
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash);
    Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    check(root, resolved, anchor, at + "link (" + target + ")", problems);
  }

  private static void check(
      Path root, Path target, String anchor, String what, List<String> problems) {
    if (!target.normalize().startsWith(root)) {
      problems.add(what + " leaves the repository");
    } else if (!Files.exists(target)) {
      problems.add(what + " names a file that does not exist");
    } else if (anchor != null && target.toString().endsWith(".md")
        && !anchors(target).contains(anchor.substring(1))) {
      problems.add(what + " names no heading of " + root.relativize(target)
          + "; headings: " + anchors(target));
    }
  }

  /** The GitHub anchors of a Markdown file's headings, skipping fenced code blocks. */
  static Set<String> anchors(Path markdown) {
    Set<String> anchors = new HashSet<>();
    boolean fenced = false;
    for (String line : readLines(markdown)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (!fenced && h.matches()) {
        anchors.add(slug(h.group(1)));
      }
    }
    return anchors;
  }

  /** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }

  private static List<Path> textFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !skipped(root.relativize(p)))
          // the check's own sources hold planted bad references on purpose
          .filter(p -> !p.getFileName().toString().startsWith("RepositoryReferences"))
          .filter(p -> TEXT_SUFFIXES.stream().anyMatch(s -> p.toString().endsWith(s))
              || root.relativize(p).startsWith(".ci"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String s = part.toString();
      if (s.equals("target") || s.equals("node_modules")
          || (s.startsWith(".") && !s.equals(".ci"))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
