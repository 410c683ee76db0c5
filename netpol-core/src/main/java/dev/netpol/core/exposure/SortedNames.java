package dev.netpol.core.exposure;

import com.google.common.collect.ImmutableSortedSet;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds sorted sets of names that are already in their natural order without comparing them:
 * an exposure names thousands of workloads per line, gathered in order from their ranks, and
 * sorting them again would cost a string comparison per name.
 */
final class SortedNames {
  private SortedNames() {}

  /**
   * The first {@code count} names of {@code names}, which must be strictly ascending in natural
   * order (checked only by assertions: callers gather them by rank).
   */
  static ImmutableSortedSet<String> of(String[] names, int count) {
    if (count == 0) {
      return ImmutableSortedSet.of();
    }
    String[] copy = Arrays.copyOf(names, count);
    assert ascending(copy) : "names out of order";
    return ImmutableSortedSet.copyOfSorted(new View(copy));
  }

  private static boolean ascending(String[] names) {
    for (int i = 1; i < names.length; i++) {
      if (names[i - 1].compareTo(names[i]) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * An ascending array seen as a sorted set in natural order, only as far as {@link
   * ImmutableSortedSet#copyOfSorted} reads it: its comparator and its elements.
   */
  private static final class View extends AbstractSet<String> implements SortedSet<String> {
    private final String[] names;

    View(String[] names) {
      this.names = names;
    }

    @Override
    public @Nullable Comparator<? super String> comparator() {
      return null;
    }

    @Override
    public Object[] toArray() {
      return names;
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.asList(names).iterator();
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public String first() {
      return names[0];
    }

    @Override
    public String last() {
      return names[names.length - 1];
    }

    @Override
    public SortedSet<String> subSet(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<String> headSet(String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<String> tailSet(String from) {
      throw new UnsupportedOperationException();
    }
  }
}
