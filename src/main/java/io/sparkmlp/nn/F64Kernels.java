package io.sparkmlp.nn;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.linalg.Trans;
import java.util.Arrays;

/** {@link Kernels} over {@code double[]}. */
final class F64Kernels implements Kernels<double[]> {
  private static final long serialVersionUID = 1L;

  /** The one instance, {@link Kernels#F64}, also after deserialization. */
  private Object readResolve() { return Kernels.F64; }

  @Override public Precision precision() { return Precision.FLOAT64; }
  @Override public double[] alloc(int n) { return new double[n]; }
  @Override public int length(double[] a) { return a.length; }
  @Override public void zero(double[] a, int off, int n) { Arrays.fill(a, off, off + n, 0.0); }
  @Override public void copy(double[] s, int so, double[] d, int dO, int n) { System.arraycopy(s, so, d, dO, n); }
  @Override public double get(double[] a, int i) { return a[i]; }
  @Override public void set(double[] a, int i, double v) { a[i] = v; }
  @Override public double[] fromDoubles(double[] src) { return src.clone(); }
  @Override public void toDoubles(double[] src, double[] dst) { System.arraycopy(src, 0, dst, 0, src.length); }

  @Override
  public void toDoubles(double[] src, double scale, double[] dst) {
    for (int i = 0; i < src.length; i++) { dst[i] = src[i] * scale; }
  }

  @Override
  public void gemm(Trans ta, Trans tb, int m, int n, int k, double alpha, double[] a, int offA,
      int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
    Blas.gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
  }

  @Override
  public void gemv(Trans t, int m, int n, double alpha, double[] a, int offA, int lda,
      double[] x, int offX, double beta, double[] y, int offY) {
    Blas.gemv(t, m, n, alpha, a, offA, lda, x, offX, beta, y, offY);
  }

  @Override public void axpy(int n, double alpha, double[] x, int ox, double[] y, int oy) { Blas.axpy(n, alpha, x, ox, y, oy); }
  @Override public void scal(int n, double alpha, double[] x, int off) { Blas.scal(n, alpha, x, off); }
  @Override public double nrm2(int n, double[] x, int off) { return Blas.nrm2(n, x, off); }

  @Override
  public void biasActivate(Activation act, double[] z, double[] b, int offB, double[] y, int rows, int cols) {
    for (int r = 0, o = 0; r < rows; r++, o += cols) {
      act.forward(z, o, b, offB, y, o, cols);
    }
  }

  @Override
  public void activationBackward(Activation act, double[] z, double[] y, double[] dy, double[] dz, int n) {
    act.backward(z, y, dy, dz, 0, n);
  }

  @Override
  public double lossSumAndGradient(Loss loss, double[] s, int rows, int k, int[] labels,
      double[] targets, double[] weights, double scale, double[] ds) {
    return loss.sumAndGradient(s, rows, k, labels, targets, weights, scale, ds);
  }

  @Override
  public void lossOutput(Loss loss, double[] s, int rows, int k, double[] p) {
    loss.output(s, rows, k, p);
  }
}
