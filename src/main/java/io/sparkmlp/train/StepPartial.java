package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.optim.TouchedSpans;
import java.io.Serializable;

/**
 * One partition's sums over its share of a batch: Σ w_b·ℓ_b, the row count, Σ w_b, the correct
 * predictions (classification) and Σ_b w_b·∂ℓ_b/∂θ in the engine's precision (w_b = 1 without
 * sample weights). Sums only: the driver divides once, by the batch size or by the batch's Σ w_b.
 * The gradient is held in one of three ways:
 * <ul>
 *   <li>none ({@code grad} and {@code rows0} null): the partition had no rows in the batch, so it
 *       sends nothing gradient-sized;
 *   <li>dense: {@code grad}, all of θ's layout;
 *   <li>row-sparse in the first layer, for CSR input: the sorted rows {@code rows0} of W₀
 *       (d × h) that the batch touched, their values {@code w0} (rows0.length × h, row-major), and
 *       {@code tail}, everything after W₀ (b₀ and the later layers) dense. Every other row of W₀
 *       is exactly zero in this partition's sum, so summing row-sparse partials gives the bits
 *       that summing their dense forms gives (a sum that starts at +0.0 never holds −0.0, and
 *       x + 0.0 = x for every other x).
 * </ul>
 */
public final class StepPartial<A> implements Serializable {
  private static final long serialVersionUID = 3L;

  /** The partition (or, after a tree level, the group) this sum came from: the combine order. */
  int index;
  int rows;
  /** Σ w_b over the rows (their count when unweighted). */
  double weightSum;
  double lossSum;
  long correct;
  A grad;
  int[] rows0;
  A w0;
  A tail;
  /** Engine time of the slowest partition that contributed, in nanoseconds. */
  long computeNanos;
  /**
   * {@link System#nanoTime()} on the executor when the last contributing partition finished its
   * engine work, or 0 when none had rows. Comparable with the driver's clock only on one host.
   */
  long computeEndNanos;

  StepPartial(int index, int rows, double weightSum, double lossSum, long correct, A grad) {
    this.index = index;
    this.rows = rows;
    this.weightSum = weightSum;
    this.lossSum = lossSum;
    this.correct = correct;
    this.grad = grad;
  }

  public int rows() { return rows; }
  /** Σ w_b over the rows: their count when unweighted. */
  public double weightSum() { return weightSum; }
  public double lossSum() { return lossSum; }
  public long correct() { return correct; }
  /** The dense Σ_b ∂ℓ_b/∂θ, or null when no rows contributed or the sum is row-sparse. */
  public A gradSum() { return grad; }

  /** True when the gradient is held row-sparse in the first layer. */
  public boolean isRowSparse() { return rows0 != null; }

  boolean isEmpty() { return grad == null && rows0 == null; }

  /**
   * Replaces the dense gradient by its row-sparse form when that is smaller: the rows
   * {@code touched} (sorted) of W₀ (d × h at offset 0) and the dense tail. True when it did: the
   * dense array is no longer referenced, and its values were copied.
   */
  boolean compressRows(Kernels<A> k, int[] touched, int d, int h) {
    int p = k.length(grad);
    long sparse = (long) touched.length * h + (p - (long) d * h);
    if (sparse >= p) {
      return false;
    }
    A values = k.alloc(touched.length * h);
    for (int i = 0; i < touched.length; i++) {
      k.copy(grad, touched[i] * h, values, i * h, h);
    }
    A rest = k.alloc(p - d * h);
    k.copy(grad, d * h, rest, 0, p - d * h);
    rows0 = touched;
    w0 = values;
    tail = rest;
    grad = null;
    return true;
  }

  /**
   * this += other, element by element in that order (this holds the partitions before other's):
   * dense with dense, row-sparse with row-sparse (a sorted merge of the rows), else both dense.
   */
  void add(Kernels<A> k, StepPartial<A> other, int d, int h) {
    rows += other.rows;
    weightSum += other.weightSum;
    lossSum += other.lossSum;
    correct += other.correct;
    computeNanos = Math.max(computeNanos, other.computeNanos);
    computeEndNanos = Math.max(computeEndNanos, other.computeEndNanos);
    if (other.isEmpty()) {
      return;
    }
    if (isEmpty()) {
      grad = other.grad;
      rows0 = other.rows0;
      w0 = other.w0;
      tail = other.tail;
      return;
    }
    if (isRowSparse() && other.isRowSparse()) {
      mergeRows(k, other, h);
      return;
    }
    densify(k, d, h);
    if (other.isRowSparse()) {
      for (int i = 0; i < other.rows0.length; i++) {
        // g[k,:] += 1 · g_other[k,:] for the rows the other touched
        k.axpy(h, 1.0, other.w0, i * h, grad, other.rows0[i] * h);
      }
      // g[tail] += 1 · g_other[tail]
      k.axpy(k.length(other.tail), 1.0, other.tail, 0, grad, d * h);
    } else {
      // g[n] += 1 · g_other[n]
      k.axpy(k.length(other.grad), 1.0, other.grad, 0, grad, 0);
    }
  }

  /**
   * {@code scale}·Σ_b ∂ℓ_b/∂θ in float64 (each value widened, then multiplied), into {@code out}
   * (θ's length), which holds the previous result: zero outside {@code previous}. Only
   * {@code previous} and the new sum's spans are written, so a row-sparse sum costs what its batch
   * touched. Returns the new spans: out is zero outside them.
   */
  TouchedSpans toDoubles(Kernels<A> k, int d, int h, double scale, double[] out, TouchedSpans previous) {
    if (!isRowSparse()) {
      if (grad == null) {
        previous.zero(out);
        return TouchedSpans.of(new int[0], d, h, out.length);
      }
      k.toDoubles(grad, scale, out);
      return TouchedSpans.all(out.length);
    }
    previous.zero(out);
    for (int i = 0; i < rows0.length; i++) {
      int base = rows0[i] * h;
      for (int j = 0; j < h; j++) {
        out[base + j] = k.get(w0, i * h + j) * scale;
      }
    }
    for (int i = 0, n = k.length(tail); i < n; i++) {
      out[d * h + i] = k.get(tail, i) * scale;
    }
    return TouchedSpans.of(rows0, d, h, out.length);
  }

  private void densify(Kernels<A> k, int d, int h) {
    if (!isRowSparse()) {
      return;
    }
    A full = k.alloc(d * h + k.length(tail));
    for (int i = 0; i < rows0.length; i++) {
      k.copy(w0, i * h, full, rows0[i] * h, h);
    }
    k.copy(tail, 0, full, d * h, k.length(tail));
    grad = full;
    rows0 = null;
    w0 = null;
    tail = null;
  }

  private void mergeRows(Kernels<A> k, StepPartial<A> other, int h) {
    int[] a = rows0, b = other.rows0;
    int[] merged = new int[a.length + b.length];
    int n = 0;
    for (int i = 0, j = 0; i < a.length || j < b.length; ) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        merged[n++] = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        merged[n++] = b[j++];
      } else {
        merged[n++] = a[i];
        i++;
        j++;
      }
    }
    A values = k.alloc(n * h);
    for (int r = 0, i = 0, j = 0; r < n; r++) {
      int row = merged[r];
      boolean inA = i < a.length && a[i] == row, inB = j < b.length && b[j] == row;
      if (inA) {
        k.copy(w0, i++ * h, values, r * h, h);
      }
      if (inB && inA) {
        // g[k,:] += 1 · g_other[k,:] where both touched row k
        k.axpy(h, 1.0, other.w0, j++ * h, values, r * h);
      } else if (inB) {
        k.copy(other.w0, j++ * h, values, r * h, h);
      }
    }
    rows0 = java.util.Arrays.copyOf(merged, n);
    w0 = values;
    // g[tail] += 1 · g_other[tail]
    k.axpy(k.length(tail), 1.0, other.tail, 0, tail, 0);
  }
}
