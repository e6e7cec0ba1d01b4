package io.sparkmlp.linalg;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The child side of {@link KernelProbe}: run in a JVM of its own, with the candidate's
 * {@code OPENBLAS_CORETYPE} in its environment (fixed when OpenBLAS loads), it checks the loaded
 * kernels against a plain-Java GEMM and then times the shapes of a training step.
 *
 * <p>It prints one line on stdout: {@code kernel-timing ok <float32 GFLOP/s> <float64 GFLOP/s>},
 * or {@code kernel-timing wrong <what>} when a result is off, or {@code kernel-timing java} when
 * netlib did not bind a native BLAS. Exit 0 in all three cases; a kernel that crashes the JVM
 * (an illegal instruction) shows as a non-zero exit to the parent.
 */
public final class KernelTiming {
  /** The first layer of 784-300-100-10 at B = 1024: forward X[B×d]·W[d×h] and backward Xᵀ·dZ. */
  static final int B = 1024, D = 784, H = 300;
  private static final int WARMUP = 2, REPS = 5;

  private KernelTiming() {}

  public static void main(String[] args) {
    if (!Blas.isNative()) {
      System.out.println("kernel-timing java");
      return;
    }
    String wrong = check();
    if (wrong != null) {
      System.out.println("kernel-timing wrong " + wrong);
      return;
    }
    System.out.printf(Locale.ROOT, "kernel-timing ok %.1f %.1f%n", timeFloat(), timeDouble());
  }

  // ---------------------------------------------------------------- correctness

  /**
   * Every transpose combination, in both precisions, on odd sizes that leave kernel tails, plus
   * one block of the timed shape; null when all agree with the plain loop, else what is off.
   */
  static String check() {
    int[][] shapes = {{67, 45, 129}, {1, 300, 784}, {33, 17, 5}, {128, 96, 784}};
    for (int[] s : shapes) {
      for (Trans ta : Trans.values()) {
        for (Trans tb : Trans.values()) {
          String w = checkOne(ta, tb, s[0], s[1], s[2]);
          if (w != null) {
            return w;
          }
        }
      }
    }
    return null;
  }

  private static String checkOne(Trans ta, Trans tb, int m, int n, int k) {
    SplittableRandom rnd = new SplittableRandom(31L * m + 7L * n + k);
    double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
    fill(rnd, a);
    fill(rnd, b);
    fill(rnd, c);
    float[] af = toFloat(a), bf = toFloat(b), cf = toFloat(c);
    int lda = ta == Trans.N ? k : m, ldb = tb == Trans.N ? n : k;
    double alpha = 0.75, beta = -0.5;
    double[] ref = c.clone(), bound = new double[m * n];
    reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, ref, bound);
    // C[m×n] = α·op(A)[m×k]·op(B)[k×n] + β·C, row-major, in each precision
    Blas.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, n);
    Blas.gemm(ta, tb, m, n, k, (float) alpha, af, 0, lda, bf, 0, ldb, (float) beta, cf, 0, n);
    for (int i = 0; i < m * n; i++) {
      // The standard rounding bound of a k-term dot product: k·ε·Σ|α·a·b| (+ the β term).
      double tol64 = 4 * (k + 2) * 0x1p-52 * bound[i], tol32 = 4 * (k + 2) * 0x1p-23 * bound[i];
      if (!(Math.abs(c[i] - ref[i]) <= tol64) || !(Math.abs(cf[i] - ref[i]) <= tol32)) {
        return String.format(Locale.ROOT, "gemm(%s,%s) %dx%dx%d: C[%d,%d] is %s (float64) and %s"
            + " (float32), expected %s", ta, tb, m, n, k, i / n, i % n, c[i], cf[i], ref[i]);
      }
    }
    return null;
  }

  /** ref = α·op(A)·op(B) + β·ref by plain loops in float64; bound gets Σ|α·a·b| + |β·c|. */
  private static void reference(Trans ta, Trans tb, int m, int n, int k, double alpha,
      double[] a, int lda, double[] b, int ldb, double beta, double[] ref, double[] bound) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0, abs = 0;
        for (int p = 0; p < k; p++) {
          double x = ta == Trans.N ? a[i * lda + p] : a[p * lda + i];
          double y = tb == Trans.N ? b[p * ldb + j] : b[j * ldb + p];
          s += x * y;
          abs += Math.abs(x * y);
        }
        bound[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * ref[i * n + j]);
        ref[i * n + j] = alpha * s + beta * ref[i * n + j];
      }
    }
  }

  // ---------------------------------------------------------------- timing

  /** float32 GFLOP/s of forward plus backward GEMM, median of {@value #REPS} after warm-up. */
  private static double timeFloat() {
    float[] x = toFloat(random(B * D)), w = toFloat(random(D * H)), z = new float[B * H];
    float[] dw = new float[D * H];
    double[] t = new double[REPS];
    for (int r = -WARMUP; r < REPS; r++) {
      long t0 = System.nanoTime();
      // (1) Z[B×h] = X[B×d] · W[d×h]
      Blas.gemm(Trans.N, Trans.N, B, H, D, 1f, x, 0, D, w, 0, H, 0f, z, 0, H);
      // (4) dW[d×h] = Xᵀ[d×B] · dZ[B×h]   (Z stands in for dZ)
      Blas.gemm(Trans.T, Trans.N, D, H, B, 1f, x, 0, D, z, 0, H, 0f, dw, 0, H);
      if (r >= 0) {
        t[r] = System.nanoTime() - t0;
      }
    }
    return gflops(t);
  }

  /** The float64 twin of {@link #timeFloat()}. */
  private static double timeDouble() {
    double[] x = random(B * D), w = random(D * H), z = new double[B * H], dw = new double[D * H];
    double[] t = new double[REPS];
    for (int r = -WARMUP; r < REPS; r++) {
      long t0 = System.nanoTime();
      // (1) Z[B×h] = X[B×d] · W[d×h]
      Blas.gemm(Trans.N, Trans.N, B, H, D, 1.0, x, 0, D, w, 0, H, 0.0, z, 0, H);
      // (4) dW[d×h] = Xᵀ[d×B] · dZ[B×h]   (Z stands in for dZ)
      Blas.gemm(Trans.T, Trans.N, D, H, B, 1.0, x, 0, D, z, 0, H, 0.0, dw, 0, H);
      if (r >= 0) {
        t[r] = System.nanoTime() - t0;
      }
    }
    return gflops(t);
  }

  private static double gflops(double[] nanos) {
    Arrays.sort(nanos);
    return 2.0 * 2.0 * B * D * H / nanos[nanos.length / 2];
  }

  private static double[] random(int n) {
    double[] v = new double[n];
    fill(new SplittableRandom(n), v);
    return v;
  }

  private static void fill(SplittableRandom rnd, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble(-1, 1);
    }
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
