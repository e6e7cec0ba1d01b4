package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * lazy_adam against a step computed by hand: θ holds W₀ (3 × 2, rows 0..2) and a tail of 4; the
 * batch touched row 1 only. Row 1 and the tail follow Adam; rows 0 and 2 keep θ, m and v.
 */
class LazyAdamTest {
  private static final int D = 3, H = 2, N = D * H + 4;
  private static final double B1 = OptimizerConfig.DEFAULT_BETA1, B2 = OptimizerConfig.DEFAULT_BETA2;
  private static final double EPS = OptimizerConfig.DEFAULT_EPSILON;

  private static double[] theta() {
    return new double[] {1, 2, 3, 4, 5, 6, 0.5, -0.5, 0.25, -0.25};
  }

  /** Zero in the untouched rows of W₀, as a sparse batch's gradient is. */
  private static double[] grad() {
    return new double[] {0, 0, 0.3, -0.6, 0, 0, 0.1, 0.2, -0.4, 0.8};
  }

  @Test
  void updatesOnlyTheTouchedRowsAndTheTail() {
    Optimizer lazy = Optimizers.create(Optimizers.LAZY_ADAM, new OptimizerConfig(), DecayRanges.none(N));
    double[] th = theta(), g = grad();
    double lr = 0.1;
    lazy.step(th, g, lr, new int[] {1}, D, H);
    double[] expected = theta();
    for (int i : new int[] {2, 3, 6, 7, 8, 9}) {
      // t = 1: m = (1−β1)·g, v = (1−β2)·g², m̂ = m/(1−β1), v̂ = v/(1−β2)
      double m = (1 - B1) * g[i], v = (1 - B2) * g[i] * g[i];
      expected[i] -= lr * (m / (1 - B1)) / (Math.sqrt(v) / Math.sqrt(1 - B2) + EPS);
    }
    assertArrayEquals(expected, th, 1e-15);
    assertEquals(1.0, th[0]);
    assertEquals(2.0, th[1]);
    assertEquals(5.0, th[4]);
    assertEquals(6.0, th[5]);
    double[] m = lazy.snapshot().array("m");
    assertEquals(0.0, m[0]);
    assertEquals((1 - B1) * 0.3, m[2], 1e-18);

    // Step 2 touches row 0 only: row 1's moments do not decay.
    lazy.step(th, new double[] {0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0}, lr, new int[] {0}, D, H);
    double[] m2 = lazy.snapshot().array("m");
    assertEquals(m[2], m2[2], 0.0);
    assertEquals(m[3], m2[3], 0.0);
    assertEquals((1 - B1) * 0.5, m2[0], 1e-18);
    assertEquals(B1 * m[6], m2[6], 1e-18, "the tail follows Adam every step");
    assertEquals(2, lazy.stepCount());
  }

  @Test
  void withEveryRowTouchedOrDenseInputItIsAdamBitForBit() {
    DecayRanges decay = DecayRanges.of(N, 0, D * H);
    OptimizerConfig cfg = new OptimizerConfig().setWeightDecay(0.01);
    Optimizer adam = Optimizers.create(Optimizers.ADAM, cfg, decay);
    Optimizer all = Optimizers.create(Optimizers.LAZY_ADAM, cfg, decay);
    Optimizer dense = Optimizers.create(Optimizers.LAZY_ADAM, cfg, decay);
    double[] a = theta(), b = theta(), c = theta();
    for (int t = 0; t < 3; t++) {
      adam.step(a, grad(), 0.05);
      all.step(b, grad(), 0.05, new int[] {0, 1, 2}, D, H);
      dense.step(c, grad(), 0.05, null, D, H);
    }
    assertArrayEquals(a, b, 0.0);
    assertArrayEquals(a, c, 0.0);
  }

  @Test
  void weightDecayLeavesAnUntouchedRowAlone() {
    Optimizer lazy = Optimizers.create(Optimizers.LAZY_ADAM, new OptimizerConfig().setWeightDecay(0.1),
        DecayRanges.of(N, 0, D * H));
    double[] th = theta();
    lazy.step(th, grad(), 0.1, new int[] {1}, D, H);
    assertEquals(1.0, th[0]);
    assertEquals(6.0, th[5]);
  }
}
