package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Precision;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Per-JVM pool of θ-sized gradient accumulators for tasks whose sums leave row-sparse: such a
 * task copies out the rows it touched, zeroes just those (and the part after W₀) and gives the
 * array back, so a step on sparse input neither allocates nor clears all of θ. Held softly, so
 * the pool never keeps the heap from memory it needs. Every array handed out is all zero; two
 * tasks never share one.
 */
final class GradientBuffers {
  private record Key(Precision precision, int length) {}

  private static final Map<Key, Queue<SoftReference<Object>>> POOL = new ConcurrentHashMap<>();

  private GradientBuffers() {}

  /** An all-zero array of n elements. */
  @SuppressWarnings("unchecked")
  static <A> A borrow(Kernels<A> k, int n) {
    Queue<SoftReference<Object>> q = POOL.get(new Key(k.precision(), n));
    for (SoftReference<Object> ref; q != null && (ref = q.poll()) != null; ) {
      Object a = ref.get();
      if (a != null) {
        return (A) a;
      }
    }
    return k.alloc(n);
  }

  /**
   * Zeroes the rows {@code rows0} of W₀ (d × h at offset 0) and everything after W₀, where a
   * sparse batch's sums lie (the rest of {@code grad} must be zero already), and pools it.
   */
  static <A> void giveBack(Kernels<A> k, A grad, int[] rows0, int d, int h) {
    for (int r : rows0) {
      k.zero(grad, r * h, h);
    }
    k.zero(grad, d * h, k.length(grad) - d * h);
    POOL.computeIfAbsent(new Key(k.precision(), k.length(grad)), x -> new ConcurrentLinkedQueue<>())
        .add(new SoftReference<>(grad));
  }
}
