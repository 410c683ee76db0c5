package dev.netpol.core.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * "Did you mean ...?": the names a typo probably meant, for error messages that name the nearest
 * misses (an unknown manifest field, a workload or namespace that does not exist).
 *
 * <pre>{@code
 * Suggestions.closest("namespaceSelctor", List.of("podSelector", "namespaceSelector", "ipBlock"));
 * // [namespaceSelector]
 * Suggestions.closest("frontnd", List.of("frontend", "backend"));   // [frontend]
 * }</pre>
 *
 * <p>A candidate is close when its edit distance (ignoring case) is at most a third of the wanted
 * word's length (and at least 2), or when one is a prefix of the other.
 */
public final class Suggestions {
  private static final int MOST = 3;

  private Suggestions() {}

  /**
   * The candidates closest to a word, nearest first.
   *
   * @param wanted the word as written, e.g. a misspelled field name
   * @param candidates the names that exist
   * @return at most three close candidates, nearest first (ties in name order); empty if none is
   *     close
   */
  public static List<String> closest(String wanted, Collection<String> candidates) {
    String w = wanted.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, wanted.length() / 3);
    return candidates.stream()
        .distinct()
        .filter(n -> {
          String c = n.toLowerCase(Locale.ROOT);
          return distance(w, c) <= limit || c.startsWith(w) || w.startsWith(c);
        })
        .sorted(Comparator.comparingInt((String n) -> distance(w, n.toLowerCase(Locale.ROOT)))
            .thenComparing(n -> n))
        .limit(MOST)
        .collect(Collectors.toList());
  }

  /**
   * The Levenshtein distance: the fewest insertions, deletions and substitutions of one character
   * that turn one word into the other, case-sensitive.
   *
   * <pre>{@code
   * Suggestions.distance("storefornt", "storefront");   // 2: two letters swapped
   * Suggestions.distance("web", "web");                 // 0
   * }</pre>
   *
   * @param a one word
   * @param b the other word
   * @return the distance, 0 if the words are equal
   */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
