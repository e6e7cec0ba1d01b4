package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor side of {@link ThetaChannel}: per JVM, one copy of θ per channel (the {@value
 * #MAX_CHANNELS} most recently used; an evicted one is fetched again in full), brought up to the
 * version a task asks for by applying the row deltas it lacks. A copy that is missing, older than
 * the task's base, or was left half-updated by a failure, is replaced by a copy of the base
 * broadcast first: a new executor, or one that lost its state, fetches the full θ.
 *
 * <p>Tasks of one step share the copy read-only; the copy changes only when a task of a later
 * step arrives, and steps are synchronous (one Spark job each, the next submitted after the
 * previous one ended), so no task reads a copy while it changes.
 */
final class ThetaCache {
  static final int MAX_CHANNELS = 4;

  private static final class Copy {
    /** The version the array holds, or −1 while it is being changed (or was left half-changed). */
    long version = -1;
    Object theta;
  }

  private static final Map<Long, Copy> COPIES = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Copy> eldest) {
      return size() > MAX_CHANNELS;
    }
  };
  private static final AtomicLong FULL_FETCHES = new AtomicLong();
  private static final AtomicLong DELTAS_APPLIED = new AtomicLong();

  private ThetaCache() {}

  /** θ at {@code ref.version}, in the engine's precision; read only. */
  @SuppressWarnings("unchecked")
  static <A> A resolve(ThetaRef<A> ref, Kernels<A> k) {
    if (ref.deltas.length == 0) {
      return ref.base.value(); // a full broadcast: nothing to keep or apply
    }
    Copy copy;
    synchronized (COPIES) {
      copy = COPIES.computeIfAbsent(ref.channel, c -> new Copy());
    }
    synchronized (copy) {
      if (copy.version == ref.version) {
        return (A) copy.theta;
      }
      if (copy.version < ref.baseVersion || copy.version > ref.version) {
        copy.version = -1;
        A base = ref.base.value();
        A own = copy.theta != null && k.length((A) copy.theta) == k.length(base) ? (A) copy.theta
            : k.alloc(k.length(base));
        k.copy(base, 0, own, 0, k.length(base));
        copy.theta = own;
        copy.version = ref.baseVersion;
        FULL_FETCHES.incrementAndGet();
      }
      A theta = (A) copy.theta;
      long from = copy.version;
      copy.version = -1;
      for (long v = from + 1; v <= ref.version; v++) {
        apply(k, ref.deltas[(int) (v - ref.baseVersion - 1)].value(), theta, ref.d, ref.h);
        DELTAS_APPLIED.incrementAndGet();
      }
      copy.version = ref.version;
      return theta;
    }
  }

  /** θ[rows of W₀ and the tail] ← the delta's values. */
  private static <A> void apply(Kernels<A> k, ThetaRef.Delta<A> delta, A theta, int d, int h) {
    for (int i = 0; i < delta.rows0.length; i++) {
      k.copy(delta.rows, i * h, theta, delta.rows0[i] * h, h);
    }
    k.copy(delta.tail, 0, theta, d * h, k.length(delta.tail));
  }

  /** Drops this JVM's copy for {@code channel} (when its fit ends). */
  static void forget(long channel) {
    synchronized (COPIES) {
      COPIES.remove(channel);
    }
  }

  /** Drops every copy, as a new executor has none (tests of the full fetch). */
  static void clear() {
    synchronized (COPIES) {
      COPIES.clear();
    }
  }

  /** Copies this JVM made from a base broadcast, since it started (for tests and logs). */
  static long fullFetches() {
    return FULL_FETCHES.get();
  }

  /** Row deltas this JVM applied, since it started (for tests and logs). */
  static long deltasApplied() {
    return DELTAS_APPLIED.get();
  }
}
