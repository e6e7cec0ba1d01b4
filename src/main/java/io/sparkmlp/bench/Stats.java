package io.sparkmlp.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of timings. */
final class Stats {
  private Stats() {}

  /** The median (mean of the middle two for an even count); NaN for none. */
  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double median(List<Double> v) {
    return median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
