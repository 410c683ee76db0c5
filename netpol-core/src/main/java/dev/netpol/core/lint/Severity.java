package dev.netpol.core.lint;

/**
 * How sure a finding is that something is wrong, and how loudly to say it.
 *
 * <ul>
 *   <li>{@link #ERROR}: the policies will break something, e.g. pods whose egress is isolated
 *       without any rule that lets them resolve names (DNS).
 *   <li>{@link #WARNING}: almost certainly not what was meant, e.g. a peer that matches no pod,
 *       a rule that can never admit anything, a rule another rule already covers.
 *   <li>{@link #HINT}: legal and sometimes meant, but a common slip, e.g. two peer entries where
 *       one entry with both selectors was likely meant.
 * </ul>
 */
public enum Severity {
  /** The policies will break something. */
  ERROR,
  /** Almost certainly not what was meant. */
  WARNING,
  /** Legal, sometimes meant, often a slip. */
  HINT;

  /** Returns the name in lower case, as findings print it: {@code error}, {@code warning}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
