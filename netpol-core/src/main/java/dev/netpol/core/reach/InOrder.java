package dev.netpol.core.reach;

import com.google.common.util.concurrent.Uninterruptibles;
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
 * <p>At most {@code 2 * parallelism} tasks are in flight (taken and not yet consumed): results
 * wait for the consumer in a ring of that many slots, so memory does not grow with the number of
 * tasks, and the next tasks are created (the iterator advanced) only as results are consumed.
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
    /** Signalled when a result is stored, room is made in the ring, or the walk is closed. */
    private final Condition changed = lock.newCondition();
    private final Iterator<? extends Supplier<? extends R>> tasks;
    private final ArrayList<Runnable> warmUps;
    /** Slot {@code i % length} holds task {@code i}'s result once {@code done[i % length]}. */
    private final Object[] results;
    private final boolean[] done;
    private final @Nullable Throwable[] failures;
    /** Tasks taken (the index the next one gets) and results consumed. */
    private long taken;
    private long consumed;
    private boolean exhausted;
    private boolean closed;

    Walk(int window, List<? extends Runnable> warmUps, Iterator<? extends Supplier<? extends R>> t) {
      this.tasks = t;
      this.warmUps = new ArrayList<>(warmUps);
      this.results = new Object[window];
      this.done = new boolean[window];
      this.failures = new Throwable[window];
    }

    /**
     * The next task as its index, with the task in {@code out[0]}; -1 when there is none to take
     * now ({@code wait}: none left, or the ring is full) or ever. Called holding the lock.
     */
    private long take(Object[] out) {
      if (closed || exhausted || taken - consumed == results.length) {
        return -1;
      }
      if (!tasks.hasNext()) { // asked only with room in the ring: hasNext may make a task
        exhausted = true;
        changed.signalAll();
        return -1;
      }
      out[0] = tasks.next();
      return taken++;
    }

    /** Computes a task outside the lock and stores its result or exception in its slot. */
    @SuppressWarnings("unchecked")
    private void compute(long index, Object task) {
      Object result = null;
      Throwable failure = null;
      try {
        result = ((Supplier<? extends R>) task).get();
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
      Object[] task = new Object[1];
      while (true) {
        Runnable warmUp = null;
        long index;
        lock.lock();
        try {
          while (true) {
            if (closed) {
              return;
            }
            if (!warmUps.isEmpty()) {
              warmUp = warmUps.remove(0);
              index = -1;
              break;
            }
            index = take(task);
            if (index >= 0) {
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
          compute(index, task[0]);
        }
      }
    }

    /**
     * The caller's loop: hands each result to the consumer in order as soon as it is there, and
     * computes a task itself whenever the next result is not.
     */
    void lead(Consumer<? super R> consumer) {
      Object[] task = new Object[1];
      boolean handedOver = false;
      while (true) {
        Object result;
        long index;
        lock.lock();
        try {
          if (handedOver) { // the consumer is done with it: its slot is free only now
            consumed++;
            changed.signalAll();
            handedOver = false;
          }
          while (true) {
            int slot = (int) (consumed % results.length);
            if (consumed < taken && done[slot]) {
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
              index = -1;
              break;
            }
            index = take(task);
            if (index >= 0) {
              result = null;
              break;
            }
            if (exhausted && consumed == taken) {
              return;
            }
            changed.awaitUninterruptibly();
          }
        } finally {
          lock.unlock();
        }
        if (index >= 0) {
          compute(index, task[0]);
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
