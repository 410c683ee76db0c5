package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;

/**
 * How many pairs a chain judged and the explanation of each pair that breaks the expectation.
 *
 * @param total how many pairs were judged
 * @param podPairs whether every pair is two pods (the message then says "pod pairs")
 * @param failures one explanation per offending pair, in order
 */
record Outcome(int total, boolean podPairs, ImmutableList<String> failures) {
  String pairNoun() {
    return podPairs ? "pod pair" : "pair";
  }
}
