package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The other rules restricted to touched rows: lazy_momentum against a hand-computed step, sgd
 * without weight decay the same bits on touched rows as whole, and the norms and the clipping
 * over {@link TouchedSpans} the bits of the whole-array ones.
 */
class LazyRowsTest {
  private static final int D = 3, H = 2, N = D * H + 4;

  private static double[] theta() {
    return new double[] {1, 2, 3, 4, 5, 6, 0.5, -0.5, 0.25, -0.25};
  }

  @Test
  void lazyMomentumMovesOnlyTouchedRowsAndKeepsTheOthersVelocity() {
    double mu = 0.9, lr = 0.1;
    Optimizer lazy = Optimizers.create(Optimizers.LAZY_MOMENTUM, new OptimizerConfig().setMomentum(mu),
        DecayRanges.none(N));
    assertTrue(lazy.updatesOnlyTouchedRows());
    double[] th = theta();
    double[] g1 = {0.2, -0.4, 0, 0, 0, 0, 0.1, 0.2, -0.4, 0.8}; // touches row 0
    lazy.step(th, g1, lr, new int[] {0}, D, H);
    // step 1: v = g, θ ← θ − η·v on row 0 and the tail
    double[] expected = theta();
    for (int i : new int[] {0, 1, 6, 7, 8, 9}) {
      expected[i] -= lr * g1[i];
    }
    assertArrayEquals(expected, th, 0.0);
    double[] g2 = {0, 0, 0.5, 0.5, 0, 0, 0.1, 0.1, 0.1, 0.1}; // touches row 1 only
    lazy.step(th, g2, lr, new int[] {1}, D, H);
    // row 0 keeps θ and v = g1 (momentum would have moved it by η·μ·g1); row 1: v = g2; tail: v = μ·g1 + g2
    assertEquals(expected[0], th[0], 0.0);
    assertEquals(expected[1], th[1], 0.0);
    assertEquals(3 - lr * 0.5, th[2], 0.0);
    for (int i = 6; i < N; i++) {
      assertEquals(expected[i] - lr * (mu * g1[i] + g2[i]), th[i], 1e-15, "tail " + i);
    }
    double[] v = lazy.snapshot().array("velocity");
    assertEquals(0.2, v[0], 0.0);
    assertEquals(0.0, v[4], 0.0);
  }

  @Test
  void lazyMomentumWithDenseInputIsMomentumBitForBit() {
    OptimizerConfig cfg = new OptimizerConfig().setMomentum(0.8).setWeightDecay(0.01);
    Optimizer a = Optimizers.create(Optimizers.MOMENTUM, cfg, DecayRanges.of(N, 0, D * H));
    Optimizer b = Optimizers.create(Optimizers.LAZY_MOMENTUM, cfg, DecayRanges.of(N, 0, D * H));
    double[] x = theta(), y = theta();
    for (int t = 0; t < 3; t++) {
      double[] g = {0.3, 0.1, -0.2, 0.4, 0.5, -0.6, 0.1, 0.2, 0.3, 0.4};
      a.step(x, g, 0.05);
      b.step(y, g, 0.05, null, D, H);
    }
    assertArrayEquals(x, y, 0.0);
  }

  @Test
  void sgdWithoutDecayOnTouchedRowsIsSgdOnAllRows() {
    Optimizer whole = Optimizers.create(Optimizers.SGD, new OptimizerConfig(), DecayRanges.none(N));
    Optimizer rows = Optimizers.create(Optimizers.SGD, new OptimizerConfig(), DecayRanges.none(N));
    assertTrue(rows.updatesOnlyTouchedRows());
    double[] x = theta(), y = theta();
    double[] g = {0, 0, 0.3, -0.6, 0, 0, 0.1, 0.2, -0.4, 0.8}; // zero outside row 1, as a sparse batch's
    whole.step(x, g, 0.1);
    rows.step(y, g, 0.1, new int[] {1}, D, H);
    assertArrayEquals(x, y, 0.0);
    Optimizer decayed = Optimizers.create(Optimizers.SGD, new OptimizerConfig().setWeightDecay(0.1),
        DecayRanges.of(N, 0, D * H));
    assertFalse(decayed.updatesOnlyTouchedRows(), "weight decay moves untouched rows");
    double[] z = theta();
    decayed.step(z, g, 0.1, new int[] {1}, D, H);
    assertEquals(1 - 0.1 * 0.1 * 1, z[0], 1e-15, "an untouched row decays: the whole step ran");
  }

  @Test
  void normsAndClippingOverSpansHaveTheBitsOfTheWholeArray() {
    Random rng = new Random(3);
    int d = 500, h = 7, n = d * h + 40;
    int[] rows0 = rng.ints(60, 0, d).distinct().sorted().toArray();
    for (double scale : new double[] {1.0, 1e-160, 1e200}) { // the plain and the scaled norm
      double[] g = new double[n];
      for (int r : rows0) {
        for (int j = 0; j < h; j++) {
          g[r * h + j] = scale * rng.nextGaussian();
        }
      }
      for (int i = d * h; i < n; i++) {
        g[i] = scale * rng.nextGaussian();
      }
      TouchedSpans spans = TouchedSpans.of(rows0, d, h, n);
      assertEquals((long) rows0.length * h + 40, spans.size());
      assertEquals(Double.doubleToLongBits(GradientClipping.globalNorm(g)),
          Double.doubleToLongBits(GradientClipping.globalNorm(g, spans)), "scale " + scale);
      double[] a = g.clone(), b = g.clone();
      double max = GradientClipping.globalNorm(g) / 3;
      GradientClipping.clipGlobalNorm(a, max);
      GradientClipping.clipGlobalNorm(b, max, spans);
      assertArrayEquals(a, b, 0.0);
      spans.zero(b);
      assertTrue(java.util.Arrays.stream(b).allMatch(x -> x == 0.0));
    }
  }
}
