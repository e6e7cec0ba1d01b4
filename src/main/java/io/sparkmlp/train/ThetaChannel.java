package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver side of getting θ to the executors once per step, at the cost of what changed.
 * Each {@link #publish} is a new version. When the last update changed only some rows of W₀
 * (a lazy rule on sparse input) the version is a broadcast of those rows and everything after
 * W₀, and executors apply it to the copy they keep ({@link ThetaCache}); otherwise, or after
 * {@code maxChain} deltas, or once the deltas since the base hold as many values as θ, it is a
 * full broadcast of θ, the new base. The values are θ's own, rounded to the engine's precision
 * row by row, so a copy brought up to date holds the bits that a full broadcast would.
 *
 * <p>Every broadcast lives until the next base (a task on a new executor may need all of them)
 * and is then destroyed, on a thread of its own ({@link BroadcastReleaser}); {@link #close}
 * destroys the rest and waits for them all. Not thread-safe: one fit's driver thread uses it.
 */
final class ThetaChannel<A> implements AutoCloseable {
  private final JavaSparkContext jsc;
  private final Kernels<A> k;
  private final int d;
  private final int h;
  private final int maxChain;
  private final long id = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
  private long version = -1;
  private Broadcast<A> base;
  private long baseVersion;
  private final List<Broadcast<ThetaRef.Delta<A>>> deltas = new ArrayList<>();
  private long deltaValues;
  private long fullBroadcasts;
  /** Destroys the broadcasts a new base replaces without making the next step wait. */
  private final BroadcastReleaser releaser = new BroadcastReleaser();

  /**
   * @param d the input width and {@code h} the first hidden width: W₀'s shape
   * @param maxChain the most deltas after one base (0: every version is a full broadcast)
   */
  ThetaChannel(JavaSparkContext jsc, Kernels<A> k, int d, int h, int maxChain) {
    this.jsc = jsc;
    this.k = k;
    this.d = d;
    this.h = h;
    this.maxChain = maxChain;
  }

  /**
   * The next version of θ for the tasks of one step.
   *
   * @param theta θ now, float64, read only
   * @param changedRows0 the rows of W₀ (sorted) that are the only ones changed since the last
   *     publish, or null when any part of θ may have changed (the first publish, a dense update)
   */
  ThetaRef<A> publish(double[] theta, int[] changedRows0) {
    version++;
    long values = changedRows0 == null ? Long.MAX_VALUE : (long) changedRows0.length * h + (theta.length - (long) d * h);
    if (base == null || changedRows0 == null || deltas.size() >= maxChain
        || deltaValues + values > theta.length) {
      release();
      base = jsc.broadcast(k.fromDoubles(theta));
      baseVersion = version;
      fullBroadcasts++;
    } else {
      A rows = k.alloc(changedRows0.length * h);
      for (int i = 0; i < changedRows0.length; i++) {
        int from = changedRows0[i] * h;
        for (int j = 0; j < h; j++) {
          k.set(rows, i * h + j, theta[from + j]);
        }
      }
      A tail = k.alloc(theta.length - d * h);
      for (int i = d * h; i < theta.length; i++) {
        k.set(tail, i - d * h, theta[i]);
      }
      deltas.add(jsc.broadcast(new ThetaRef.Delta<>(changedRows0.clone(), rows, tail)));
      deltaValues += values;
    }
    @SuppressWarnings("unchecked")
    Broadcast<ThetaRef.Delta<A>>[] chain = deltas.toArray(new Broadcast[0]);
    return new ThetaRef<>(id, version, baseVersion, base, chain, d, h);
  }

  /** Versions published so far. */
  long versions() {
    return version + 1;
  }

  /** Full broadcasts so far (the rest of the versions were deltas). */
  long fullBroadcasts() {
    return fullBroadcasts;
  }

  private void release() {
    if (base != null) {
      releaser.release(base);
      base = null;
    }
    for (Broadcast<?> b : deltas) {
      releaser.release(b);
    }
    deltas.clear();
    deltaValues = 0;
  }

  /** Destroys every broadcast, and this JVM's copy (in local mode, the executors' too). */
  @Override
  public void close() {
    release();
    releaser.close();
    ThetaCache.forget(id);
  }
}
