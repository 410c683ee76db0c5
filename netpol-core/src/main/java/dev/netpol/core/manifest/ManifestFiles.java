package dev.netpol.core.manifest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the manifest files of a load and says why one cannot be read. A directory is walked
 * recursively, following symbolic links with loop protection; every entry named like a manifest
 * that is not a readable regular file (a dangling or looping link, a named pipe, an unreadable
 * file) is reported, never dropped: a missing {@code deny.yaml} would turn a deny into an allow.
 * See {@code docs/reading-files.md#directories-and-links}.
 */
final class ManifestFiles {
  private final Diagnostics diagnostics;
  /** The files found so far, by real path, each with the first path it was found under. */
  private final Map<Path, Path> byRealPath = new LinkedHashMap<>();
  /** How many manifest entries (readable or not) were met, to notice an empty directory. */
  private int seen;

  ManifestFiles(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Adds a path given by the user: a file, or a directory searched for manifests. */
  void add(Path p) {
    if (Files.isDirectory(p)) {
      int before = seen;
      int problemsBefore = diagnostics.problems.size();
      walk(p);
      if (seen == before && diagnostics.problems.size() == problemsBefore) {
        diagnostics.problem(
            SourceLocation.of(p.toString()),
            "",
            "no *.yaml, *.yml or *.json file in this directory");
      }
    } else if (Files.isRegularFile(p)) {
      file(p);
    } else if (Files.isSymbolicLink(p) || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      unreadable(p, notRegular(p));
    } else {
      diagnostics.problem(SourceLocation.of(p.toString()), "", "no such file or directory");
    }
  }

  /** The files found, in sorted path order, each once. */
  List<Path> files() {
    List<Path> out = new ArrayList<>(byRealPath.values());
    out.sort(null);
    return out;
  }

  /** The manifest files below a directory (in a jar too), sorted; problems are reported. */
  List<Path> below(Path directory) {
    walk(directory);
    return files();
  }

  private void walk(Path root) {
    try {
      Files.walkFileTree(
          root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Visitor());
    } catch (IOException e) {
      diagnostics.problem(
          SourceLocation.of(root.toString()), "", "cannot read directory: " + reason(e));
    }
  }

  private final class Visitor extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (!isManifest(file)) {
        if (attrs.isSymbolicLink()) {
          // A link we cannot follow may have been a directory of manifests: say so.
          diagnostics.warning(
              SourceLocation.of(file.toString()),
              "",
              "skipped: " + notRegular(file)
                  + " (if it was meant to be a directory of manifests, they are not loaded)");
        }
        return FileVisitResult.CONTINUE;
      }
      if (attrs.isRegularFile()) {
        file(file);
      } else if (!attrs.isDirectory()) {
        unreadable(file, notRegular(file));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (e instanceof FileSystemLoopException) {
        // Everything below the link is loaded already, through the directory it points back to.
        diagnostics.warning(
            SourceLocation.of(file.toString()),
            "",
            "skipped: a symbolic link back to a directory that contains it (a loop); the files"
                + " below it are loaded once, through that directory");
        return FileVisitResult.CONTINUE;
      }
      unreadable(file, reason(e));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      if (e != null) {
        unreadable(dir, reason(e));
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private void file(Path p) {
    seen++;
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException | RuntimeException e) {
      real = p.toAbsolutePath().normalize();
    }
    Path first = byRealPath.putIfAbsent(real, p);
    if (first != null && !first.equals(p)) {
      diagnostics.warning(
          SourceLocation.of(p.toString()),
          "",
          "loaded once: this is the same file as " + first + " (through a symbolic link or given"
              + " twice)");
    }
  }

  private void unreadable(Path p, String reason) {
    seen++;
    diagnostics.problem(SourceLocation.of(p.toString()), "", "cannot read: " + reason);
  }

  static boolean isManifest(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return false;
    }
    String n = name.toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  /**
   * Checks, before a file is opened, that it is still a regular file: opening a named pipe would
   * block the load until something writes to it.
   */
  static void checkRegular(Path p) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      throw new NotRegularException(p, notRegular(p));
    }
  }

  /** Why a path that is not a regular file cannot be read: a link that leads nowhere, a pipe... */
  static String notRegular(Path p) {
    if (Files.isSymbolicLink(p)) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException | RuntimeException e) {
        target = "?";
      }
      try {
        Files.readAttributes(p, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return "it is a symbolic link to " + target + ", which does not exist (a dangling link:"
            + " restore the target or remove the link)";
      } catch (IOException e) {
        if (isLinkLoop(e)) {
          return "it is a symbolic link to " + target + ", which leads back to itself (a loop"
              + " of links: point it at a real file or remove it)";
        }
        return "it is a symbolic link to " + target + ", which cannot be read: " + reason(e);
      }
    }
    return "it is " + fileType(p) + ", not a regular file; netpol reads only regular files (a"
        + " pipe or device could block the load or never end): remove it, or rename it so that"
        + " it does not end in .yaml, .yml or .json";
  }

  private static boolean isLinkLoop(IOException e) {
    if (e instanceof FileSystemLoopException) {
      return true;
    }
    String r = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : null;
    return r != null && r.toLowerCase(Locale.ROOT).contains("levels of symbolic links");
  }

  private static String fileType(Path p) {
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      if (mode instanceof Integer) {
        switch ((Integer) mode & 0170000) {
          case 0010000:
            return "a named pipe (FIFO)";
          case 0140000:
            return "a socket";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          default:
            break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no unix attribute view: fall through to the general words
    }
    return "a special file (a pipe, socket or device)";
  }

  /** A reason for an I/O failure that says what happened, not only which path. */
  static String reason(IOException e) {
    if (e instanceof NotRegularException) {
      return e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied (the user running netpol may not read it: check its"
          + " permissions, e.g. chmod a+r)";
    }
    if (e instanceof NoSuchFileException) {
      return "it no longer exists (it was removed or renamed while netpol was loading)";
    }
    if (isLinkLoop(e)) {
      return "a loop of symbolic links";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  /** A file that turned out not to be a regular file when it was about to be opened. */
  static final class NotRegularException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRegularException(Path p, String reason) {
      super(reason);
    }
  }
}
