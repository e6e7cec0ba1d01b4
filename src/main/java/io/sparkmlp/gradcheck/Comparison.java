package io.sparkmlp.gradcheck;

import java.util.Locale;

/**
 * One row of the seed's gradient-check table: a computed tensor against a reference tensor of
 * the same shape.
 *
 * <ul>
 *   <li>{@code exact}: every element is bitwise-equal in value ({@code a_i == r_i});
 *   <li>{@code approx}: NumPy/PyTorch {@code allclose(a, r, rtol=1e-5, atol=1e-8)}, i.e.
 *       |a_i − r_i| ≤ atol + rtol·|r_i| for every i, with the reference r on the right as in
 *       {@code torch.allclose(dt, t.grad)}; a NaN on either side fails;
 *   <li>{@code maxdiff}: max_i |a_i − r_i| (NaN if any element is NaN).
 * </ul>
 *
 * @param name the tensor's name in the table, e.g. {@code dw0}
 */
public record Comparison(String name, boolean exact, boolean approx, double maxdiff) {
  /** allclose's relative tolerance, as in the seed. */
  public static final double RTOL = 1e-5;
  /** allclose's absolute tolerance, NumPy's and PyTorch's default. */
  public static final double ATOL = 1e-8;

  /** Compares {@code computed} to {@code reference}; both must have the same length. */
  public static Comparison of(String name, double[] computed, double[] reference) {
    if (computed.length != reference.length) {
      throw new IllegalArgumentException(name + ": computed tensor has " + computed.length
          + " elements, the reference has " + reference.length);
    }
    boolean exact = true;
    boolean approx = true;
    double maxdiff = 0;
    for (int i = 0; i < computed.length; i++) {
      double a = computed[i];
      double r = reference[i];
      double d = Math.abs(a - r);
      exact &= a == r;
      approx &= d <= ATOL + RTOL * Math.abs(r);
      maxdiff = Double.isNaN(d) || Double.isNaN(maxdiff) ? Double.NaN : Math.max(maxdiff, d);
    }
    return new Comparison(name, exact, approx, maxdiff);
  }

  /** A scalar comparison, e.g. the loss. */
  public static Comparison of(String name, double computed, double reference) {
    return of(name, new double[] {computed}, new double[] {reference});
  }

  /**
   * The seed's line, {@code f'{name:<w} | exact: {exact:5s} | approx: {approx:5s} | maxdiff: {maxdiff:.2e}'},
   * with Python's True/False.
   */
  public String format(int nameWidth) {
    return String.format(Locale.ROOT, "%-" + Math.max(1, nameWidth) + "s | exact: %-5s | approx: %-5s | maxdiff: %.2e",
        name, py(exact), py(approx), maxdiff);
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }
}
