package dev.netpol.core.reach;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks on a few threads and hands their results to a consumer in task order, on the
 * calling thread (docs/semantics.md#engine-parallelism). The consumer therefore sees exactly
 * what one thread would give it, in the same order, and needs no locking of its own.
 *
 * <p>The calling thread is one of the {@code parallelism} threads: between handing results to
 * the consumer it computes tasks itself, and {@code parallelism - 1} helper threads compute the
 * others. A caller that only waited and consumed would be a thread more than the cores asked for,
 * waking for every result and taking a core from a helper each time.
 *
 * <p>At most {@code 2 * parallelism} tasks are in flight (made and not yet consumed): results
 * wait for the consumer in a ring of that many slots, so memory does not grow with the number of
 * tasks, and the next tasks are made only as results are consumed, by the calling thread alone
 * (the iterator is never advanced by a helper, and its exceptions are the call's).
 * The helpers are daemons named {@code netpol-engine-N}, made for one call and gone when it
 * returns, normally or by an exception. A task's exception is rethrown on the calling thread as
 * it was thrown (a runtime exception or an error) once the results before it are consumed; the
 * tasks not yet started are dropped.
 */
final class InOrder {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private InOrder() {}

  /**
   * Computes each task's result and passes it to {@code consumer}, in the iterator's order. With
   * parallelism 1 everything runs on the calling thread, one task after the other.
   *
   * @param parallelism the number of threads computing tasks, the caller's included, at least 1
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
   * As {@link #run(int, Iterator, Consumer)}, with work that tasks will need started first by
   * the helpers, so that it runs beside other work rather than hold up every thread that needs
   * it, e.g. each protocol's baselines, which the atoms of that protocol wait for. The warm-ups
   * must be safe to race with the tasks that need their work (a memoizing supplier is); their
   * results and exceptions are dropped, since a task that needs the work does it again if it
   * failed. With parallelism 1 they are skipped: the tasks do the work when they need it.
   *
   * @param parallelism the number of threads computing tasks, the caller's included, at least 1
   * @param warmUps work the helpers start before taking tasks, in this order
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
    Walk<R> walk = new Walk<>(2 * parallelism, warmUps, tasks);
    List<Thread> helpers = new ArrayList<>();
    try {
      for (int i = 1; i < parallelism; i++) {
        Thread t = new Thread(walk::help, "netpol-engine-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        helpers.add(t);
        t.start();
      }
      walk.lead(consumer);
    } finally {
      // Drops what is left after an exception; running tasks end on their own (they are
      // short), and the helpers are gone before this returns.
      walk.close();
      helpers.forEach(Uninterruptibles::joinUninterruptibly);
    }
  }

  /** The shared state of one call: the tasks, the ring of results, and who waits for what. */
  private static final class Walk<R> {
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a task is queued or its result stored, or the walk is closed. */
    private final Condition changed = lock.newCondition();
    /** Advanced by the calling thread alone, as with one thread: its exceptions are the call's. */
    private final Iterator<? extends Supplier<? extends R>> tasks;
    private final ArrayDeque<Runnable> warmUps;
    /** Tasks made and not yet started, with their indices. */
    private final ArrayDeque<Supplier<? extends R>> queued = new ArrayDeque<>();
    private final ArrayDeque<Long> queuedIndex = new ArrayDeque<>();
    /** Slot {@code i % length} holds task {@code i}'s result once {@code done[i % length]}. */
    private final Object[] results;
    private final boolean[] done;
    private final @Nullable Throwable[] failures;
    /** Tasks made (the index the next one gets) and results the consumer is done with. */
    private long made;
    private long consumed;
    private boolean exhausted;
    private boolean closed;

    Walk(int window, List<? extends Runnable> warmUps, Iterator<? extends Supplier<? extends R>> t) {
      this.tasks = t;
      this.warmUps = new ArrayDeque<>(warmUps);
      this.results = new Object[window];
      this.done = new boolean[window];
      this.failures = new Throwable[window];
    }

    /** Makes tasks while the ring has room; the calling thread's, holding the lock. */
    private void fill() {
      boolean any = false;
      while (!exhausted && made - consumed < results.length) {
        if (!tasks.hasNext()) { // asked only with room in the ring: hasNext may make a task
          exhausted = true;
          any = true;
          break;
        }
        queued.add(tasks.next());
        queuedIndex.add(made++);
        any = true;
      }
      if (any) {
        changed.signalAll();
      }
    }

    /** Computes a task outside the lock and stores its result or exception in its slot. */
    private void compute(long index, Supplier<? extends R> task) {
      Object result = null;
      Throwable failure = null;
      try {
        result = task.get();
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      int slot = (int) (index % results.length);
      lock.lock();
      try {
        results[slot] = result;
        failures[slot] = failure;
        done[slot] = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** A helper's loop: warm-ups first, then tasks, until none is left or the walk is closed. */
    void help() {
      while (true) {
        Runnable warmUp = null;
        Supplier<? extends R> task = null;
        long index = -1;
        lock.lock();
        try {
          while (true) {
            if (closed) {
              return;
            }
            warmUp = warmUps.poll();
            if (warmUp != null) {
              break;
            }
            task = queued.poll();
            if (task != null) {
              index = queuedIndex.poll();
              break;
            }
            if (exhausted) {
              return;
            }
            changed.awaitUninterruptibly();
          }
        } finally {
          lock.unlock();
        }
        if (warmUp != null) {
          try {
            warmUp.run();
          } catch (RuntimeException | Error e) {
            // dropped: a task that needs the work does it again and fails itself
          }
        } else {
          compute(index, task);
        }
      }
    }

    /**
     * The caller's loop: makes tasks while the ring has room, hands each result to the consumer
     * in order as soon as it is there, and computes a queued task itself whenever it is not.
     */
    void lead(Consumer<? super R> consumer) {
      boolean handedOver = false;
      while (true) {
        Object result = null;
        Supplier<? extends R> task = null;
        long index = -1;
        lock.lock();
        try {
          if (handedOver) { // the consumer is done with it: its slot is free only now
            consumed++;
            handedOver = false;
          }
          while (true) {
            fill();
            int slot = (int) (consumed % results.length);
            if (consumed < made && done[slot]) {
              Throwable failure = failures[slot];
              if (failure instanceof RuntimeException r) {
                throw r;
              }
              if (failure instanceof Error e) {
                throw e;
              }
              result = results[slot];
              results[slot] = null;
              done[slot] = false;
              handedOver = true;
              break;
            }
            task = queued.poll();
            if (task != null) {
              index = queuedIndex.poll();
              break;
            }
            if (exhausted && consumed == made) {
              return;
            }
            changed.awaitUninterruptibly();
          }
        } finally {
          lock.unlock();
        }
        if (task != null) {
          compute(index, task);
        } else {
          @SuppressWarnings("unchecked")
          R r = (R) result;
          consumer.accept(r);
        }
      }
    }

    /** Stops the helpers taking anything more. */
    void close() {
      lock.lock();
      try {
        closed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
