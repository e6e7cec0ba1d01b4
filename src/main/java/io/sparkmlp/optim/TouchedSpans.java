package io.sparkmlp.optim;

/**
 * Where a step's gradient can be nonzero in θ's flat layout: either everywhere, or the rows
 * {@code rows0} (sorted, distinct) of W₀, the (d × h) block at the start of θ (row r is
 * [r·h, r·h + h)), followed by everything after W₀, [d·h, n). A sparse batch's gradient is exactly
 * zero outside its spans, so a sum, a norm or a scaling over the spans in index order gives the
 * bits of the same loop over the whole array (adding +0.0 changes no sum), at the cost of what the
 * batch touched.
 */
public final class TouchedSpans {
  private final int[] rows0;
  private final int h;
  private final int tailStart;
  private final int n;

  private TouchedSpans(int[] rows0, int d, int h, int n) {
    this.rows0 = rows0;
    this.h = h;
    this.tailStart = rows0 == null ? 0 : d * h;
    this.n = n;
  }

  /** The whole array [0, n). */
  public static TouchedSpans all(int n) {
    return new TouchedSpans(null, 0, 0, n);
  }

  /** The rows {@code rows0} of W₀ (d × h) and [d·h, n); the whole array when rows0 is null. */
  public static TouchedSpans of(int[] rows0, int d, int h, int n) {
    if (rows0 != null && (long) d * h > n) {
      throw new IllegalArgumentException("W₀ of " + d + " × " + h + " does not fit in " + n + " parameters");
    }
    return new TouchedSpans(rows0, d, h, n);
  }

  /** The touched rows of W₀, sorted, or null when the spans are the whole array. */
  public int[] rows0() {
    return rows0;
  }

  public boolean isAll() {
    return rows0 == null;
  }

  /** Number of elements inside the spans. */
  public long size() {
    return rows0 == null ? n : (long) rows0.length * h + (n - tailStart);
  }

  /** Σ g[i]² over the spans within [from, to), in index order. */
  public double sumOfSquares(double[] g, int from, int to) {
    double sum = 0.0;
    if (rows0 != null) {
      for (int r : rows0) {
        for (int i = Math.max(from, r * h), e = Math.min(to, r * h + h); i < e; i++) {
          sum += g[i] * g[i];
        }
      }
    }
    for (int i = Math.max(from, tailStart), e = Math.min(to, n); i < e; i++) {
      sum += g[i] * g[i];
    }
    return sum;
  }

  /** Σ (g[i] / divisor)² over the spans, in index order. */
  public double sumOfSquares(double[] g, double divisor) {
    double sum = 0.0;
    if (rows0 != null) {
      for (int r : rows0) {
        for (int i = r * h; i < r * h + h; i++) {
          double y = g[i] / divisor;
          sum += y * y;
        }
      }
    }
    for (int i = tailStart; i < n; i++) {
      double y = g[i] / divisor;
      sum += y * y;
    }
    return sum;
  }

  /** max |g[i]| over the spans. */
  public double maxAbs(double[] g) {
    double max = 0.0;
    if (rows0 != null) {
      for (int r : rows0) {
        for (int i = r * h; i < r * h + h; i++) {
          max = Math.max(max, Math.abs(g[i]));
        }
      }
    }
    for (int i = tailStart; i < n; i++) {
      max = Math.max(max, Math.abs(g[i]));
    }
    return max;
  }

  /** g[i] ← s·g[i] over the spans; the rest of g is not touched. */
  public void scale(double[] g, double s) {
    if (rows0 != null) {
      for (int r : rows0) {
        for (int i = r * h; i < r * h + h; i++) {
          g[i] *= s;
        }
      }
    }
    for (int i = tailStart; i < n; i++) {
      g[i] *= s;
    }
  }

  /** g[i] ← 0 over the spans; the rest of g is not touched. */
  public void zero(double[] g) {
    if (rows0 != null) {
      for (int r : rows0) {
        java.util.Arrays.fill(g, r * h, r * h + h, 0.0);
      }
    }
    java.util.Arrays.fill(g, tailStart, n, 0.0);
  }

  @Override
  public String toString() {
    return rows0 == null ? "all " + n : rows0.length + " rows of W₀ and [" + tailStart + ", " + n + ")";
  }
}
