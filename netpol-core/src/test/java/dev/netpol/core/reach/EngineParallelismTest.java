package dev.netpol.core.reach;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.netpol.core.Cluster;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The engine's parallelism option (docs/semantics.md#engine-parallelism) and the helper that
 * computes atoms on several threads and hands them over in order.
 */
class EngineParallelismTest {

  @Test
  void anEngineComputesOnTheCallingThreadUnlessAskedOtherwise() {
    assertThat(ReachabilityEngine.builder().build().parallelism()).isEqualTo(1);
    assertThat(ReachabilityEngine.withDefaults().parallelism()).isEqualTo(1);
    assertThat(new ReachabilityEngine(EvaluationOptions.defaults()).parallelism()).isEqualTo(1);
    assertThat(ReachabilityEngine.builder().build().options())
        .isEqualTo(EvaluationOptions.defaults());
  }

  @Test
  void theBuilderKeepsTheOptionsAndTheParallelismGiven() {
    EvaluationOptions options =
        EvaluationOptions.builder().selfTrafficAlwaysAllowed(true).build();
    ReachabilityEngine engine =
        ReachabilityEngine.builder().options(options).parallelism(3).build();
    assertThat(engine.options()).isEqualTo(options);
    assertThat(engine.parallelism()).isEqualTo(3);
  }

  @Test
  void rejectsParallelismBelowOne() {
    assertThatThrownBy(() -> ReachabilityEngine.builder().parallelism(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelism must be at least 1 (1 computes on the calling thread), found 0");
    assertThatThrownBy(() -> ReachabilityEngine.builder().parallelism(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("found -2");
  }

  @Test
  void resultsArriveInTaskOrderOnTheCallingThreadWithAtMostTwiceTheThreadsInFlight() {
    int threads = 3;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> names = ConcurrentHashMap.newKeySet();
    Iterator<Supplier<Integer>> tasks =
        IntStream.range(0, 200)
            .<Supplier<Integer>>mapToObj(i -> {
              return () -> {
                names.add(Thread.currentThread().getName());
                sleepMicros((199 - i) % 7 * 50); // later tasks often finish first
                return i;
              };
            })
            .map(task -> {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              return task;
            })
            .iterator();
    List<Integer> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    InOrder.run(threads, tasks, i -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      inFlight.decrementAndGet();
      seen.add(i);
    });
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
    assertThat(most.get()).isBetween(2, 2 * threads);
    // The caller computes tasks too, beside threads - 1 helpers: never more threads than asked.
    assertThat(names)
        .allMatch(n -> n.equals(caller.getName()) || n.startsWith("netpol-engine-"))
        .hasSizeLessThanOrEqualTo(threads);
    assertThat(engineThreads()).as("no engine thread outlives the call").isEmpty();
  }

  @Test
  void theCallingThreadComputesTasksWhileItsHelperIsBusy() {
    // parallelism(2) is two threads computing: the caller and one helper. The helper is held
    // in a warm-up until the last result is consumed, so the caller must compute every task.
    CountDownLatch lastConsumed = new CountDownLatch(1);
    Runnable held = () -> Uninterruptibles.awaitUninterruptibly(lastConsumed, 10, SECONDS);
    Set<String> names = ConcurrentHashMap.newKeySet();
    Iterator<Supplier<Integer>> tasks =
        IntStream.range(0, 20)
            .<Supplier<Integer>>mapToObj(i -> () -> {
              names.add(Thread.currentThread().getName());
              return i;
            })
            .iterator();
    List<Integer> seen = new ArrayList<>();
    InOrder.run(2, List.of(held), tasks, i -> {
      seen.add(i);
      if (i == 19) {
        lastConsumed.countDown();
      }
    });
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(names).containsExactly(Thread.currentThread().getName());
    assertThat(engineThreads()).isEmpty();
  }

  @Test
  void aTasksExceptionIsRethrownOnTheCallingThreadAndNoThreadIsLeft() {
    IllegalStateException boom = new IllegalStateException("atom 5");
    Iterator<Supplier<Integer>> tasks =
        IntStream.range(0, 50)
            .<Supplier<Integer>>mapToObj(i -> () -> {
              if (i == 5) {
                throw boom;
              }
              return i;
            })
            .iterator();
    List<Integer> seen = new ArrayList<>();
    assertThatThrownBy(() -> InOrder.run(2, tasks, seen::add)).isSameAs(boom);
    assertThat(seen).containsExactly(0, 1, 2, 3, 4);
    assertThat(engineThreads()).isEmpty();
  }

  @Test
  void theConsumersExceptionStopsTheWalkAndNoThreadIsLeft() {
    Cluster cluster = Cluster.builder().pod(ReachabilityEngineTest.pod("ns", "a", "10.0.0.1",
        "app", "a")).build();
    ReachabilityMatrix matrix = ReachabilityEngine.builder().parallelism(2).build().build(cluster);
    List<PortRange> seen = new ArrayList<>();
    assertThatThrownBy(() -> matrix.forEachAtom(m -> {
      seen.add(m.ports());
      throw new UnsupportedOperationException("consumer");
    })).isInstanceOf(UnsupportedOperationException.class).hasMessage("consumer");
    assertThat(seen).containsExactly(matrix.portAtoms().get(0));
    assertThat(engineThreads()).isEmpty();
  }

  private static List<String> engineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("netpol-engine-"))
        .toList();
  }

  private static void sleepMicros(long micros) {
    try {
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
