package dev.netpol.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LoaderFilesTest {
  private static final String NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";

  @TempDir Path dir;

  private static List<String> problems(LoadResult result) {
    return result.report().problems().stream().map(Object::toString).toList();
  }

  private static List<String> warnings(LoadResult result) {
    return result.report().warnings().stream().map(Object::toString).toList();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void danglingSymlinkNamedYamlIsReportedNotDropped() throws IOException {
    Files.writeString(dir.resolve("ns.yaml"), NAMESPACE);
    Path link = Files.createSymbolicLink(dir.resolve("deny.yaml"), dir.resolve("gone.yaml"));

    LoadResult result = ManifestLoader.defaults().load(dir);

    assertThat(problems(result))
        .containsExactly(
            link + ": cannot read: it is a symbolic link to " + dir.resolve("gone.yaml")
                + ", which does not exist (a dangling link: restore the target or remove the"
                + " link)");
  }

  @Test
  void danglingSymlinkGivenDirectlyIsReportedWithItsTarget() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("deny.yaml"), dir.resolve("gone.yaml"));

    LoadResult result = ManifestLoader.defaults().load(link);

    assertThat(problems(result))
        .singleElement()
        .asString()
        .startsWith(link + ": cannot read: it is a symbolic link to " + dir.resolve("gone.yaml"));
  }

  @Test
  void danglingLinkWithAnotherNameIsAWarningInCaseItWasADirectory() throws IOException {
    Files.writeString(dir.resolve("ns.yaml"), NAMESPACE);
    Path link = Files.createSymbolicLink(dir.resolve("base"), dir.resolve("moved-away"));

    LoadResult result = ManifestLoader.defaults().load(dir);

    assertThat(problems(result)).isEmpty();
    assertThat(warnings(result))
        .singleElement()
        .asString()
        .startsWith(link + ": skipped: it is a symbolic link to " + dir.resolve("moved-away"))
        .endsWith("(if it was meant to be a directory of manifests, they are not loaded)");
  }

  @Test
  void selfLoopingSymlinkIsReportedAsALoop() throws IOException {
    Files.writeString(dir.resolve("ns.yaml"), NAMESPACE);
    Path link = dir.resolve("loop.yaml");
    Files.createSymbolicLink(link, link.getFileName());

    LoadResult result = ManifestLoader.defaults().load(dir);

    assertThat(problems(result))
        .singleElement()
        .asString()
        .startsWith(link + ": cannot read: it is a symbolic link to loop.yaml")
        .contains("leads back to itself");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void namedPipeCalledYamlIsReportedWithoutBlockingTheLoad() throws Exception {
    assumeTrue(posix(), "named pipes need a POSIX file system");
    Path fifo = dir.resolve("policy.yaml");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
    Files.writeString(dir.resolve("ns.yaml"), NAMESPACE);

    LoadResult fromDirectory = ManifestLoader.defaults().load(dir);
    LoadResult givenDirectly = ManifestLoader.defaults().load(fifo);

    String expected =
        fifo + ": cannot read: it is a named pipe (FIFO), not a regular file; netpol reads only"
            + " regular files (a pipe or device could block the load or never end): remove it,"
            + " or rename it so that it does not end in .yaml, .yml or .json";
    assertThat(problems(fromDirectory)).containsExactly(expected);
    assertThat(problems(givenDirectly)).containsExactly(expected);
  }

  @Test
  void unreadableFileIsReportedWithTheReason() throws IOException {
    assumeTrue(posix(), "file permissions need a POSIX file system");
    // root reads every file whatever its permissions, so the file would not be unreadable
    assumeTrue(
        !"root".equals(System.getProperty("user.name")), "running as root, who can read any file");
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, NAMESPACE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

    LoadResult result = ManifestLoader.defaults().load(dir);

    assertThat(problems(result))
        .containsExactly(
            file + ": cannot read: permission denied (the user running netpol may not read it:"
                + " check its permissions, e.g. chmod a+r)");
  }

  @Test
  void vanishedFileIsReportedWithAReason() {
    assertThat(ManifestFiles.reason(new NoSuchFileException("k8s/gone.yaml")))
        .isEqualTo("it no longer exists (it was removed or renamed while netpol was loading)");
  }

  @Test
  void symlinkedSubdirectoryIsFollowed() throws IOException {
    Path real = Files.createDirectories(dir.resolve("elsewhere/base"));
    Files.writeString(real.resolve("ns.yaml"), NAMESPACE);
    Path k8s = Files.createDirectories(dir.resolve("k8s"));
    Files.createSymbolicLink(k8s.resolve("base"), real);

    LoadResult result = ManifestLoader.defaults().load(k8s);

    assertThat(problems(result)).isEmpty();
    assertThat(result.cluster().namespace("a")).isPresent();
  }

  @Test
  void symlinkLoopBackToAnAncestorIsSkippedWithAWarningAndLoadsEachFileOnce()
      throws IOException {
    Path k8s = Files.createDirectories(dir.resolve("k8s"));
    Files.writeString(k8s.resolve("ns.yaml"), NAMESPACE);
    Path loop = Files.createSymbolicLink(k8s.resolve("again"), k8s);

    LoadResult result = ManifestLoader.defaults().load(k8s);

    assertThat(problems(result)).isEmpty();
    assertThat(warnings(result))
        .containsExactly(
            loop + ": skipped: a symbolic link back to a directory that contains it (a loop);"
                + " the files below it are loaded once, through that directory");
  }

  @Test
  void sameFileReachedTwiceIsLoadedOnceWithAWarning() throws IOException {
    Path file = dir.resolve("ns.yaml");
    Files.writeString(file, NAMESPACE);
    Path alias = Files.createSymbolicLink(dir.resolve("same.yaml"), file);

    LoadResult result = ManifestLoader.defaults().load(dir);

    assertThat(problems(result)).isEmpty();
    assertThat(warnings(result))
        .containsExactly(
            alias + ": loaded once: this is the same file as " + file
                + " (through a symbolic link or given twice)");
  }

  @Test
  void invalidUtf8IsReportedAtItsByteLineAndColumn() throws IOException {
    byte[] latin1 = "apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\u00e9}\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, latin1);

    LoadResult result = ManifestLoader.defaults().load(file);

    assertThat(problems(result))
        .containsExactly(
            file + ":3:21: not UTF-8 at byte 51 (line 3, column 21): found byte 0xE9; save the"
                + " file as UTF-8 (kubectl reads UTF-8, or UTF-16 with a byte order mark)");
  }

  @Test
  void binaryFileIsCalledBinary() throws IOException {
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xcb, 0x48, (byte) 0xcd};
    Path file = dir.resolve("dump.yaml");
    Files.write(file, gzip);

    LoadResult result = ManifestLoader.defaults().load(file);

    assertThat(problems(result))
        .singleElement()
        .asString()
        .startsWith(file + ": binary file (")
        .endsWith("not YAML or JSON text: remove it from the loaded paths, or rename it so that"
            + " it does not end in .yaml, .yml or .json");
  }

  @Test
  void utf16WithAByteOrderMarkIsDecodedAsKubectlDoes() {
    byte[] le = withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE);
    byte[] be = withBom(new byte[] {(byte) 0xFE, (byte) 0xFF}, StandardCharsets.UTF_16BE);

    LoadResult fromLe = ManifestLoader.defaults().load(new ByteArrayInputStream(le), "le.yaml");
    LoadResult fromBe = ManifestLoader.defaults().load(new ByteArrayInputStream(be), "be.yaml");

    assertThat(problems(fromLe)).isEmpty();
    assertThat(problems(fromBe)).isEmpty();
    assertThat(fromLe.cluster().namespace("a")).isPresent();
    assertThat(fromBe.cluster().namespace("a")).isPresent();
  }

  @Test
  void utf16WithoutAByteOrderMarkIsCalledSo() {
    byte[] bytes = NAMESPACE.replace("name: a", "name: caf\u00e9")
        .getBytes(StandardCharsets.UTF_16LE);

    LoadResult result =
        ManifestLoader.defaults().load(new ByteArrayInputStream(bytes), "utf16.yaml");

    assertThat(problems(result))
        .singleElement()
        .asString()
        .contains("it looks like UTF-16 without a byte order mark; save it as UTF-8");
  }

  private static byte[] withBom(byte[] bom, java.nio.charset.Charset charset) {
    byte[] text = NAMESPACE.getBytes(charset);
    byte[] out = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, out, 0, bom.length);
    System.arraycopy(text, 0, out, bom.length, text.length);
    return out;
  }
}
