package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.ConnectionAnswer;
import dev.netpol.core.PairAnswer;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code allows(a).to(b)} or {@code denies(a).to(b)} asked about a connection whose answer the
 * API leaves undefined: it depends on the order of two cluster-scoped policies of one tier with
 * the same priority (docs/cluster-policies.md#ties), so no expectation can hold. First line: the
 * expectation and how many pairs are undefined; then up to five pairs, each with the tied policies
 * and core's explanation.
 */
final class ShouldBeDefined extends BasicErrorMessageFactory {
  private ShouldBeDefined(String format, Object... arguments) {
    super(format, arguments);
  }

  static ErrorMessageFactory shouldBeDefined(ConnectionAnswer answer, boolean allows) {
    ImmutableList<PairAnswer> undefined = answer.undefinedPairs();
    ImmutableList<String> lines =
        undefined.stream().map(p -> p.explain(allows)).collect(ImmutableList.toImmutableList());
    return new ShouldBeDefined(
        Messages.expectation(allows, answer.ports().toString())
            + ", but "
            + Messages.of(
                undefined.size(),
                answer.pairs().size(),
                answer.podPairs() ? "pod pair" : "pair")
            + " undefined: the answer depends on the order of equal-priority policies, which"
            + " the API leaves undefined:"
            + Messages.literal(Messages.list(lines)),
        answer.source(),
        answer.destination());
  }
}
