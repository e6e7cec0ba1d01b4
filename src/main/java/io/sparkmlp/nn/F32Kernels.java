package io.sparkmlp.nn;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.linalg.Trans;
import java.util.Arrays;

/** {@link Kernels} over {@code float[]}; scalars arrive as double and are rounded once. */
final class F32Kernels implements Kernels<float[]> {
  private static final long serialVersionUID = 1L;

  /** The one instance, {@link Kernels#F32}, also after deserialization. */
  private Object readResolve() { return Kernels.F32; }

  @Override public Precision precision() { return Precision.FLOAT32; }
  @Override public float[] alloc(int n) { return new float[n]; }
  @Override public int length(float[] a) { return a.length; }
  @Override public void zero(float[] a, int off, int n) { Arrays.fill(a, off, off + n, 0f); }
  @Override public void copy(float[] s, int so, float[] d, int dO, int n) { System.arraycopy(s, so, d, dO, n); }
  @Override public double get(float[] a, int i) { return a[i]; }
  @Override public void set(float[] a, int i, double v) { a[i] = (float) v; }
  @Override
  public float[] fromDoubles(double[] src) {
    float[] f = new float[src.length];
    for (int i = 0; i < src.length; i++) { f[i] = (float) src[i]; }
    return f;
  }

  @Override
  public void toDoubles(float[] src, double[] dst) {
    for (int i = 0; i < src.length; i++) { dst[i] = src[i]; }
  }

  @Override
  public void toDoubles(float[] src, double scale, double[] dst) {
    for (int i = 0; i < src.length; i++) { dst[i] = src[i] * scale; }
  }

  @Override
  public void gemm(Trans ta, Trans tb, int m, int n, int k, double alpha, float[] a, int offA,
      int lda, float[] b, int offB, int ldb, double beta, float[] c, int offC, int ldc) {
    Blas.gemm(ta, tb, m, n, k, (float) alpha, a, offA, lda, b, offB, ldb, (float) beta, c, offC, ldc);
  }

  @Override
  public void gemv(Trans t, int m, int n, double alpha, float[] a, int offA, int lda,
      float[] x, int offX, double beta, float[] y, int offY) {
    Blas.gemv(t, m, n, (float) alpha, a, offA, lda, x, offX, (float) beta, y, offY);
  }

  @Override public void axpy(int n, double alpha, float[] x, int ox, float[] y, int oy) { Blas.axpy(n, (float) alpha, x, ox, y, oy); }
  @Override public void scal(int n, double alpha, float[] x, int off) { Blas.scal(n, (float) alpha, x, off); }
  @Override public double nrm2(int n, float[] x, int off) { return Blas.nrm2(n, x, off); }

  @Override
  public void biasActivate(Activation act, float[] z, float[] b, int offB, float[] y, int rows, int cols) {
    for (int r = 0, o = 0; r < rows; r++, o += cols) {
      act.forward(z, o, b, offB, y, o, cols);
    }
  }

  @Override
  public void activationBackward(Activation act, float[] z, float[] y, float[] dy, float[] dz, int n) {
    act.backward(z, y, dy, dz, 0, n);
  }

  @Override
  public double lossSumAndGradient(Loss loss, float[] s, int rows, int k, int[] labels,
      float[] targets, double[] weights, double scale, float[] ds) {
    return loss.sumAndGradient(s, rows, k, labels, targets, weights, scale, ds);
  }

  @Override
  public void lossOutput(Loss loss, float[] s, int rows, int k, float[] p) {
    loss.output(s, rows, k, p);
  }
}
