package dev.netpol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code netpol} command the README shows (its first command, and the block under {@code
 * <!-- cli:commands -->}) runs as written, from the repository root, with the exit code each
 * line's comment promises.
 */
class ReadmeCommandsTest {
  private static final String JAR = "java -jar netpol-cli/target/netpol.jar ";
  private static final Pattern EXIT = Pattern.compile("\\s+#\\s*exit (\\d)\\b.*$");

  @Test
  void everyReadmeCommandExitsAsItsCommentSays() throws IOException {
    Path root = Paths.get("").toAbsolutePath().getParent();
    List<String> readme = Files.readAllLines(root.resolve("README.md"));
    assertThat(readme).as("the README marks its CLI block").contains("<!-- cli:commands -->");
    List<String> commands = new ArrayList<>();
    for (String line : readme) {
      if (line.startsWith(JAR)) {
        commands.add(line);
      }
    }
    assertThat(commands).as("the first command and the CLI block").hasSize(9);
    for (String line : commands) {
      Matcher exit = EXIT.matcher(line);
      assertThat(exit.find()).as("%s ends with '# exit N'", line).isTrue();
      String[] args = line.substring(JAR.length(), exit.start()).trim().split("\\s+");
      String[] resolved = Arrays.stream(args)
          .map(a -> Files.exists(root.resolve(a)) ? root.resolve(a).toString() : a)
          .toArray(String[]::new);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Netpol.execute(new PrintWriter(out), new PrintWriter(err), resolved);
      assertThat(code).as("%s%nout: %s%nerr: %s", line, out, err)
          .isEqualTo(Integer.parseInt(exit.group(1)));
      assertThat(out.toString()).as(line).isNotBlank();
    }
  }
}
