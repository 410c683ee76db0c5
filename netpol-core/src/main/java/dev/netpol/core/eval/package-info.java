/**
 * The reference evaluator: {@link dev.netpol.core.eval.Evaluator} answers one question at a time
 * ("may this pod reach that pod on TCP 80?") by applying the rules of docs/semantics.md one by
 * one, and returns a
 * {@link dev.netpol.core.eval.Verdict} that records why, per direction, as data.
 *
 * <p>It is written to be obviously correct rather than fast: it is the oracle the reachability
 * engine and every other answer is checked against.
 */
@NullMarked
package dev.netpol.core.eval;

import org.jspecify.annotations.NullMarked;
