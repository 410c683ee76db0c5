/**
 * AssertJ assertions about NetworkPolicies, read as a sentence: {@code
 * assertThat(cluster).allows(frontend).to(backend).onTcp(80)}, with failure messages that explain
 * each offending pod pair the way {@link dev.netpol.core.eval.VerdictFormatter} does.
 *
 * <p>Start from {@link dev.netpol.assertj.NetpolAssertions} (or {@link
 * dev.netpol.assertj.NetpolSoftAssertions} to collect every failure of a test). A chain left
 * without its port fails the test that left it under {@code @NetpolTest} (netpol-junit5), with
 * nothing to register; elsewhere register {@link dev.netpol.assertj.NetpolAssertionsExtension}.
 */
@NullMarked
package dev.netpol.assertj;

import org.jspecify.annotations.NullMarked;
