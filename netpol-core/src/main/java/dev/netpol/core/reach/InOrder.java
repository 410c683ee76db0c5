package dev.netpol.core.reach;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks on a few threads and hands their results to a consumer in task order, on the
 * calling thread (docs/semantics.md#engine-parallelism). The consumer therefore sees exactly
 * what one thread would give it, in the same order, and needs no locking of its own.
 *
 * <p>At most {@code 2 * parallelism} tasks are in flight (submitted and not yet consumed): the
 * results wait for the consumer in a bounded queue, so memory does not grow with the number of
 * tasks, and the next tasks are created (the iterator advanced) only as results are consumed.
 * The threads are daemons named {@code netpol-engine-N}, made for one call and gone when it
 * returns, normally or by an exception. A task's exception is rethrown on the calling thread as
 * it was thrown (a runtime exception or an error); the tasks after it are cancelled.
 */
final class InOrder {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private InOrder() {}

  /**
   * Computes each task's result and passes it to {@code consumer}, in the iterator's order. With
   * parallelism 1 everything runs on the calling thread, one task after the other.
   *
   * @param parallelism the number of threads computing tasks, at least 1
   * @param tasks the work, created lazily as the iterator advances
   * @param consumer receives the results in order, on the calling thread
   * @param <R> the type of the results
   */
  static <R> void run(
      int parallelism,
      Iterator<? extends Supplier<? extends R>> tasks,
      Consumer<? super R> consumer) {
    run(parallelism, List.of(), tasks, consumer);
  }

  /**
   * As {@link #run(int, Iterator, Consumer)}, with work that tasks will need started first, so
   * that it runs beside other work rather than hold up every thread that needs it, e.g. each
   * protocol's baselines, which the atoms of that protocol wait for. The warm-ups must be safe to
   * race with the tasks that need their work (a memoizing supplier is); their results and
   * exceptions are dropped, since a task that needs the work does it again if it failed. With
   * parallelism 1 they are skipped: the tasks do the work when they need it.
   *
   * @param parallelism the number of threads computing tasks, at least 1
   * @param warmUps work submitted before the tasks, in this order
   * @param tasks the work, created lazily as the iterator advances
   * @param consumer receives the results in order, on the calling thread
   * @param <R> the type of the results
   */
  static <R> void run(
      int parallelism,
      List<? extends Runnable> warmUps,
      Iterator<? extends Supplier<? extends R>> tasks,
      Consumer<? super R> consumer) {
    if (parallelism <= 1) {
      tasks.forEachRemaining(task -> consumer.accept(task.get()));
      return;
    }
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ThreadFactory daemons =
        task -> {
          Thread t = new Thread(task, "netpol-engine-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          threads.add(t);
          return t;
        };
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemons);
    try {
      warmUps.forEach(pool::submit);
      ArrayDeque<Future<? extends R>> inFlight = new ArrayDeque<>(2 * parallelism);
      while (true) {
        if (inFlight.size() == 2 * parallelism) {
          consumer.accept(result(inFlight.poll()));
        }
        if (!tasks.hasNext()) { // asked after the consumer made room: hasNext may make a task
          break;
        }
        Supplier<? extends R> task = tasks.next();
        inFlight.add(pool.submit(task::get));
      }
      while (!inFlight.isEmpty()) {
        consumer.accept(result(inFlight.poll()));
      }
    } finally {
      // Cancels what is left after an exception; running tasks end on their own (they are
      // short), and the threads are gone before this returns.
      pool.shutdownNow();
      threads.forEach(Uninterruptibles::joinUninterruptibly);
    }
  }

  /**
   * A task's result, waiting for it. Interrupts are deferred as with one thread, which does not
   * stop for them either; a task's exception is rethrown as it was.
   */
  private static <R> R result(Future<R> future) {
    try {
      return Uninterruptibles.getUninterruptibly(future);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("an engine task failed", cause);
    }
  }
}
