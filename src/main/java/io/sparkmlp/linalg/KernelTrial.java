package io.sparkmlp.linalg;

import java.util.Locale;

/**
 * One child JVM of {@link KernelProbe}: the {@code OPENBLAS_CORETYPE} it was given, the kernel
 * set OpenBLAS says it loaded, and what {@link KernelTiming} found.
 *
 * @param requested the value given, or null for none (OpenBLAS's own detection)
 * @param loaded the core OpenBLAS reported ({@code Core: X} under {@code OPENBLAS_VERBOSE=2}),
 *     or null when it said nothing
 * @param status {@code ok}; {@code refused} (OpenBLAS did not take the name, or loaded another);
 *     {@code wrong} (results off); {@code crashed}; {@code timeout}; {@code java} (no native BLAS)
 * @param float32 GFLOP/s of the timed step shapes in float32, 0 unless ok
 * @param float64 likewise in float64
 * @param detail what went wrong, or empty
 */
public record KernelTrial(String requested, String loaded, String status, double float32,
    double float64, String detail) {

  public boolean ok() {
    return status.equals("ok");
  }

  /** The geometric mean of the two rates: one figure to rank kernels by. */
  public double score() {
    return ok() ? Math.sqrt(float32 * float64) : 0;
  }

  /** The name people read: the value given, or "(OpenBLAS's own choice)". */
  public String label() {
    return requested == null ? "(OpenBLAS's own choice)" : requested;
  }

  /** E.g. {@code SkylakeX: loaded SkylakeX, 120.1 GFLOP/s float32, 48.7 float64}. */
  public String describe() {
    String core = loaded == null ? "no core reported" : "loaded " + loaded;
    return label() + ": " + core + (ok()
        ? String.format(Locale.ROOT, ", %.1f GFLOP/s float32, %.1f float64", float32, float64)
        : ", " + status + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  /** One line of the cache file: fields separated by {@code |}. */
  String encode() {
    return String.join("|", requested == null ? "" : requested, loaded == null ? "" : loaded,
        status, Double.toString(float32), Double.toString(float64), detail.replace('|', '/'));
  }

  static KernelTrial decode(String line) {
    String[] f = line.split("\\|", -1);
    if (f.length != 6) {
      throw new IllegalArgumentException("not a kernel trial: " + line);
    }
    return new KernelTrial(f[0].isEmpty() ? null : f[0], f[1].isEmpty() ? null : f[1], f[2],
        Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5]);
  }
}
