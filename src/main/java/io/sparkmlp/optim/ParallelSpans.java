package io.sparkmlp.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an element-wise loop over [from, to) in consecutive chunks on the driver's cores. The
 * update rules are element-wise (each parameter's new value and state depend on that parameter
 * alone, and on scalars fixed before the step), so chunks in parallel give the bits of one loop.
 * While the driver updates θ the executors wait for it, so in local mode their cores are idle
 * too. Loops shorter than two chunks of {@link #MIN_CHUNK} run on the caller's thread alone.
 */
final class ParallelSpans {
  /** The fewest parameters worth a thread of their own (measured: Adam takes about 2.4 ns each). */
  static final int MIN_CHUNK = 1 << 16;
  /** The driver's cores, at most 8: beyond that the update is bound by memory bandwidth. */
  static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
    Thread t = new Thread(r, "sparkmlp-optimizer-update");
    t.setDaemon(true);
    return t;
  });

  /** The body of a loop, over [from, to). */
  interface Span {
    void run(int from, int to);
  }

  private ParallelSpans() {}

  /** {@code body} over [from, to), in at most {@code threads} chunks (aligned to 64 elements), and waits for all. */
  static void run(int from, int to, int threads, Span body) {
    int chunks = (int) Math.min(Math.min(threads, THREADS), Math.max(1, (to - (long) from) / MIN_CHUNK));
    if (chunks <= 1 || POOL == null) {
      body.run(from, to);
      return;
    }
    int[] bounds = new int[chunks + 1];
    bounds[0] = from;
    bounds[chunks] = to;
    for (int c = 1; c < chunks; c++) {
      bounds[c] = (int) (from + ((to - (long) from) * c / chunks & ~63L));
    }
    List<Future<?>> others = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int a = bounds[c], b = bounds[c + 1];
      others.add(POOL.submit(() -> body.run(a, b)));
    }
    body.run(bounds[0], bounds[1]);
    for (Future<?> f : others) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the optimizer's update ran", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
    }
  }
}
