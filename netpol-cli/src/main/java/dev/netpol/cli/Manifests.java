package dev.netpol.cli;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.LoadResult;
import dev.netpol.core.manifest.ManifestLoader;
import dev.netpol.core.manifest.ManifestWarning;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loads manifests for a command: refused manifests become {@link BadInputException} with every
 * located problem, warnings go to standard error (a security tool that keeps them to itself
 * gives false confidence), and a load that takes over a second says so on standard error.
 */
final class Manifests {
  private static final long PROGRESS_AFTER_MILLIS = 1000;

  private Manifests() {}

  /**
   * Loads the files and directories as one cluster.
   *
   * @param paths files or directories of YAML manifests
   * @param loader the loader, with the command's options
   * @param err where warnings and the progress line go
   * @return the cluster
   * @throws BadInputException if a path does not exist or the manifests are refused
   */
  static Cluster load(List<Path> paths, ManifestLoader loader, PrintWriter err) {
    return loadResult(paths, loader, err, true).cluster();
  }

  /**
   * The cluster of a command: its files, or the running cluster its options name.
   *
   * @param paths the files and directories given, possibly none
   * @param options the command's loader and source options
   * @param err where warnings and the progress line go
   * @return the cluster
   * @throws BadInputException if there is no source, or both, or the input is refused
   */
  static Cluster load(List<Path> paths, LoaderOptions options, PrintWriter err) {
    return loadResult(paths == null ? List.of() : paths, options, options.loader(), err, true)
        .cluster();
  }

  /**
   * Loads as {@link #load}, returning the whole result for a command that reports the load.
   *
   * @param warningsToErr whether to print the warnings to {@code err}
   */
  static LoadResult loadResult(
      List<Path> paths, ManifestLoader loader, PrintWriter err, boolean warningsToErr) {
    return loadResult(paths, new LoaderOptions(), loader, err, warningsToErr);
  }

  /**
   * Loads the files, or with {@link LoaderOptions#live()} a snapshot of the running cluster
   * (then {@code paths} must be empty).
   */
  static LoadResult loadResult(List<Path> paths, LoaderOptions options, ManifestLoader loader,
      PrintWriter err, boolean warningsToErr) {
    if (options.live()) {
      if (!paths.isEmpty()) {
        throw new BadInputException("give manifest paths or --live/--kubeconfig/--context, "
            + "not both (found " + paths + ")");
      }
      return checked(List.of(), LiveCluster.read(options, loader), err, warningsToErr);
    }
    if (paths.isEmpty()) {
      throw new BadInputException("no manifests: give files or directories, or --live to read "
          + "the running cluster of your kubeconfig");
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new BadInputException(p + ": no such file or directory");
      }
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netpol-progress");
      t.setDaemon(true);
      return t;
    });
    ScheduledFuture<?> progress = timer.schedule(() -> {
      err.println("loading " + describe(paths) + " ...");
      err.flush();
    }, PROGRESS_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    LoadResult result;
    try {
      result = loader.load(paths);
    } finally {
      progress.cancel(false);
      timer.shutdownNow();
    }
    return checked(paths, result, err, warningsToErr);
  }

  private static LoadResult checked(
      List<Path> paths, LoadResult result, PrintWriter err, boolean warningsToErr) {
    if (warningsToErr) {
      for (ManifestWarning w : result.report().warnings()) {
        err.println("warning: " + w);
      }
    }
    err.flush();
    if (!result.isValid()) {
      StringBuilder message = new StringBuilder("the manifests of ").append(describe(paths))
          .append(" are refused (").append(result.report().problems().size())
          .append(result.report().problems().size() == 1 ? " problem" : " problems")
          .append("):");
      result.report().problems().forEach(p -> message.append("\n  ").append(p));
      throw new BadInputException(message.toString());
    }
    return result;
  }

  private static String describe(List<Path> paths) {
    if (paths.isEmpty()) {
      return "the running cluster";
    }
    return paths.size() == 1 ? paths.get(0).toString() : paths.size() + " paths";
  }
}
