package io.sparkmlp.bench;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.nn.Precision;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain-Java report of the kernels (no JMH): for each shape and precision, the median time of
 * one forward+backward pass over B rows and of the same pass's GEMMs alone, their GFLOP/s at
 * 6·B·Σ in·out FLOPs, and the ratio pass/GEMMs (1.0 = the pass is all GEMM).
 *
 * <p>Usage: {@code KernelReport [reps [warmup [batch]]]}, defaults 21, 5 and 1024. Timings
 * alternate pass and GEMMs so that drift on a shared machine hits both alike.
 */
public final class KernelReport {
  static final String[] SHAPES = {"784-1024-1024-10", "784-300-100-10"};

  private KernelReport() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    System.out.println("BLAS: " + Blas.describe());
    System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)")
        + ", cores=" + Runtime.getRuntime().availableProcessors() + ", B=" + batch
        + ", median of " + reps + " after " + warmup + " warm-up passes");
    System.out.println(String.format(Locale.ROOT, "%-17s | %-9s | %8s | %11s | %9s | %12s | %5s",
        "shape", "precision", "pass ms", "pass GF/s", "GEMMs ms", "GEMMs GF/s", "ratio"));
    for (String shape : SHAPES) {
      for (Precision p : new Precision[] {Precision.FLOAT32, Precision.FLOAT64}) {
        System.out.println(row(PassFixture.create(shape, p, batch, 1), shape, reps, warmup));
      }
    }
  }

  private static String row(PassFixture<?> f, String shape, int reps, int warmup) {
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += f.pass();
      f.gemms();
    }
    double[] pass = new double[reps];
    double[] gemm = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      sink += f.pass();
      long t1 = System.nanoTime();
      f.gemms();
      long t2 = System.nanoTime();
      pass[i] = (t1 - t0) / 1e6;
      gemm[i] = (t2 - t1) / 1e6;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("loss became NaN");
    }
    double passMs = median(pass);
    double gemmMs = median(gemm);
    double gflop = f.flops() / 1e9;
    return String.format(Locale.ROOT, "%-17s | %-9s | %8.2f | %11.1f | %9.2f | %12.1f | %5.2f",
        shape, f.precision().id(), passMs, gflop / (passMs / 1e3), gemmMs, gflop / (gemmMs / 1e3),
        gemmMs / passMs);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
