package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.exposure.Reach;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code workload(...).isNotExposedOutsideNamespace()} or {@code isNotReachableFrom(...)} failed:
 * the expectation, then each offending line of the workload's exposure with one connection it
 * admits, explained (the policies and rules that admit it).
 *
 * <pre>
 * expected "shop/db" not to be reachable from outside namespace shop, but 1 line of its
 * exposure admits it:
 * in  TCP/5432 from all pods of namespace ops
 *   ops/probe -&gt; shop/db-0 on TCP/5432: ALLOWED
 *     ...
 * </pre>
 */
final class ShouldNotBeExposed extends BasicErrorMessageFactory {
  /** One line of the exposure that breaks the expectation, and a connection it admits. */
  record Offence(Reach line, Verdict example) {}

  private ShouldNotBeExposed(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldNotBeExposed(
      String expectation, String workload, ImmutableList<Offence> offences) {
    List<String> items = offences.stream()
        .map(o -> o.line() + "\n" + indent(o.example().explain()))
        .toList();
    return new ShouldNotBeExposed(
        expectation + ", but " + offences.size()
            + (offences.size() == 1 ? " line of its exposure admits it:" : " lines of its"
                + " exposure admit it:")
            + Messages.literal(Messages.list(items)),
        workload);
  }

  private static String indent(String text) {
    return "  " + text.replace("\n", "\n  ");
  }
}
