package dev.netpol.assertj;

import dev.netpol.core.lint.Finding;
import java.util.List;
import java.util.Set;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code hasNoFindings}/{@code hasNoFindingsExcept} failed: every finding, each with its code,
 * location, message and fix, as {@code cluster.lint()} gives them (docs/lint.md).
 *
 * <pre>
 * expected Cluster[...] to have no lint findings, but found 1:
 * k8s/np.yaml:16:7: NetworkPolicy shop/web-egress: spec.egress[0].to[1]: hint split-peer-entries:
 *   to[0] {namespaceSelector: {}} and to[1] ... are two entries, ORed: ...
 *   fix: write both selectors in one entry (delete the '-' before podSelector) ...
 * </pre>
 */
final class ShouldHaveNoFindings extends BasicErrorMessageFactory {
  private ShouldHaveNoFindings(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldHaveNoFindings(
      Object cluster, Set<String> allowed, List<Finding> findings) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append('\n').append(f.where()).append(": ").append(f.severity()).append(' ')
          .append(f.code()).append(":\n  ").append(f.message())
          .append("\n  fix: ").append(f.hint());
    }
    return new ShouldHaveNoFindings(
        "expected %s to have no lint findings"
            + (allowed.isEmpty() ? "" : Messages.literal(" except " + allowed))
            + ", but found " + findings.size() + ":" + Messages.literal(sb.toString()),
        cluster);
  }
}
