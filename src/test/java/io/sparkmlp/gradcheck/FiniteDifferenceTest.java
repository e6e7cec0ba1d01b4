package io.sparkmlp.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FiniteDifferenceTest {
  @Test
  void centralDifferencesOfAKnownFunction() {
    // f(v) = v0³ + sin(v1)·v2, ∇f = (3v0², cos(v1)·v2, sin(v1))
    double[] v = {1.5, 0.3, -2.0};
    double[] before = v.clone();
    double[] n = FiniteDifference.central(p -> p[0] * p[0] * p[0] + Math.sin(p[1]) * p[2], v,
        FiniteDifference.STEP);
    double[] exact = {3 * 1.5 * 1.5, Math.cos(0.3) * -2.0, Math.sin(0.3)};
    assertTrue(FiniteDifference.relativeError(n, exact) < 1e-9);
    assertArrayEquals(before, v, 0.0, "the point is restored exactly");
  }

  @Test
  void relativeErrorIsMaxDeviationOverMaxMagnitude() {
    assertEquals(0.1 / 2.0, FiniteDifference.relativeError(new double[] {2, 0}, new double[] {1.9, 0}), 1e-15);
    // a tiny component does not blow the measure up
    assertEquals(1e-12 / 1.0, FiniteDifference.relativeError(new double[] {1, 0}, new double[] {1, 1e-12}), 1e-20);
    assertEquals(0.0, FiniteDifference.relativeError(new double[] {0, 0}, new double[] {0, 0}));
    assertTrue(Double.isNaN(FiniteDifference.relativeError(new double[] {Double.NaN}, new double[] {1})));
  }

  @Test
  void comparisonFollowsAllclose() {
    Comparison c = Comparison.of("t", new double[] {1 + 1e-6, 0}, new double[] {1, 0});
    assertTrue(c.approx());
    assertTrue(!c.exact());
    // |a − r| ≤ 1e-8 + 1e-5·|r| fails here
    assertTrue(!Comparison.of("t", new double[] {1e-7}, new double[] {0}).approx());
    assertTrue(!Comparison.of("t", new double[] {Double.NaN}, new double[] {0}).approx());
    assertEquals("w   | exact: False | approx: True  | maxdiff: 3.73e-09",
        new Comparison("w", false, true, 3.73e-9).format(3));
  }
}
