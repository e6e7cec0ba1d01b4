package io.sparkmlp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The façade against naive row-major loops, every transpose combination, with offsets and lds. */
class BlasTest {
  private static final Random RNG = new Random(42);

  private static double[] randomD(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = RNG.nextGaussian();
    return a;
  }

  private static float[] toF(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }

  /** op(M)(i, j) for a row-major stored M with leading dimension ld at off. */
  private static double at(double[] m, int off, int ld, Trans t, int i, int j) {
    return t == Trans.N ? m[off + i * ld + j] : m[off + j * ld + i];
  }

  @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4}")
  @CsvSource({
      "N,N,3,4,5", "N,T,3,4,5", "T,N,3,4,5", "T,T,3,4,5",
      "N,N,1,7,2", "T,T,6,1,3", "N,T,5,5,1", "T,N,2,3,8"})
  void gemmMatchesNaiveLoopsInBothPrecisions(Trans ta, Trans tb, int m, int n, int k) {
    int rowsA = ta == Trans.N ? m : k, colsA = ta == Trans.N ? k : m;
    int rowsB = tb == Trans.N ? k : n, colsB = tb == Trans.N ? n : k;
    int lda = colsA + 2, ldb = colsB + 3, ldc = n + 1;
    int offA = 3, offB = 5, offC = 7;
    double[] a = randomD(offA + rowsA * lda);
    double[] b = randomD(offB + rowsB * ldb);
    double[] c = randomD(offC + m * ldc);
    double alpha = 1.5, beta = -0.5;

    double[] expected = c.clone();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) s += at(a, offA, lda, ta, i, p) * at(b, offB, ldb, tb, p, j);
        expected[offC + i * ldc + j] = alpha * s + beta * c[offC + i * ldc + j];
      }
    }
    double[] cd = c.clone();
    Blas.gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, cd, offC, ldc);
    float[] cf = toF(c);
    Blas.gemm(ta, tb, m, n, k, (float) alpha, toF(a), offA, lda, toF(b), offB, ldb, (float) beta,
        cf, offC, ldc);
    for (int i = 0; i < c.length; i++) {
      // padding between rows and before offC must be untouched
      assertEquals(expected[i], cd[i], 1e-12, "float64 element " + i);
      assertEquals(expected[i], cf[i], 1e-4, "float32 element " + i);
    }
  }

  @ParameterizedTest(name = "gemv {0}")
  @CsvSource({"N", "T"})
  void gemvMatchesNaiveLoopsInBothPrecisions(Trans t) {
    int m = 4, n = 6, lda = 9, offA = 2, offX = 1, offY = 3;
    double[] a = randomD(offA + m * lda);
    int lenX = t == Trans.N ? n : m, lenY = t == Trans.N ? m : n;
    double[] x = randomD(offX + lenX);
    double[] y = randomD(offY + lenY);
    double alpha = 0.75, beta = 2.0;
    double[] expected = y.clone();
    for (int i = 0; i < lenY; i++) {
      double s = 0;
      for (int p = 0; p < lenX; p++) s += at(a, offA, lda, t, i, p) * x[offX + p];
      expected[offY + i] = alpha * s + beta * y[offY + i];
    }
    double[] yd = y.clone();
    Blas.gemv(t, m, n, alpha, a, offA, lda, x, offX, beta, yd, offY);
    float[] yf = toF(y);
    Blas.gemv(t, m, n, (float) alpha, toF(a), offA, lda, toF(x), offX, (float) beta, yf, offY);
    for (int i = 0; i < y.length; i++) {
      assertEquals(expected[i], yd[i], 1e-12);
      assertEquals(expected[i], yf[i], 1e-4);
    }
  }

  @Test
  void levelOneCallsMatchLoops() {
    double[] x = randomD(10), y = randomD(10);
    double dot = 0, nrm = 0;
    for (int i = 2; i < 8; i++) { dot += x[i] * y[i - 1]; nrm += x[i] * x[i]; }
    assertEquals(dot, Blas.dot(6, x, 2, y, 1), 1e-12);
    assertEquals(dot, Blas.dot(6, toF(x), 2, toF(y), 1), 1e-4);
    assertEquals(Math.sqrt(nrm), Blas.nrm2(6, x, 2), 1e-12);
    assertEquals(Math.sqrt(nrm), Blas.nrm2(6, toF(x), 2), 1e-4);

    double[] yd = y.clone();
    Blas.axpy(4, 3.0, x, 1, yd, 5);
    float[] yf = toF(y);
    Blas.axpy(4, 3f, toF(x), 1, yf, 5);
    for (int i = 0; i < 10; i++) {
      double e = i >= 5 && i < 9 ? y[i] + 3.0 * x[i - 4] : y[i];
      assertEquals(e, yd[i], 1e-12);
      assertEquals(e, yf[i], 1e-4);
    }
    double[] xs = x.clone();
    Blas.scal(3, -2.0, xs, 4);
    for (int i = 0; i < 10; i++) assertEquals(i >= 4 && i < 7 ? -2 * x[i] : x[i], xs[i], 1e-15);
  }

  @Test
  void emptyInnerDimensionScalesC() {
    double[] c = {1, 2, 3, 4};
    Blas.gemm(Trans.N, Trans.N, 2, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.5, c, 0, 2);
    assertEquals(2.0, c[3], 0);
    float[] cf = {Float.NaN, 1, 2, 3};
    Blas.gemm(Trans.N, Trans.N, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, cf, 0, 2);
    assertEquals(0f, cf[0], 0, "beta = 0 clears C, even NaN");
  }

  @Test
  void shapeErrorsNameTheOperandAndSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(Trans.N, Trans.N, 3, 4, 5, 1.0, new double[14], 0, 5, new double[20], 0, 4,
            0.0, new double[12], 0, 4));
    assertTrue(e.getMessage().contains("A is 3×5") && e.getMessage().contains("15 elements")
        && e.getMessage().contains("has 14"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(Trans.T, Trans.N, 3, 4, 5, 1.0, new double[15], 0, 2, new double[20], 0, 4,
            0.0, new double[12], 0, 4));
    assertTrue(e.getMessage().contains("lda=2") && e.getMessage().contains("5×3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemv(Trans.T, 3, 4, 1f, new float[12], 0, 4, new float[2], 0, 0f, new float[4], 0));
    assertTrue(e.getMessage().contains("x[0 .. 3)") && e.getMessage().contains("length 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas.axpy(5, 1.0, new double[5], 1, new double[5], 0));
    assertTrue(e.getMessage().contains("x[1 .. 6)"), e.getMessage());
  }

  @Test
  void describesTheImplementationInWords() {
    String d = Blas.describe();
    if (Blas.isNative()) {
      assertTrue(d.startsWith("native OpenBLAS through JNI"), d);
    } else if (Blas.implementationName().equals("F2jBLAS")) {
      assertTrue(d.contains("on purpose") && d.contains("-Dsparkmlp.blas=f2j"), d);
      assertFalse(d.contains("apt-get"), d);
    } else {
      assertTrue(d.contains("apt-get install libopenblas0-pthread"), d);
    }
  }

  @Test
  void theBlasPropertyTakesAutoOrF2jAndNamesBothOtherwise() {
    assertFalse(Blas.isF2j(null));
    assertFalse(Blas.isF2j(""));
    assertFalse(Blas.isF2j("auto"));
    assertTrue(Blas.isF2j(" F2J "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.isF2j("vector"));
    assertTrue(e.getMessage().contains("-Dsparkmlp.blas=vector") && e.getMessage().contains("auto")
        && e.getMessage().contains("f2j"), e.getMessage());
  }

  /**
   * F2jBLAS is the reference DGEMM: for C = A·B (column-major, alpha 1, beta 0) each C(i, j) is
   * the plain left-to-right sum over l of A(i, l)·B(l, j), so its bits are those of this loop on
   * any CPU (a blocked, vectorised or FMA kernel rounds differently).
   */
  @Test
  void f2jGemmHasTheBitsOfTheSequentialSum() {
    dev.ludovic.netlib.blas.BLAS f2j = Blas.f2j();
    assertEquals("F2jBLAS", f2j.getClass().getSimpleName());
    int m = 7, n = 5, k = 33;
    double[] a = randomD(m * k);
    double[] b = randomD(k * n);
    double[] c = new double[m * n];
    f2j.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 0.0, c, m);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double s = 0.0;
        for (int l = 0; l < k; l++) {
          s += a[i + l * m] * b[l + j * k];
        }
        assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(c[i + j * m]),
            "C(" + i + ", " + j + ") = " + c[i + j * m] + ", sequential sum " + s);
      }
    }
  }
}
