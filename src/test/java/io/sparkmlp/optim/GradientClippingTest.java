package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void belowOrAtThresholdLeavesGradient() {
    double[] g = {3.0, -4.0};
    assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 10.0)); // ‖[3, −4]‖ = 5
    assertArrayEquals(new double[] {3.0, -4.0}, g, 0.0);
    assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 5.0));  // exactly at: no scaling
    assertArrayEquals(new double[] {3.0, -4.0}, g, 0.0);
  }

  @Test
  void aboveThresholdScalesToMaxNorm() {
    double[] g = {3.0, -4.0, 0.0};
    // norm 5 > 1: scale by 1/5 → [0.6, −0.8, 0]; the pre-clip norm is returned
    assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 1.0));
    assertArrayEquals(new double[] {0.6, -0.8, 0.0}, g, 1e-15);
    assertEquals(1.0, GradientClipping.globalNorm(g), 1e-15);
  }

  @Test
  void offWhenMaxNormIsNotPositiveOrInfinite() {
    for (double off : new double[] {0.0, -1.0, Double.POSITIVE_INFINITY}) {
      double[] g = {30.0, 40.0};
      assertEquals(50.0, GradientClipping.clipGlobalNorm(g, off));
      assertArrayEquals(new double[] {30.0, 40.0}, g, 0.0);
    }
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(new double[1], Double.NaN));
  }

  @Test
  void nanAndInfNormsAreReturnedAndGradientLeftAsIs() {
    double[] g = {1.0, Double.NaN, 1e9};
    assertEquals(Double.NaN, GradientClipping.clipGlobalNorm(g, 1.0));
    assertArrayEquals(new double[] {1.0, Double.NaN, 1e9}, g, 0.0);

    double[] h = {1.0, Double.NEGATIVE_INFINITY, 2.0};
    assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipGlobalNorm(h, 1.0));
    assertArrayEquals(new double[] {1.0, Double.NEGATIVE_INFINITY, 2.0}, h, 0.0);

    double[] both = {Double.POSITIVE_INFINITY, Double.NaN};
    assertEquals(Double.NaN, GradientClipping.globalNorm(both));
  }

  @Test
  void noSpuriousOverflowOrUnderflow() {
    // Σ g² overflows (9e400) although the norm 5e200 is representable
    double[] big = {3e200, -4e200};
    assertEquals(5e200, GradientClipping.clipGlobalNorm(big, 1.0), 5e200 * 1e-15);
    assertArrayEquals(new double[] {0.6, -0.8}, big, 1e-15);
    // Σ g² underflows to 0 although the norm 5e-200 is representable
    assertEquals(5e-200, GradientClipping.globalNorm(new double[] {3e-200, 4e-200}), 5e-200 * 1e-15);
    // subnormal elements
    assertEquals(5 * Double.MIN_VALUE, GradientClipping.globalNorm(new double[] {3 * Double.MIN_VALUE, 4 * Double.MIN_VALUE}));
    // a norm that itself exceeds Double.MAX_VALUE is +Inf, and the gradient is not touched
    double[] huge = {Double.MAX_VALUE, Double.MAX_VALUE};
    assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipGlobalNorm(huge, 1.0));
    assertArrayEquals(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, huge, 0.0);
  }

  @Test
  void emptyAndZeroGradients() {
    assertEquals(0.0, GradientClipping.clipGlobalNorm(new double[0], 1.0));
    double[] z = new double[4];
    assertEquals(0.0, GradientClipping.clipGlobalNorm(z, 1.0));
    assertArrayEquals(new double[4], z, 0.0);
  }

  @Test
  void normIsGlobalOverTheWholeArray() {
    double[] g = new double[10_000];
    java.util.Arrays.fill(g, 0.5); // √(10000·0.25) = 50
    assertEquals(50.0, GradientClipping.clipGlobalNorm(g, 5.0), 1e-12);
    assertEquals(0.05, g[9_999], 1e-15); // every element scaled by 5/50
  }
}
