package dev.netpol.core.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedSet;
import org.junit.jupiter.api.Test;

class SortedNamesTest {
  private final String[] names = {"a/api", "a/db", "b/web", "c/job", "unused"};

  @Test
  void theFirstNamesMakeTheSortedSetComparisonWouldMake() {
    ImmutableSortedSet<String> set = SortedNames.of(names, 4);
    assertThat(set).containsExactly("a/api", "a/db", "b/web", "c/job")
        .isEqualTo(ImmutableSortedSet.of("c/job", "b/web", "a/db", "a/api"));
    assertThat(set.contains("b/web")).isTrue();
    assertThat(SortedNames.of(names, 0)).isEmpty();
    // The array is copied: later writes into the scratch array change nothing.
    names[0] = "z";
    assertThat(set.first()).isEqualTo("a/api");
  }

  @Test
  void viewsOfTheSetFollowTheSortedSetContract() {
    ImmutableSortedSet<String> set = SortedNames.of(names, 4);
    assertThat(set.subSet("a/db", "c/job")).containsExactly("a/db", "b/web");
    assertThat(set.headSet("b")).containsExactly("a/api", "a/db");
    assertThat(set.tailSet("b")).containsExactly("b/web", "c/job");
  }

  @Test
  void theViewItselfIsASortedSetOfItsSlice() {
    java.util.SortedSet<String> view = SortedNames.view(new String[] {"a", "b", "c", "d"});
    assertThat(view.subSet("b", "d")).containsExactly("b", "c");
    assertThat(view.subSet("b", "d").headSet("c")).containsExactly("b");
    assertThat(view.subSet("b", "d").tailSet("a")).containsExactly("b", "c");
    assertThat(view.headSet("bb")).containsExactly("a", "b");
    assertThat(view.tailSet("z")).isEmpty();
    assertThat(view.contains("c")).isTrue();
    assertThat(view.subSet("b", "d").contains("d")).isFalse();
    assertThat(view.first()).isEqualTo("a");
    assertThat(view.last()).isEqualTo("d");
    assertThat(view.comparator()).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.subSet("c", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromName <= toName");
  }
}
