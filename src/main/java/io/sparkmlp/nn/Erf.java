package io.sparkmlp.nn;

/**
 * The error function and its complement in double precision, good to about 1e-15 (Java has no
 * erf). Used by GELU, whose exact form is 0.5·z·(1 + erf(z/√2)) = z·Φ(z).
 *
 * <p>Two regimes, both with positive terms only, so no cancellation:
 * <ul>
 *   <li>|x| &lt; 2.5: erf(x) = (2/√π)·e^(−x²)·Σ_{n≥0} (2x²)^n·x / (1·3·5···(2n+1));
 *   <li>|x| ≥ 2.5: erfc(x) by its Laplace continued fraction
 *       erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
 *       evaluated with the modified Lentz method.
 * </ul>
 */
public final class Erf {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
  private static final double SWITCH = 2.5;

  private Erf() {}

  /** erf(x). */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    double r = ax < SWITCH ? series(ax) : 1.0 - cfErfc(ax);
    return x < 0 ? -r : r;
  }

  /** erfc(x) = 1 − erf(x), accurate in relative terms for large positive x. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x >= SWITCH) {
      return cfErfc(x);
    }
    if (x <= -SWITCH) {
      return 2.0 - cfErfc(-x);
    }
    return x < 0 ? 1.0 + series(-x) : 1.0 - series(x);
  }

  /** The standard normal CDF Φ(z) = erfc(−z/√2)/2. */
  public static double normalCdf(double z) {
    return 0.5 * erfc(-z * 0.7071067811865476);
  }

  /** erf(x) for 0 ≤ x &lt; 2.5 by the positive series. */
  private static double series(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /** erfc(x) for x ≥ 2.5 by the continued fraction, modified Lentz. */
  private static double cfErfc(double x) {
    if (x > 27.3) {
      return 0.0; // below the smallest subnormal double
    }
    final double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0.0;
    for (int n = 1; n < 500; n++) {
      double a = 0.5 * n;
      d = x + a * d;
      d = d == 0.0 ? 1.0 / tiny : 1.0 / d;
      c = x + a / c;
      if (c == 0.0) {
        c = tiny;
      }
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
  }
}
