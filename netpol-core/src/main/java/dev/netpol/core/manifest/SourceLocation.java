package dev.netpol.core.manifest;

import com.google.common.base.Preconditions;

/**
 * Where something was written: a source (a file path, {@code classpath:...} or {@code <string>}),
 * a line and a column, both counted from 1.
 *
 * <pre>{@code
 * new SourceLocation("k8s/policies.yaml", 14, 9).toString();   // "k8s/policies.yaml:14:9"
 * SourceLocation.of("k8s/missing.yaml").toString();            // "k8s/missing.yaml"
 * }</pre>
 *
 * @param source the file path or other name of the input
 * @param line the line, from 1; 0 when the location is the source as a whole
 * @param column the column, from 1; 0 when unknown
 */
public record SourceLocation(String source, int line, int column) {

  /**
   * Checks that line and column are not negative.
   *
   * @param source the source name
   * @param line the line, 0 for the whole source
   * @param column the column, 0 if unknown
   */
  public SourceLocation {
    Preconditions.checkArgument(line >= 0 && column >= 0, "line and column must be >= 0");
  }

  /**
   * A source as a whole, e.g. a file that could not be read.
   *
   * @param source the source name
   * @return the location, without line or column
   */
  public static SourceLocation of(String source) {
    return new SourceLocation(source, 0, 0);
  }

  /** Returns {@code source:line:column}, or fewer parts when line or column are unknown. */
  @Override
  public String toString() {
    if (line == 0) {
      return source;
    }
    return column == 0 ? source + ":" + line : source + ":" + line + ":" + column;
  }
}
