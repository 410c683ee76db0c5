package dev.netpol.core.exposure;

import com.google.common.collect.ImmutableSortedSet;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
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
    return ImmutableSortedSet.copyOfSorted(view(copy));
  }

  /** An ascending array as an unmodifiable sorted set in natural order, without copying it. */
  static SortedSet<String> view(String[] names) {
    return new View(names);
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
   * An ascending array seen as an unmodifiable sorted set in natural order (a slice of it, for
   * the views {@link #subSet} and friends return): {@link ImmutableSortedSet#copyOfSorted} reads
   * its comparator and its elements without comparing them.
   */
  private static final class View extends AbstractSet<String> implements SortedSet<String> {
    private final String[] names;
    private final int from;
    private final int to;

    View(String[] names) {
      this(names, 0, names.length);
    }

    private View(String[] names, int from, int to) {
      this.names = names;
      this.from = from;
      this.to = to;
    }

    @Override
    public @Nullable Comparator<? super String> comparator() {
      return null;
    }

    @Override
    public Object[] toArray() {
      return from == 0 && to == names.length ? names : Arrays.copyOfRange(names, from, to);
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.asList(names).subList(from, to).iterator();
    }

    @Override
    public int size() {
      return to - from;
    }

    @Override
    public boolean contains(@Nullable Object o) {
      return o instanceof String name && Arrays.binarySearch(names, from, to, name) >= 0;
    }

    @Override
    public String first() {
      if (from == to) {
        throw new NoSuchElementException("no names");
      }
      return names[from];
    }

    @Override
    public String last() {
      if (from == to) {
        throw new NoSuchElementException("no names");
      }
      return names[to - 1];
    }

    @Override
    public SortedSet<String> subSet(String fromName, String toName) {
      if (fromName.compareTo(toName) > 0) {
        throw new IllegalArgumentException(
            "expected fromName <= toName, found " + fromName + " > " + toName);
      }
      return new View(names, position(fromName), position(toName));
    }

    @Override
    public SortedSet<String> headSet(String toName) {
      return new View(names, from, position(toName));
    }

    @Override
    public SortedSet<String> tailSet(String fromName) {
      return new View(names, position(fromName), to);
    }

    /** The index of the first name at or after {@code name} in this slice, from..to. */
    private int position(String name) {
      int i = Arrays.binarySearch(names, from, to, name);
      return i >= 0 ? i : -i - 1;
    }
  }
}
