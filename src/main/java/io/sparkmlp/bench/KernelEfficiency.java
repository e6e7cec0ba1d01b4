package io.sparkmlp.bench;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One partition's forward+backward pass ({@link PassFixture#pass}) against the same pass's GEMMs
 * alone ({@link PassFixture#gemms}, raw sgemm/dgemm on the same shapes), both at 6·B·Σ in·out
 * FLOPs, in this thread. Timings alternate pass and GEMMs so that drift on a shared machine hits
 * both alike; each figure is a median.
 *
 * <p>{@link #main} is the plain-Java report behind {@code scripts/bench-kernels.sh}:
 * {@code KernelEfficiency [reps [warmup [batch]]]}, defaults 21, 5 and 1024.
 */
public final class KernelEfficiency {
  /** The shapes the benchmark reports: the MNIST MLP and a wide one. */
  public static final List<String> SHAPES = List.of("784-300-100-10", "784-1024-1024-10");

  /** One shape and precision: median milliseconds and GFLOP/s of the pass and of its GEMMs. */
  public record Row(String shape, Precision precision, int batch, double passMillis,
      double passGflops, double gemmMillis, double gemmGflops) {
    /** Pass GFLOP/s over raw GEMM GFLOP/s: 1.0 means the pass is all GEMM. */
    public double efficiency() {
      return passGflops / gemmGflops;
    }
  }

  private KernelEfficiency() {}

  /** Argument {@code i} as an integer ≥ {@code min}, or {@code fallback} when absent; else exit 2. */
  private static int positional(String[] args, int i, String name, int fallback, int min) {
    if (args.length <= i) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(args[i]);
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("bench-kernels: " + name + " (argument " + (i + 1) + "): expected an integer >= " + min
        + ", found '" + args[i] + "'; see scripts/bench-kernels.sh --help");
    System.exit(2);
    return fallback;
  }

  public static void main(String[] args) {
    int reps = positional(args, 0, "reps", 21, 1);
    int warmup = positional(args, 1, "warmup", 5, 0);
    int batch = positional(args, 2, "batch", 1024, 1);
    System.out.println("BLAS: " + Blas.describe());
    System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)")
        + ", cores=" + Runtime.getRuntime().availableProcessors() + ", B=" + batch
        + ", median of " + reps + " after " + warmup + " warm-up passes");
    System.out.println(String.format(Locale.ROOT, "%-17s | %-9s | %8s | %9s | %9s | %10s | %10s",
        "shape", "precision", "pass ms", "pass GF/s", "GEMMs ms", "GEMMs GF/s", "efficiency"));
    for (Row r : measure(SHAPES, batch, reps, warmup)) {
      System.out.println(String.format(Locale.ROOT, "%-17s | %-9s | %8.2f | %9.1f | %9.2f | %10.1f | %9.0f%%",
          r.shape(), r.precision().id(), r.passMillis(), r.passGflops(), r.gemmMillis(),
          r.gemmGflops(), 100 * r.efficiency()));
    }
  }

  /** Every shape in float32 and float64, at batch B, median of {@code reps} after {@code warmup}. */
  public static List<Row> measure(List<String> shapes, int batch, int reps, int warmup) {
    List<Row> rows = new ArrayList<>();
    for (String shape : shapes) {
      for (Precision p : Precision.values()) {
        rows.add(measure(PassFixture.create(shape, p, batch, 1), shape, batch, reps, warmup));
      }
    }
    return rows;
  }

  private static Row measure(PassFixture<?> f, String shape, int batch, int reps, int warmup) {
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
      throw new IllegalStateException("loss became NaN in the " + shape + " kernel benchmark");
    }
    double passMs = Stats.median(pass);
    double gemmMs = Stats.median(gemm);
    double gflop = f.flops() / 1e9;
    return new Row(shape, f.precision(), batch, passMs, gflop / (passMs / 1e3), gemmMs,
        gflop / (gemmMs / 1e3));
  }
}
