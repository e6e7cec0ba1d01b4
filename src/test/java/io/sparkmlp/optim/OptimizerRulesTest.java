package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each update rule against two steps computed by hand (no weight decay here; see
 * {@link WeightDecayTest}). Shared setup: θ0 = [1, −2, 0.5], g1 = [0.5, −1, 2], g2 = [1, 0, −0.5],
 * η = 0.1, μ = 0.9.
 */
class OptimizerRulesTest {

  static final double TOL = 1e-12;
  static final double[] THETA0 = {1.0, -2.0, 0.5};
  static final double[] G1 = {0.5, -1.0, 2.0};
  static final double[] G2 = {1.0, 0.0, -0.5};

  static Optimizer create(String name, OptimizerConfig cfg, int n) {
    return Optimizers.create(name, cfg, DecayRanges.all(n));
  }

  @Test
  void sgd() {
    Optimizer o = create("sgd", new OptimizerConfig(), 3);
    double[] theta = THETA0.clone();
    // step 1: θ − η·g1 = [1 − 0.05, −2 + 0.1, 0.5 − 0.2]
    o.step(theta, G1.clone(), 0.1);
    assertArrayEquals(new double[] {0.95, -1.9, 0.3}, theta, TOL);
    // step 2: θ − η·g2 = [0.95 − 0.1, −1.9 − 0, 0.3 + 0.05]
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {0.85, -1.9, 0.35}, theta, TOL);
    assertEquals(2, o.stepCount());
  }

  @Test
  void momentumPyTorchConvention() {
    Optimizer o = create("momentum", new OptimizerConfig().setMomentum(0.9), 3);
    double[] theta = THETA0.clone();
    // step 1: v = 0.9·0 + g1 = [0.5, −1, 2]; θ − 0.1·v = [0.95, −1.9, 0.3]
    o.step(theta, G1.clone(), 0.1);
    assertArrayEquals(new double[] {0.95, -1.9, 0.3}, theta, TOL);
    assertArrayEquals(new double[] {0.5, -1.0, 2.0}, o.snapshot().array("velocity"), TOL);
    // step 2: v = 0.9·[0.5, −1, 2] + [1, 0, −0.5] = [1.45, −0.9, 1.3]
    //         θ − 0.1·v = [0.95 − 0.145, −1.9 + 0.09, 0.3 − 0.13] = [0.805, −1.81, 0.17]
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {1.45, -0.9, 1.3}, o.snapshot().array("velocity"), TOL);
    assertArrayEquals(new double[] {0.805, -1.81, 0.17}, theta, TOL);
  }

  @Test
  void nesterovPyTorchConvention() {
    Optimizer o = create("nesterov", new OptimizerConfig().setMomentum(0.9), 3);
    double[] theta = THETA0.clone();
    // step 1: v = g1; θ − 0.1·(g1 + 0.9·g1) = θ − 0.19·g1 = [1 − 0.095, −2 + 0.19, 0.5 − 0.38]
    o.step(theta, G1.clone(), 0.1);
    assertArrayEquals(new double[] {0.905, -1.81, 0.12}, theta, TOL);
    // step 2: v = [1.45, −0.9, 1.3] (as momentum); g2 + 0.9·v = [1 + 1.305, 0 − 0.81, −0.5 + 1.17]
    //         = [2.305, −0.81, 0.67]; θ − 0.1·that = [0.905 − 0.2305, −1.81 + 0.081, 0.12 − 0.067]
    o.step(theta, G2.clone(), 0.1);
    assertArrayEquals(new double[] {0.6745, -1.729, 0.053}, theta, TOL);
    assertArrayEquals(new double[] {1.45, -0.9, 1.3}, o.snapshot().array("velocity"), TOL);
  }

  @Test
  void adamWithBiasCorrection() {
    // θ0 = [1, −2, 3], g1 = [0.5, −1, 0], g2 = [0.5, 0, 0], η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8.
    Optimizer o = create("adam", new OptimizerConfig(), 3);
    double[] theta = {1.0, -2.0, 3.0};
    // step 1 (t = 1): m = 0.1·g1 = [0.05, −0.1, 0]; v = 0.001·g1² = [0.00025, 0.001, 0]
    //   m̂ = m/0.1 = g1; √v̂ = √v/√0.001 = |g1| = [0.5, 1, 0]
    //   θ0 − 0.1·m̂/(√v̂ + ε):  1 − 0.1·0.5/(0.5 + 1e-8) = 1 − 0.1/(1 + 2e-8) ≈ 0.900000002
    //                          −2 + 0.1/(1 + 1e-8) ≈ −1.900000001
    //                          3 − 0.1·0/(0 + 1e-8) = 3   (ε keeps 0/0 away)
    o.step(theta, new double[] {0.5, -1.0, 0.0}, 0.1);
    assertArrayEquals(new double[] {0.900000002, -1.900000001, 3.0}, theta, TOL);
    assertArrayEquals(new double[] {0.05, -0.1, 0.0}, o.snapshot().array("m"), TOL);
    assertArrayEquals(new double[] {0.00025, 0.001, 0.0}, o.snapshot().array("v"), 1e-15);
    // step 2 (t = 2): bias corrections 1 − 0.9² = 0.19 and 1 − 0.999² = 0.001999
    //   elem 0: m = 0.9·0.05 + 0.1·0.5 = 0.095, m̂ = 0.095/0.19 = 0.5
    //           v = 0.999·0.00025 + 0.001·0.25 = 0.00049975, v̂ = 0.00049975/0.001999 = 0.25, √v̂ = 0.5
    //           θ = 0.900000002 − 0.1/(1 + 2e-8) ≈ 0.800000004
    //   elem 1: m = 0.9·(−0.1) = −0.09, m̂ = −9/19 = −0.47368421052631579
    //           v = 0.999·0.001 = 0.000999, √v̂ = √(999/1999) = 0.70692989393395208 (calculator)
    //           θ = −1.900000001 + 0.1·0.47368421052631579/(0.70692989393395208 + 1e-8)
    //             = −1.900000001 + 0.067005824465812 = −1.832994176534188
    //   elem 2: unchanged, 3
    o.step(theta, new double[] {0.5, 0.0, 0.0}, 0.1);
    assertArrayEquals(new double[] {0.800000004, -1.832994176534188, 3.0}, theta, TOL);
    assertEquals(2, o.snapshot().stepCount());
  }

  @Test
  void zeroLearningRateLeavesThetaButAdvancesState() {
    Optimizer o = create("momentum", new OptimizerConfig(), 3);
    double[] theta = THETA0.clone();
    o.step(theta, G1.clone(), 0.0);
    assertArrayEquals(THETA0, theta, 0.0);
    assertArrayEquals(G1, o.snapshot().array("velocity"), 0.0);
    assertEquals(1, o.stepCount());
  }

  @Test
  void stepNeverModifiesTheGradient() {
    for (String name : Optimizers.NAMES) {
      Optimizer o = Optimizers.create(name, new OptimizerConfig().setWeightDecay(0.3), DecayRanges.of(3, 0, 2));
      double[] grad = G1.clone();
      double[] theta = THETA0.clone();
      o.step(theta, grad, 0.1);
      o.step(theta, grad, 0.1);
      assertArrayEquals(G1, grad, 0.0, name);
    }
  }

  @Test
  void stepRejectsWrongLengthsAndBadLearningRates() {
    Optimizer o = create("adam", new OptimizerConfig(), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> o.step(new double[3], new double[2], 0.1));
    assertTrue(e.getMessage().contains("grad") && e.getMessage().contains("3")
        && e.getMessage().contains("length 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.step(new double[4], new double[3], 0.1));
    assertTrue(e.getMessage().contains("theta") && e.getMessage().contains("length 4"), e.getMessage());
    for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      e = assertThrows(IllegalArgumentException.class, () -> o.step(new double[3], new double[3], bad));
      assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }
    assertEquals(0, o.stepCount(), "a rejected step must not count");
  }

  @Test
  void emptyParameterArrayIsAllowed() {
    Optimizer o = create("adamw", new OptimizerConfig().setWeightDecay(0.1), 0);
    o.step(new double[0], new double[0], 0.1);
    assertEquals(1, o.stepCount());
  }
}
