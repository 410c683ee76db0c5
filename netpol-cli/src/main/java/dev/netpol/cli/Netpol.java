package dev.netpol.cli;

import dev.netpol.core.EndpointResolutionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code netpol} command line: {@code report}, {@code explain}, {@code check}, {@code diff}
 * and {@code matrix} over Kubernetes manifests, with the exit codes of {@link ExitCodes}.
 *
 * <pre>
 * java -jar netpol.jar explain -f k8s/ default/frontend default/backend TCP/80
 * java -jar netpol.jar check k8s/ --table tables/tcp-80.txt
 * java -jar netpol.jar diff base/k8s/ head/k8s/
 * </pre>
 */
@Command(
    name = "netpol",
    mixinStandardHelpOptions = true,
    versionProvider = Netpol.Version.class,
    description = "Answers what a NetworkPolicy-enforcing network plugin would do with your "
        + "manifests, without a cluster.",
    subcommands = {
      ExplainCommand.class,
      CheckCommand.class,
      DiffCommand.class,
      MatrixCommand.class,
      ReportCommand.class,
      ExposureCommand.class,
      LintCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the command ran; nothing it checked failed",
      "1:an expectation failed (a table cell, explain --expect)",
      "2:bad input: manifests refused (file:line:col field: why), unknown endpoint, usage error",
      "3:diff: traffic opened up (closing traffic alone exits 0)"
    })
public final class Netpol implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private Netpol() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line, e.g. {@code check k8s/ --table tables/tcp-80.txt}
   */
  public static void main(String[] args) {
    System.exit(execute(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args));
  }

  /** Runs the command with the given streams and returns its exit code (tests call this). */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Netpol());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof BadInputException || e instanceof EndpointResolutionException) {
        err.println("netpol " + commandLine.getCommandName() + ": " + e.getMessage());
        err.flush();
        return ExitCodes.BAD_INPUT;
      }
      throw e;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Without a subcommand: the usage, and exit 2 (a usage error). */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required: report, explain, check, diff or matrix");
  }

  /** The version of the jar, from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Netpol.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"netpol " + p.getProperty("version", "(unknown version)")};
    }
  }
}
