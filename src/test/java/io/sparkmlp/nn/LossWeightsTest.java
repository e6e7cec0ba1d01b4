package io.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * (a) The weighted losses: dS of Σ_b w_b·ℓ_b against central differences in float64, for both
 * losses and weights that include 0 and non-integers; weights of 1 give the unweighted bits in
 * float64 and float32.
 */
class LossWeightsTest {
  private static final int B = 5;
  private static final int K = 4;
  private static final double[] W = {0.25, 0.0, 1.0, 2.5, 0.7};

  private static double[] scores(long seed) {
    Random rng = new Random(seed);
    double[] s = new double[B * K];
    for (int i = 0; i < s.length; i++) {
      s[i] = rng.nextGaussian();
    }
    return s;
  }

  private static final int[] LABELS = {2, 0, 3, 1, 2};

  private static double[] targets() {
    double[] t = scores(99);
    for (int i = 0; i < t.length; i++) {
      t[i] *= 0.5;
    }
    return t;
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void weightedGradientMatchesCentralDifferences(Loss loss) {
    double[] s = scores(7);
    double[] t = targets();
    double[] ds = new double[s.length];
    double scale = 0.3;
    loss.sumAndGradient(s, B, K, LABELS, t, W, scale, ds);
    double h = 1e-6;
    for (int i = 0; i < s.length; i++) {
      double[] plus = s.clone();
      double[] minus = s.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = scale * (loss.sumAndGradient(plus, B, K, LABELS, t, W, 1.0, new double[s.length])
          - loss.sumAndGradient(minus, B, K, LABELS, t, W, 1.0, new double[s.length])) / (2 * h);
      assertEquals(numeric, ds[i], 1e-8, loss + " dS[" + i + "]");
    }
    for (int j = 0; j < K; j++) {
      assertEquals(0.0, ds[K + j], 0.0, "row 1 has weight 0");
    }
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void weightedSumIsTheWeightedSumOfRowLosses(Loss loss) {
    double[] s = scores(3);
    double[] t = targets();
    double expected = 0;
    for (int b = 0; b < B; b++) {
      double[] row = java.util.Arrays.copyOfRange(s, b * K, b * K + K);
      double[] rowT = java.util.Arrays.copyOfRange(t, b * K, b * K + K);
      expected += W[b] * loss.sumAndGradient(row, 1, K, new int[] {LABELS[b]}, rowT, 1.0, new double[K]);
    }
    assertEquals(expected, loss.sumAndGradient(s, B, K, LABELS, t, W, 1.0, new double[s.length]), 1e-12);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void weightsOfOneGiveTheUnweightedBits(Loss loss) {
    double[] ones = {1, 1, 1, 1, 1};
    double[] s = scores(5);
    double[] t = targets();
    double[] a = new double[s.length];
    double[] b = new double[s.length];
    assertEquals(loss.sumAndGradient(s, B, K, LABELS, t, 0.125, a),
        loss.sumAndGradient(s, B, K, LABELS, t, ones, 0.125, b), 0.0);
    assertArrayEquals(a, b, 0.0);
    float[] sf = new float[s.length];
    float[] tf = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      sf[i] = (float) s[i];
      tf[i] = (float) t[i];
    }
    float[] af = new float[s.length];
    float[] bf = new float[s.length];
    assertEquals(loss.sumAndGradient(sf, B, K, LABELS, tf, 0.125, af),
        loss.sumAndGradient(sf, B, K, LABELS, tf, ones, 0.125, bf), 0.0);
    assertArrayEquals(af, bf, 0f);
  }
}
