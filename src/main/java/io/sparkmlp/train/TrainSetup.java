package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.optim.DecayRanges;
import io.sparkmlp.optim.OptimizerConfig;
import io.sparkmlp.optim.ScheduleConfig;
import java.util.Arrays;
import java.util.SplittableRandom;

/** How a {@link TrainConfig} and the data turn into the Trainer's parts. Driver-side, pure. */
final class TrainSetup {
  private TrainSetup() {}

  /** [train positions, sorted validation positions]: a seeded hold-out of ⌈f·N⌉ rows. */
  static int[][] splitPositions(long n, double fraction, long seed) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most 2^31-1 training rows are supported, got " + n);
    }
    int[] all = new int[(int) n];
    Arrays.setAll(all, i -> i);
    int held = (int) Math.ceil(fraction * n);
    if (held == 0) {
      return new int[][] {all, new int[0]};
    }
    if (held >= n) {
      throw new IllegalArgumentException("validationFraction " + fraction
          + " leaves no training rows out of " + n);
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = all.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] val = Arrays.copyOfRange(all, 0, held);
    int[] tr = Arrays.copyOfRange(all, held, all.length);
    Arrays.sort(val);
    Arrays.sort(tr);
    return new int[][] {tr, val};
  }

  static void checkShapes(PackedData<?> train, PackedData<?> validation, Architecture arch) {
    if (train.numFeatures() != arch.inputSize()) {
      throw new IllegalArgumentException("the training data has " + train.numFeatures()
          + " features but the network's input layer has " + arch.inputSize());
    }
    checkTargets("training", train, arch);
    if (validation != null) {
      if (validation.numFeatures() != train.numFeatures() || validation.precision() != train.precision()) {
        throw new IllegalArgumentException("the validation data has " + validation.numFeatures()
            + " features (" + validation.precision().id() + "), the training data "
            + train.numFeatures() + " (" + train.precision().id() + ")");
      }
      checkTargets("validation", validation, arch);
    }
  }

  private static void checkTargets(String what, PackedData<?> data, Architecture arch) {
    if (arch.loss().isClassification() && data.maxLabel() >= arch.outputSize()) {
      throw new IllegalArgumentException("the " + what + " data has label " + data.maxLabel()
          + " but the network has " + arch.outputSize() + " classes (0.." + (arch.outputSize() - 1) + ")");
    }
    if (!arch.loss().isClassification() && data.numOutputs() != arch.outputSize()) {
      throw new IllegalArgumentException("the " + what + " targets have " + data.numOutputs()
          + " values per row but the network has " + arch.outputSize() + " outputs");
    }
  }

  static OptimizerConfig optimizerConfig(TrainConfig cfg) {
    return new OptimizerConfig().setMomentum(cfg.get(MOMENTUM)).setWeightDecay(cfg.get(WEIGHT_DECAY))
        .setBeta2(cfg.get(ADAM_BETA2));
  }

  static ScheduleConfig scheduleConfig(TrainConfig cfg, long totalSteps) {
    ScheduleConfig s = new ScheduleConfig().setBaseLr(cfg.get(LEARNING_RATE))
        .setWarmupSteps(cfg.get(WARMUP_STEPS)).setGamma(cfg.get(LR_GAMMA))
        .setMinLr(Math.min(cfg.get(MIN_LEARNING_RATE), cfg.get(LEARNING_RATE)));
    if ("step".equals(cfg.get(LR_SCHEDULE))) {
      s.setStepSize(cfg.get(LR_STEP_SIZE) > 0 ? cfg.get(LR_STEP_SIZE) : Math.max(1, totalSteps / 3));
    }
    if ("cosine".equals(cfg.get(LR_SCHEDULE))) {
      s.setDecaySteps(Math.max(1, totalSteps - cfg.get(WARMUP_STEPS)));
    }
    return s;
  }

  /** Weight decay applies to every W and to no b. */
  static DecayRanges weightsOnly(Architecture arch) {
    int[] pairs = new int[2 * arch.numLayers()];
    for (int l = 0; l < arch.numLayers(); l++) {
      pairs[2 * l] = arch.weightOffset(l);
      pairs[2 * l + 1] = arch.biasOffset(l);
    }
    return DecayRanges.of(arch.numParams(), pairs);
  }
}
