package io.sparkmlp.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Method;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only door to BLAS in sparkmlp, over {@code dev.ludovic.netlib}, in float64 and float32.
 *
 * <p>All matrices are row-major (see the package javadoc). The implementation is chosen once,
 * when this class loads, by the JVM system property {@value #PROPERTY}:
 * <ul>
 *   <li>unset, empty or {@code auto}: netlib's own choice, native OpenBLAS through JNI when the
 *       system has a {@code libblas.so.3} that netlib can bind, else netlib's pure-Java kernels
 *       ({@code VectorBLAS} on Java 16+, whose results depend on the CPU's vector width); the
 *       fallback is logged then, with the fix;
 *   <li>{@code f2j}: netlib's {@code F2jBLAS}, the reference Fortran BLAS translated to plain
 *       Java (no native code, no Vector API, no {@code Math.fma}), so that every call gives the
 *       same bits on any CPU, at a fraction of the native speed. For reproducibility checks,
 *       such as tests that pin trained weights; on a cluster it must reach the executors'
 *       JVMs too ({@code spark.executor.extraJavaOptions}).
 * </ul>
 * Any other value fails the class's initialisation with the values it accepts. Which OpenBLAS
 * kernel set runs is {@link BlasKernel}'s to say (and to warn about), at the first
 * {@link #describe()}. Every entry point checks its shapes against the arrays it is given and
 * throws {@link IllegalArgumentException} with the sizes; a call with an empty dimension is a
 * no-op apart from {@code beta}-scaling, exactly as BLAS defines it.
 */
public final class Blas {
  /** The system property that picks the implementation: {@code auto} (the default) or {@code f2j}. */
  public static final String PROPERTY = "sparkmlp.blas";
  /** The value of {@link #PROPERTY} that runs netlib's plain-Java reference kernels. */
  public static final String F2J = "f2j";

  private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
  private static final boolean FORCED_F2J = isF2j(System.getProperty(PROPERTY));
  private static final BLAS IMPL = FORCED_F2J ? f2j() : BLAS.getInstance();
  private static final boolean NATIVE = IMPL.getClass().getSimpleName().equals("JNIBLAS");

  static {
    if (FORCED_F2J) {
      LOG.info("BLAS: {}", describe());
    } else if (!NATIVE) {
      LOG.warn("BLAS: {}", describe());
    }
  }

  private Blas() {}

  /**
   * True for {@value #F2J}, false for null, empty or {@code auto} (any case, spaces trimmed).
   *
   * @throws IllegalArgumentException for any other value, naming the property and the values
   *     it accepts
   */
  static boolean isF2j(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty() || v.equals("auto")) {
      return false;
    }
    if (v.equals(F2J)) {
      return true;
    }
    throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected auto (netlib's"
        + " choice, native when it loads) or " + F2J + " (netlib's plain-Java F2jBLAS, the same bits"
        + " on any CPU)");
  }

  /**
   * netlib's {@code F2jBLAS} singleton. The class is package-private in netlib 3.0.3 (only its
   * {@code getInstance()} is public), hence the reflection; it does not load the native library.
   */
  static BLAS f2j() {
    String name = "dev.ludovic.netlib.blas.F2jBLAS";
    try {
      Method get = Class.forName(name).getMethod("getInstance");
      get.setAccessible(true);
      return (BLAS) get.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + F2J + " needs " + name
          + ".getInstance() of dev.ludovic.netlib:blas 3.x (and org.netlib.blas from"
          + " arpack_combined_all) on the class path, but it failed: " + e, e);
    }
  }

  /** True when the native OpenBLAS (through JNI) is in use; false under {@code -Dsparkmlp.blas=f2j}. */
  public static boolean isNative() {
    return NATIVE;
  }

  /** The netlib class that runs the kernels, e.g. {@code JNIBLAS}, {@code VectorBLAS} or {@code F2jBLAS}. */
  public static String implementationName() {
    return IMPL.getClass().getSimpleName();
  }

  /**
   * One line, for people: which BLAS runs, which OpenBLAS kernel set and how it was chosen
   * ({@link BlasKernel}, worked out at the first call), and how to get the fast one when it is not
   * (unless {@value #PROPERTY} chose the Java reference kernels, which it then says).
   */
  public static String describe() {
    if (FORCED_F2J) {
      return "plain-Java reference BLAS on purpose (dev.ludovic.netlib " + implementationName()
          + ", chosen by -D" + PROPERTY + "=" + F2J + "): the same bits on any CPU, many times"
          + " slower than native";
    }
    if (NATIVE) {
      BlasKernel.Report k = BlasKernel.here();
      if (k.source().equals("unknown")) {
        return "native BLAS through JNI (dev.ludovic.netlib " + implementationName() + "), " + k.detail();
      }
      return "native OpenBLAS through JNI (dev.ludovic.netlib " + implementationName() + "), " + k.detail()
          + (k.warning() == null ? "" : ". WARNING: " + k.warning());
    }
    return "Java fallback (dev.ludovic.netlib " + implementationName() + "), 4-18x slower than native."
        + " No native BLAS was found: install it with `apt-get install libopenblas0-pthread`"
        + " (or run scripts/setup.sh as root).";
  }

  // ---------------------------------------------------------------- GEMM

  /**
   * C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, all row-major.
   *
   * <p>A is stored m×k (lda ≥ k) when {@code ta == N}, k×m (lda ≥ m) when {@code ta == T};
   * likewise B is k×n (ldb ≥ n) or n×k (ldb ≥ k); C is m×n with ldc ≥ n. C is overwritten.
   */
  public static void gemm(Trans ta, Trans tb, int m, int n, int k, double alpha,
      double[] a, int offA, int lda, double[] b, int offB, int ldb,
      double beta, double[] c, int offC, int ldc) {
    checkGemm(ta, tb, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scaleRows(m, n, beta, c, offC, ldc);
      return;
    }
    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: same flags, operands swapped.
    IMPL.dgemm(tb.flag(), ta.flag(), n, m, k, alpha, b, offB, ldb, a, offA, lda, beta, c, offC, ldc);
  }

  /** The float32 twin of {@link #gemm(Trans, Trans, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}. */
  public static void gemm(Trans ta, Trans tb, int m, int n, int k, float alpha,
      float[] a, int offA, int lda, float[] b, int offB, int ldb,
      float beta, float[] c, int offC, int ldc) {
    checkGemm(ta, tb, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scaleRows(m, n, beta, c, offC, ldc);
      return;
    }
    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: same flags, operands swapped.
    IMPL.sgemm(tb.flag(), ta.flag(), n, m, k, alpha, b, offB, ldb, a, offA, lda, beta, c, offC, ldc);
  }

  // ---------------------------------------------------------------- GEMV

  /**
   * y = alpha · op(A) · x + beta · y, with A row-major m×n (lda ≥ n).
   * For {@code t == N}, x has n entries and y has m; for {@code t == T}, x has m and y has n.
   * Unit strides.
   */
  public static void gemv(Trans t, int m, int n, double alpha, double[] a, int offA, int lda,
      double[] x, int offX, double beta, double[] y, int offY) {
    checkGemv(t, m, n, a.length, offA, lda, x.length, offX, y.length, offY);
    if (m == 0 || n == 0) {
      return;
    }
    // Row-major A[m×n] is column-major Aᵀ[n×m]: op flips.
    IMPL.dgemv(t == Trans.N ? "T" : "N", n, m, alpha, a, offA, lda, x, offX, 1, beta, y, offY, 1);
  }

  /** The float32 twin of {@link #gemv(Trans, int, int, double, double[], int, int, double[], int, double, double[], int)}. */
  public static void gemv(Trans t, int m, int n, float alpha, float[] a, int offA, int lda,
      float[] x, int offX, float beta, float[] y, int offY) {
    checkGemv(t, m, n, a.length, offA, lda, x.length, offX, y.length, offY);
    if (m == 0 || n == 0) {
      return;
    }
    // Row-major A[m×n] is column-major Aᵀ[n×m]: op flips.
    IMPL.sgemv(t == Trans.N ? "T" : "N", n, m, alpha, a, offA, lda, x, offX, 1, beta, y, offY, 1);
  }

  // ---------------------------------------------------------------- level 1

  /** y[offY .. offY+n) += alpha · x[offX .. offX+n). */
  public static void axpy(int n, double alpha, double[] x, int offX, double[] y, int offY) {
    checkRange("x", x.length, offX, n);
    checkRange("y", y.length, offY, n);
    if (n > 0) {
      IMPL.daxpy(n, alpha, x, offX, 1, y, offY, 1);
    }
  }

  /** y[offY .. offY+n) += alpha · x[offX .. offX+n), float32. */
  public static void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
    checkRange("x", x.length, offX, n);
    checkRange("y", y.length, offY, n);
    if (n > 0) {
      IMPL.saxpy(n, alpha, x, offX, 1, y, offY, 1);
    }
  }

  /** x[offX .. offX+n) *= alpha. */
  public static void scal(int n, double alpha, double[] x, int offX) {
    checkRange("x", x.length, offX, n);
    if (n > 0) {
      IMPL.dscal(n, alpha, x, offX, 1);
    }
  }

  /** x[offX .. offX+n) *= alpha, float32. */
  public static void scal(int n, float alpha, float[] x, int offX) {
    checkRange("x", x.length, offX, n);
    if (n > 0) {
      IMPL.sscal(n, alpha, x, offX, 1);
    }
  }

  /** Σ x[offX+i]·y[offY+i] over i < n. */
  public static double dot(int n, double[] x, int offX, double[] y, int offY) {
    checkRange("x", x.length, offX, n);
    checkRange("y", y.length, offY, n);
    return n == 0 ? 0.0 : IMPL.ddot(n, x, offX, 1, y, offY, 1);
  }

  /** Σ x[offX+i]·y[offY+i] over i < n, float32 (accumulated as BLAS does). */
  public static float dot(int n, float[] x, int offX, float[] y, int offY) {
    checkRange("x", x.length, offX, n);
    checkRange("y", y.length, offY, n);
    return n == 0 ? 0f : IMPL.sdot(n, x, offX, 1, y, offY, 1);
  }

  /** The Euclidean norm of x[offX .. offX+n). */
  public static double nrm2(int n, double[] x, int offX) {
    checkRange("x", x.length, offX, n);
    return n == 0 ? 0.0 : IMPL.dnrm2(n, x, offX, 1);
  }

  /** The Euclidean norm of x[offX .. offX+n), float32. */
  public static float nrm2(int n, float[] x, int offX) {
    checkRange("x", x.length, offX, n);
    return n == 0 ? 0f : IMPL.snrm2(n, x, offX, 1);
  }

  // ---------------------------------------------------------------- checks

  private static void checkGemm(Trans ta, Trans tb, int m, int n, int k,
      int lenA, int offA, int lda, int lenB, int offB, int ldb, int lenC, int offC, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "gemm: dimensions must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
    }
    String shape = " in gemm(" + ta + "," + tb + ") with m=" + m + ", n=" + n + ", k=" + k;
    checkMatrix("A", ta == Trans.N ? m : k, ta == Trans.N ? k : m, lenA, offA, lda, shape);
    checkMatrix("B", tb == Trans.N ? k : n, tb == Trans.N ? n : k, lenB, offB, ldb, shape);
    checkMatrix("C", m, n, lenC, offC, ldc, shape);
  }

  private static void checkGemv(Trans t, int m, int n,
      int lenA, int offA, int lda, int lenX, int offX, int lenY, int offY) {
    if (m < 0 || n < 0) {
      throw new IllegalArgumentException("gemv: dimensions must be >= 0, got m=" + m + ", n=" + n);
    }
    String shape = " in gemv(" + t + ") with A " + m + "×" + n;
    checkMatrix("A", m, n, lenA, offA, lda, shape);
    checkRange("x", lenX, offX, t == Trans.N ? n : m);
    checkRange("y", lenY, offY, t == Trans.N ? m : n);
  }

  /** A stored rows×cols row-major at off with leading dimension ld must fit in len. */
  private static void checkMatrix(String name, int rows, int cols, int len, int off, int ld,
      String where) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException("ld" + name.toLowerCase() + "=" + ld + " but " + name
          + " is stored " + rows + "×" + cols + " (row-major), so it needs ld >= " + Math.max(1, cols)
          + where);
    }
    long need = rows == 0 || cols == 0 ? 0 : (long) off + (long) (rows - 1) * ld + cols;
    if (off < 0 || need > len) {
      throw new IllegalArgumentException(name + " is " + rows + "×" + cols + " at offset " + off
          + " with ld=" + ld + ", which needs " + need + " elements, but its array has " + len
          + where);
    }
  }

  private static void checkRange(String name, int len, int off, int n) {
    if (n < 0 || off < 0 || (long) off + n > len) {
      throw new IllegalArgumentException(name + "[" + off + " .. " + ((long) off + n)
          + ") is out of its array of length " + len + " (n=" + n + ")");
    }
  }

  /** C = beta·C for k = 0; beta = 0 clears C (even NaN), as BLAS defines it. */
  private static void scaleRows(int m, int n, double beta, double[] c, int off, int ldc) {
    for (int i = 0; i < m; i++) {
      if (beta == 0.0) {
        java.util.Arrays.fill(c, off + i * ldc, off + i * ldc + n, 0.0);
      } else {
        scal(n, beta, c, off + i * ldc);
      }
    }
  }

  private static void scaleRows(int m, int n, float beta, float[] c, int off, int ldc) {
    for (int i = 0; i < m; i++) {
      if (beta == 0f) {
        java.util.Arrays.fill(c, off + i * ldc, off + i * ldc + n, 0f);
      } else {
        scal(n, beta, c, off + i * ldc);
      }
    }
  }
}
