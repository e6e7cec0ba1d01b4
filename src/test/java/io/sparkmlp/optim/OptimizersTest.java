package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The factory by name and the validation of the hyperparameters. */
class OptimizersTest {

  @Test
  void createsEveryNamedRuleIgnoringCase() {
    for (String name : Optimizers.NAMES) {
      Optimizer o = Optimizers.create(" " + name.toUpperCase() + " ", new OptimizerConfig(), DecayRanges.all(4));
      assertEquals(name, o.name());
      assertEquals(4, o.numParams());
      assertEquals(0, o.stepCount());
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("rmsprop", new OptimizerConfig(), DecayRanges.all(1)));
    assertTrue(e.getMessage().contains("'rmsprop'"), e.getMessage());
    assertTrue(e.getMessage().contains("[sgd, momentum, nesterov, adam, adamw, lazy_adam, lazy_momentum]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create(null, new OptimizerConfig(), DecayRanges.all(1)));
  }

  @Test
  void badHyperparametersAreRejectedByName() {
    assertRejected("momentum", c -> c.setMomentum(1.0));
    assertRejected("momentum", c -> c.setMomentum(-0.1));
    assertRejected("momentum", c -> c.setMomentum(Double.NaN));
    assertRejected("beta1", c -> c.setBeta1(1.0));
    assertRejected("beta2", c -> c.setBeta2(-1e-9));
    assertRejected("beta2", c -> c.setBeta2(Double.POSITIVE_INFINITY));
    assertRejected("epsilon", c -> c.setEpsilon(0.0));
    assertRejected("epsilon", c -> c.setEpsilon(Double.POSITIVE_INFINITY));
    assertRejected("weightDecay", c -> c.setWeightDecay(-0.01));
    assertRejected("weightDecay", c -> c.setWeightDecay(Double.NaN));
    assertRejected("weightDecay", c -> c.setWeightDecay(Double.POSITIVE_INFINITY));
  }

  static void assertRejected(String parameter, Consumer<OptimizerConfig> set) {
    OptimizerConfig cfg = new OptimizerConfig();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.accept(cfg));
    assertTrue(e.getMessage().startsWith(parameter + ":"), e.getMessage());
    assertEquals(new OptimizerConfig().toMap(), cfg.toMap(), "a rejected value must not be stored");
  }

  @Test
  void boundaryValuesAreAccepted() {
    new OptimizerConfig().setMomentum(0.0).setBeta1(0.0).setBeta2(0.0).setWeightDecay(0.0).setEpsilon(Double.MIN_VALUE);
  }

  @Test
  void defaultsAndMapRoundTrip() {
    OptimizerConfig d = new OptimizerConfig();
    assertEquals(0.9, d.momentum());
    assertEquals(0.9, d.beta1());
    assertEquals(0.999, d.beta2());
    assertEquals(1e-8, d.epsilon());
    assertEquals(0.0, d.weightDecay());

    OptimizerConfig c = new OptimizerConfig().setMomentum(0.5).setBeta2(0.99).setWeightDecay(1e-4);
    assertEquals(c.toMap(), OptimizerConfig.fromMap(c.toMap()).toMap());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OptimizerConfig.fromMap(Map.of("lr", 0.1)));
    assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("weightDecay"), e.getMessage());
  }

  @Test
  void configIsCopiedAtCreation() {
    OptimizerConfig cfg = new OptimizerConfig().setMomentum(0.9);
    Optimizer o = Optimizers.create("momentum", cfg, DecayRanges.all(1));
    cfg.setMomentum(0.0);
    double[] theta = {0.0};
    o.step(theta, new double[] {1.0}, 1.0); // v = 1, θ = −1
    o.step(theta, new double[] {1.0}, 1.0); // v = 0.9·1 + 1 = 1.9 (μ still 0.9), θ = −2.9
    assertEquals(-2.9, theta[0], 1e-15);
  }
}
