package dev.netpol.core.lint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.SourceLocation;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the lint checks (docs/lint.md) over a cluster: {@code cluster.lint()} with every check
 * and the default plugin options, or a linter of your choice.
 *
 * <pre>{@code
 * Linter linter = Linter.builder()
 *     .disable(LintCode.ISOLATION_GAP)              // a namespace half-isolated on purpose
 *     .options(EvaluationOptions.builder().ipBlockMatchesPods(false).build())
 *     .build();
 * List<Finding> findings = linter.lint(cluster);
 * }</pre>
 *
 * <p>Findings come in a fixed order: by file, line and column (findings of a cluster built in
 * code, which has no file, after them), then by object, field path and code. The same cluster
 * always gives the same list. Every finding is proved by the semantics over the loaded objects:
 * a check that cannot prove a mistake stays silent.
 */
public final class Linter {
  private static final Linter DEFAULTS = builder().build();
  private static final Comparator<Finding> ORDER =
      Comparator.<Finding, Integer>comparing(f -> f.location().isPresent() ? 0 : 1)
          .thenComparing(f -> f.location().map(SourceLocation::source).orElse(""))
          .thenComparingInt(f -> f.location().map(SourceLocation::line).orElse(0))
          .thenComparingInt(f -> f.location().map(SourceLocation::column).orElse(0))
          .thenComparing(Finding::kind)
          .thenComparing(Finding::namespace)
          .thenComparing(Finding::name)
          .thenComparing(Finding::fieldPath)
          .thenComparing(Finding::code)
          .thenComparing(Finding::message);

  private final EvaluationOptions options;
  private final ImmutableSet<LintCode> enabled;

  private Linter(Builder b) {
    this.options = b.options;
    this.enabled = Sets.immutableEnumSet(b.enabled);
  }

  /**
   * The linter of {@code cluster.lint()}: every check, {@link EvaluationOptions#defaults()}.
   *
   * @return the default linter
   */
  public static Linter defaults() {
    return DEFAULTS;
  }

  /**
   * A builder with every check enabled and the default options.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The checks this linter runs.
   *
   * @return the enabled checks
   */
  public ImmutableSet<LintCode> enabled() {
    return enabled;
  }

  /**
   * Lints a cluster.
   *
   * @param cluster the cluster; loaded from files for findings that name file and line
   * @return the findings, in the order described above; empty when nothing is wrong
   */
  public ImmutableList<Finding> lint(Cluster cluster) {
    LintContext ctx = new LintContext(cluster, options, enabled);
    Selections.check(ctx);
    RuleChecks.check(ctx);
    Dns.check(ctx);
    IsolationGaps.check(ctx);
    Redundancy.check(ctx);
    ClusterPolicyChecks.check(ctx);
    List<Finding> sorted = new ArrayList<>(ctx.findings);
    sorted.sort(ORDER);
    return ImmutableList.copyOf(sorted);
  }

  /** Returns e.g. {@code Linter[15 checks, EvaluationOptions[...]]}. */
  @Override
  public String toString() {
    return "Linter[" + enabled.size() + " checks, " + options + "]";
  }

  /** Builds a {@link Linter}. */
  public static final class Builder {
    private EvaluationOptions options = EvaluationOptions.defaults();
    private final Set<LintCode> enabled = EnumSet.allOf(LintCode.class);

    private Builder() {}

    /**
     * Sets the plugin behaviours the checks assume (docs/semantics.md#plugin-options), e.g.
     * whether an {@code ipBlock} sees pod addresses.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(EvaluationOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Turns checks off.
     *
     * @param codes the checks not to run
     * @return this builder
     */
    public Builder disable(LintCode... codes) {
      enabled.removeAll(Arrays.asList(codes));
      return this;
    }

    /**
     * Runs only some checks (replacing the set of enabled checks).
     *
     * @param codes the checks to run
     * @return this builder
     */
    public Builder only(LintCode... codes) {
      enabled.clear();
      enabled.addAll(Arrays.asList(codes));
      return this;
    }

    /**
     * Builds the linter.
     *
     * @return the linter
     */
    public Linter build() {
      return new Linter(this);
    }
  }
}
