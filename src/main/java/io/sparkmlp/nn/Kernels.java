package io.sparkmlp.nn;

import io.sparkmlp.linalg.Trans;
import java.io.Serializable;

/**
 * The array operations of one precision, so that the engine ({@link DenseLayer},
 * {@link Network}, {@link Workspace}) is written once for both. {@code A} is {@code double[]}
 * ({@link #F64}) or {@code float[]} ({@link #F32}). All matrices are row-major; BLAS calls go
 * through {@link io.sparkmlp.linalg.Blas}.
 *
 * <p>A {@code Kernels<A>} is also the typed token of its precision: code that is generic in
 * {@code A} carries one where it would carry a {@link Precision}, so that the compiler, not a
 * cast, ties the arrays to their kernels. A configured name becomes one in one place,
 * {@link Precision#kernels()}. There are two instances, {@link #F64} and {@link #F32}; they are
 * stateless and Serializable (so Spark functions can hold one), and deserialize to the same
 * instance.
 *
 * @param <A> the primitive array type holding this precision's numbers
 */
public interface Kernels<A> extends Serializable {
  /** float64: for verification and where accuracy matters more than speed. */
  Kernels<double[]> F64 = new F64Kernels();
  /** float32: the default for training (sgemm runs about 2.2× faster than dgemm here). */
  Kernels<float[]> F32 = new F32Kernels();

  Precision precision();

  /** A zero-filled array of n elements. */
  A alloc(int n);

  int length(A a);

  /** a[off .. off+n) ← 0. */
  void zero(A a, int off, int n);

  void copy(A src, int srcOff, A dst, int dstOff, int n);

  double get(A a, int i);

  void set(A a, int i, double v);

  /** A new array holding {@code src} rounded to this precision. */
  A fromDoubles(double[] src);

  /** dst[i] ← src[i] for every i of src. */
  void toDoubles(A src, double[] dst);

  /** dst[i] = scale·src[i], each value widened to float64 first; dst has src's length. */
  void toDoubles(A src, double scale, double[] dst);

  /** C = alpha·op(A)·op(B) + beta·C; see {@link io.sparkmlp.linalg.Blas#gemm}. */
  void gemm(Trans ta, Trans tb, int m, int n, int k, double alpha, A a, int offA, int lda,
      A b, int offB, int ldb, double beta, A c, int offC, int ldc);

  /** y = alpha·op(A)·x + beta·y; see {@link io.sparkmlp.linalg.Blas#gemv}. */
  void gemv(Trans t, int m, int n, double alpha, A a, int offA, int lda, A x, int offX,
      double beta, A y, int offY);

  /** y[offY..+n) += alpha·x[offX..+n). */
  void axpy(int n, double alpha, A x, int offX, A y, int offY);

  /** x[off..+n) *= alpha. */
  void scal(int n, double alpha, A x, int off);

  /** ‖x[off..+n)‖₂. */
  double nrm2(int n, A x, int off);

  /** For each of {@code rows} rows of width {@code cols}: z ← z + b, y ← φ(z) (eq. 1, fused). */
  void biasActivate(Activation act, A z, A b, int offB, A y, int rows, int cols);

  /** dz[0..n) ← dy ⊙ φ′(z) (eq. 2). */
  void activationBackward(Activation act, A z, A y, A dy, A dz, int n);

  /**
   * See {@link Loss#sumAndGradient(double[], int, int, int[], double[], double[], double, double[])};
   * {@code weights} null for w_b = 1.
   */
  double lossSumAndGradient(Loss loss, A s, int rows, int k, int[] labels, A targets,
      double[] weights, double scale, A ds);

  /** See {@link Loss#output(double[], int, int, double[])}. */
  void lossOutput(Loss loss, A s, int rows, int k, A p);
}
