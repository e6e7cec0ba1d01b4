package io.sparkmlp.bench;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.linalg.Trans;
import java.util.Locale;

/**
 * Which BLAS MLlib's MLP computes with, checked rather than assumed: its layers call
 * {@code org.apache.spark.ml.linalg.BLAS.nativeBLAS().dgemm} (through {@code ann.BreezeUtil}),
 * a dev.ludovic.netlib instance as ours is. Both run in this JVM, so they bind the same
 * {@code libblas.so.3} with the same {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_NUM_THREADS};
 * the dgemm below, one thread, on the shape of MLlib's first layer for a 1024-row batch, is timed
 * through MLlib's {@code ml.linalg.BLAS.gemm} (which calls that instance's dgemm; only our façade
 * may call netlib itself) and through our façade, to show the same kernel runs.
 */
final class MllibBlas {
  private static final int M = 300;
  private static final int N = 1024;
  private static final int K = 784;

  private MllibBlas() {}

  /** One line for the report: MLlib's instance, whether it is ours, and both dgemm rates. */
  static String describe() {
    org.apache.spark.ml.linalg.BLAS$ blas = org.apache.spark.ml.linalg.BLAS$.MODULE$;
    String mllib = ((Object) blas.nativeBLAS()).getClass().getSimpleName();
    double[] a = fill(M * K);
    double[] b = fill(K * N);
    double[] c = new double[M * N];
    // column-major views of the same arrays, as MLlib's layers hold their blocks
    org.apache.spark.ml.linalg.DenseMatrix ma = new org.apache.spark.ml.linalg.DenseMatrix(M, K, a);
    org.apache.spark.ml.linalg.DenseMatrix mb = new org.apache.spark.ml.linalg.DenseMatrix(K, N, b);
    org.apache.spark.ml.linalg.DenseMatrix mc = new org.apache.spark.ml.linalg.DenseMatrix(M, N, c);
    double[] theirs = new double[7];
    double[] ours = new double[7];
    for (int i = 0; i < theirs.length + 2; i++) {
      long t0 = System.nanoTime();
      // MLlib's, column-major: C[M×N] = A[M×K] · B[K×N]   nativeBLAS.dgemm("N", "N")
      blas.gemm(1.0, ma, mb, 0.0, mc);
      long t1 = System.nanoTime();
      // ours, row-major: C[M×N] = A[M×K] · B[K×N]                  gemm(N, N)
      Blas.gemm(Trans.N, Trans.N, M, N, K, 1.0, a, 0, K, b, 0, N, 0.0, c, 0, N);
      long t2 = System.nanoTime();
      if (i >= 2) {
        theirs[i - 2] = t1 - t0;
        ours[i - 2] = t2 - t1;
      }
    }
    double gflop = 2.0 * M * N * K / 1e9;
    return String.format(Locale.ROOT, "MLlib's ml.linalg.BLAS.nativeBLAS is dev.ludovic.netlib %s (ours %s%s), "
        + "same JVM, so the same OpenBLAS library, OPENBLAS_CORETYPE=%s and OPENBLAS_NUM_THREADS=%s; dgemm "
        + "%dx%dx%d, one thread: %.1f GFLOP/s through MLlib's, %.1f through ours", mllib,
        Blas.implementationName(), mllib.equals(Blas.implementationName())
            ? ", the same class" : ", a DIFFERENT class",
        System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"),
        System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"), M, K, N,
        gflop / (Stats.median(theirs) / 1e9), gflop / (Stats.median(ours) / 1e9));
  }

  private static double[] fill(int n) {
    double[] v = new double[n];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble(-1, 1);
    }
    return v;
  }
}
