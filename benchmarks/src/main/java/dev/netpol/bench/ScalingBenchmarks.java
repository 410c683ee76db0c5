package dev.netpol.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the machine itself gives a second thread: a fixed amount of pure arithmetic (no memory
 * traffic, no sharing) split over {@code threads} threads. On an idle machine with two free
 * cores 2 threads take half the time; on the shared 2-core machine other builds take their
 * share first. {@code run.sh} runs it in the same JMH run as the engine's 1- and 2-thread full
 * matrix, so that {@link Ratios} can put the engine's speed-up beside the machine's.
 */
@State(Scope.Benchmark)
public class ScalingBenchmarks {
  /** Iterations of the loop in all, whatever the number of threads (about 0.3 s on one). */
  private static final long WORK = 200_000_000L;

  /** How many threads share the work. */
  @Param({"1"})
  public String threads;

  private ExecutorService pool;
  private int n;

  /** Starts the helper threads (one fewer than {@link #threads}: the caller works too). */
  @Setup(Level.Trial)
  public void setUp() {
    n = Integer.parseInt(threads);
    pool = Executors.newFixedThreadPool(Math.max(1, n - 1), r -> {
      Thread t = new Thread(r, "scaling");
      t.setDaemon(true);
      return t;
    });
  }

  /** Stops the helper threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  /**
   * The same loop, split in {@code threads} equal parts.
   *
   * @return the combined result, so that no part is optimised away
   * @throws InterruptedException never in practice
   * @throws ExecutionException never in practice
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long spin() throws InterruptedException, ExecutionException {
    long part = WORK / n;
    @SuppressWarnings("unchecked")
    Future<Long>[] others = new Future[n - 1];
    for (int i = 0; i < others.length; i++) {
      long seed = i + 2;
      others[i] = pool.submit(() -> loop(seed, part));
    }
    long x = loop(1, part);
    for (Future<Long> f : others) {
      x ^= f.get();
    }
    return x;
  }

  private static long loop(long seed, long iterations) {
    long x = seed;
    for (long i = 0; i < iterations; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 17;
    }
    return x;
  }
}
