package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.ADAM_BETA2;
import static io.sparkmlp.train.Hyperparams.MOMENTUM;
import static io.sparkmlp.train.Hyperparams.WEIGHT_DECAY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmlp.optim.OptimizerConfig;
import org.junit.jupiter.api.Test;

/** The settings reach the update rules: what the Trainer's optimizer is built from. */
class TrainSetupTest {
  @Test
  void theOptimizerGetsTheSettingsAndOtherwiseItsOwnDefaults() {
    OptimizerConfig d = TrainSetup.optimizerConfig(new TrainConfig());
    assertEquals(OptimizerConfig.DEFAULT_BETA2, d.beta2());
    assertEquals(OptimizerConfig.DEFAULT_MOMENTUM, d.momentum());
    OptimizerConfig c = TrainSetup.optimizerConfig(new TrainConfig().set(ADAM_BETA2, 0.95)
        .set(MOMENTUM, 0.5).set(WEIGHT_DECAY, 1e-3));
    assertEquals(0.95, c.beta2());
    assertEquals(0.5, c.momentum());
    assertEquals(1e-3, c.weightDecay());
    assertEquals(OptimizerConfig.DEFAULT_BETA1, c.beta1(), "not a setting: the rule's own default");
  }
}
