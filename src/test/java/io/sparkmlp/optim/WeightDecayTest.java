package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Coupled L2 decay (g ← g + λθ) and AdamW's decoupled decay (θ ← θ − ηλθ), and bias exclusion. */
class WeightDecayTest {

  static final double TOL = OptimizerRulesTest.TOL;
  static final double[] THETA0 = OptimizerRulesTest.THETA0; // [1, −2, 0.5]
  static final double[] G1 = OptimizerRulesTest.G1;         // [0.5, −1, 2]
  static final double[] G2 = OptimizerRulesTest.G2;         // [1, 0, −0.5]

  @Test
  void sgdCoupledDecayOnEveryIndex() {
    Optimizer o = Optimizers.create("sgd", new OptimizerConfig().setWeightDecay(0.1), DecayRanges.all(3));
    double[] theta = THETA0.clone();
    // step 1: d = g1 + 0.1·θ0 = [0.5 + 0.1, −1 − 0.2, 2 + 0.05] = [0.6, −1.2, 2.05]
    //         θ − 0.1·d = [1 − 0.06, −2 + 0.12, 0.5 − 0.205] = [0.94, −1.88, 0.295]
    o.step(theta, G1.clone(), 0.1);
    assertArrayEquals(new double[] {0.94, -1.88, 0.295}, theta, TOL);
    // step 2: d = g2 + 0.1·θ1 = [1 + 0.094, 0 − 0.188, −0.5 + 0.0295] = [1.094, −0.188, −0.4705]
    //         θ − 0.1·d = [0.94 − 0.1094, −1.88 + 0.0188, 0.295 + 0.04705] = [0.8306, −1.8612, 0.34205]
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {0.8306, -1.8612, 0.34205}, theta, TOL);
  }

  @Test
  void decayOnlyInsideTheRanges() {
    // Only index 1 is decayed: indices 0 and 2 (as if biases) follow plain sgd,
    // index 1 follows the decayed numbers above. The range sits in the middle, so both the
    // gap before it and the tail after it are exercised.
    Optimizer o = Optimizers.create("sgd", new OptimizerConfig().setWeightDecay(0.1), DecayRanges.of(3, 1, 2));
    double[] theta = THETA0.clone();
    // step 1: [1 − 0.05, −1.88 (decayed), 0.5 − 0.2]
    o.step(theta, G1.clone(), 0.1);
    assertArrayEquals(new double[] {0.95, -1.88, 0.3}, theta, TOL);
    // step 2: [0.95 − 0.1, −1.8612 (decayed), 0.3 + 0.05]
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {0.85, -1.8612, 0.35}, theta, TOL);
  }

  @Test
  void weightsDecayedBiasesNot() {
    // Layout W = θ[0, 2), b = θ[2]: the bias follows plain sgd, the weights the decayed run.
    Optimizer o = Optimizers.create("sgd", new OptimizerConfig().setWeightDecay(0.1), DecayRanges.of(3, 0, 2));
    double[] theta = THETA0.clone();
    o.step(theta, G1.clone(), 0.1);
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {0.8306, -1.8612, 0.35}, theta, TOL);
  }

  @Test
  void adamCoupledDecay() {
    // θ0 = [1, 1], g1 = g2 = [0.5, 0.5], λ = 0.5 on index 0 only, η = 0.1.
    Optimizer o = Optimizers.create("adam", new OptimizerConfig().setWeightDecay(0.5), DecayRanges.of(2, 0, 1));
    double[] theta = {1.0, 1.0};
    // step 1: elem 0: d = 0.5 + 0.5·1 = 1, m̂ = 1, √v̂ = 1, θ = 1 − 0.1/(1 + 1e-8) ≈ 0.900000001
    //         elem 1: d = 0.5, θ = 1 − 0.1·0.5/(0.5 + 1e-8) ≈ 0.900000002
    o.step(theta, new double[] {0.5, 0.5}, 0.1);
    assertArrayEquals(new double[] {0.900000001, 0.900000002}, theta, TOL);
    // step 2: elem 0: d = 0.5 + 0.5·0.900000001 = 0.9500000005
    //           m = 0.9·0.1 + 0.1·0.9500000005 = 0.18500000005, m̂ = m/0.19 = 0.97368421079
    //           v = 0.999·0.001 + 0.001·0.9500000005² = 0.00190150000095, v̂ = v/0.001999
    //           √v̂ = 0.97530795818 (calculator), θ = 0.900000001 − 0.1·m̂/(√v̂ + 1e-8)
    //             = 0.900000001 − 0.099833513 ≈ 0.8001664876318756
    //         elem 1: as in plain adam with a constant gradient, ≈ 1 − 0.2/(1 + 2e-8) ≈ 0.800000004
    o.step(theta, new double[] {0.5, 0.5}, 0.1);
    assertArrayEquals(new double[] {0.8001664876318756, 0.800000004}, theta, TOL);
  }

  @Test
  void adamwDecoupledDecay() {
    // θ0 = [1, 1], g1 = g2 = [0.5, 0.5], λ = 0.5 on index 0 only, η = 0.1. With a constant
    // gradient, m̂/(√v̂ + ε) = 0.5/(0.5 + 1e-8) at every step, so Adam's part is 0.1/(1 + 2e-8).
    Optimizer o = Optimizers.create("adamw", new OptimizerConfig().setWeightDecay(0.5), DecayRanges.of(2, 0, 1));
    double[] theta = {1.0, 1.0};
    // step 1: elem 0: θ − 0.1·0.5·θ = 0.95, then 0.95 − 0.1/(1 + 2e-8) ≈ 0.850000002
    //         elem 1: no decay, 1 − 0.1/(1 + 2e-8) ≈ 0.900000002
    o.step(theta, new double[] {0.5, 0.5}, 0.1);
    assertArrayEquals(new double[] {0.850000002, 0.900000002}, theta, TOL);
    // step 2: elem 0: 0.850000002·(1 − 0.05) = 0.8075000019, then − 0.0999999998 ≈ 0.7075000039
    //         elem 1: 0.900000002 − 0.0999999998 = 0.800000004
    o.step(theta, new double[] {0.5, 0.5}, 0.1);
    assertArrayEquals(new double[] {0.7075000039, 0.800000004}, theta, TOL);
  }

  /**
   * For every coupled rule, decay must equal feeding g + λθ (on decayed indices) to the same rule
   * without decay. Bit-identical, because the rule computes the same sum.
   */
  @Test
  void coupledDecayEqualsGradientPlusLambdaTheta() {
    double lambda = 0.3;
    DecayRanges ranges = DecayRanges.of(5, 0, 2, 3, 4);
    for (String name : new String[] {"sgd", "momentum", "nesterov", "adam"}) {
      Optimizer decayed = Optimizers.create(name, new OptimizerConfig().setWeightDecay(lambda), ranges);
      Optimizer manual = Optimizers.create(name, new OptimizerConfig(), ranges);
      double[] a = {0.3, -1.2, 2.0, 0.7, -0.4};
      double[] b = a.clone();
      for (int t = 0; t < 4; t++) {
        double[] g = {Math.sin(t), 0.5 - t, 0.25 * t, -1.0, Math.cos(t)};
        double[] gPlus = g.clone();
        for (int i = 0; i < g.length; i++) {
          if (ranges.isDecayed(i)) {
            gPlus[i] = g[i] + lambda * b[i];
          }
        }
        decayed.step(a, g, 0.05);
        manual.step(b, gPlus, 0.05);
      }
      assertArrayEquals(b, a, 0.0, name);
    }
  }
}
