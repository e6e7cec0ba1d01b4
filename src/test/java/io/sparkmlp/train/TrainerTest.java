package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.nn.Workspace;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The training loop: determinism, partition invariance, validation, early stopping, divergence. */
class TrainerTest {
  private static final int D = 6;
  private static final int K = 3;
  private static final List<Row> ROWS = TestFrames.classification(150, D, K, 11);
  private static final Architecture ARCH = Architecture.of(new int[] {D, 16, K}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);

  private static TrainConfig config() {
    return new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 10).set(MAX_EPOCHS, 3)
        .set(LEARNING_RATE, 0.01).set(SEED, 17L).set(BLOCK_SIZE, 4);
  }

  private static TrainingResult train(TrainConfig cfg, Architecture arch, int... sizes) {
    return train(cfg, arch, null, sizes);
  }

  /** Trains on ROWS cut into partitions of {@code sizes}, telling {@code listener} (may be null). */
  private static TrainingResult train(TrainConfig cfg, Architecture arch, TrainingListener listener,
      int... sizes) {
    PackedData<?> data = Packer.pack(TestFrames.partitioned(ROWS, sizes), "features", "label",
        Packer.Task.CLASSIFICATION, Precision.fromName(cfg.get(PRECISION)).kernels(), 0, "training data");
    try {
      return new Trainer<>(SparkTestSession.jsc(), data, null, arch, cfg, null, listener).fit();
    } finally {
      data.unpersist();
    }
  }

  /** Softmax probabilities of every row, in float64. */
  private static double[] probabilities(double[] theta) {
    Network<double[]> net = new Network<>(ARCH, Kernels.F64);
    Workspace<double[]> ws = net.newWorkspace(ROWS.size(), false);
    for (int i = 0; i < ROWS.size(); i++) {
      System.arraycopy(((Vector) ROWS.get(i).get(0)).toArray(), 0, ws.x, i * D, D);
    }
    double[] p = new double[ROWS.size() * K];
    net.predict(theta, ws, ROWS.size(), p);
    return p;
  }

  @Test
  void sameSeedDataAndPartitioningGiveBitIdenticalWeights() {
    for (String precision : new String[] {"float64", "float32"}) {
      TrainConfig cfg = config().set(PRECISION, precision);
      double[] a = train(cfg, ARCH, 50, 40, 60).theta();
      double[] b = train(cfg, ARCH, 50, 40, 60).theta();
      assertArrayEquals(a, b, precision + ": two runs must give the same bits");
    }
  }

  @Test
  void oneOrThreePartitionsTrainTheSameModel() {
    // B = 10 is not a multiple of 3 partitions; some batches miss some partitions entirely
    TrainingResult one = train(config(), ARCH, 150);
    TrainingResult three = train(config(), ARCH, 7, 100, 43);
    double[] p1 = probabilities(one.theta());
    double[] p3 = probabilities(three.theta());
    double worst = 0;
    for (int i = 0; i < p1.length; i++) {
      worst = Math.max(worst, Math.abs(p1[i] - p3[i]));
    }
    assertTrue(worst <= 1e-9, "max probability difference " + worst);
    assertEquals(one.steps(), three.steps());
    assertEquals(3 * 15, one.steps(), "150 rows / B = 10, 3 epochs");
    // and training actually moved: the last epoch's loss is below the first
    assertTrue(one.history().get(2).trainLoss() < one.history().get(0).trainLoss());
  }

  @Test
  void theLastBatchOfAnEpochIsShorterAndEveryRowIsSeenOnce() {
    TrainConfig cfg = config().set(BATCH_SIZE, 40).set(MAX_EPOCHS, 1);
    List<StepInfo> steps = new ArrayList<>();
    train(cfg, ARCH, new TrainingListener() {
      @Override public void onStep(StepInfo s) { steps.add(s); }
    }, 75, 75);
    assertEquals(List.of(40, 40, 40, 30), steps.stream().map(StepInfo::rows).toList());
    assertEquals(4, steps.get(3).step());
    assertEquals(ARCH.numLayers(), steps.get(0).layerGradNorms().length);
  }

  @Test
  void aListenerCanEndTrainingAfterAnEpoch() {
    TrainConfig cfg = config().set(MAX_EPOCHS, 5);
    List<EpochRecord> epochs = new ArrayList<>();
    TrainingResult r = train(cfg, ARCH, new TrainingListener() {
      @Override public void onEpoch(EpochRecord e) { epochs.add(e); }
      @Override public boolean stopRequested() { return epochs.size() == 2; }
    }, 75, 75);
    assertEquals(2, r.history().size());
    assertEquals(2 * 15, r.steps());
  }

  @Test
  void validateEveryStepsChecksMidEpochAndCanStopThere() {
    // 120 training rows after a 0.2 hold-out, B = 10: 12 steps per epoch; checks after steps 5 and 10
    TrainConfig cfg = config().set(VALIDATION_FRACTION, 0.2).set(VALIDATE_EVERY_STEPS, 5).set(MAX_EPOCHS, 4);
    List<ValidationCheck> checks = new ArrayList<>();
    List<EpochRecord> epochs = new ArrayList<>();
    TrainingResult r = train(cfg, ARCH, new TrainingListener() {
      @Override public void onValidation(ValidationCheck c) { checks.add(c); }
      @Override public void onEpoch(EpochRecord e) { epochs.add(e); }
      @Override public boolean stopRequested() { return checks.size() == 3; }
    }, 75, 75);
    // epoch 1: steps 5 and 10 (step 12 is the epoch end, validated as the epoch); global step 15 is
    // epoch 2's step 3
    assertEquals(List.of(5L, 10L, 15L), checks.stream().map(ValidationCheck::globalStep).toList());
    assertEquals(List.of(5, 10, 3), checks.stream().map(ValidationCheck::step).toList());
    assertEquals(2, checks.get(2).epoch());
    assertEquals(1, epochs.size(), "stopped in epoch 2, which gets no record");
    assertEquals(15, r.steps());
    for (ValidationCheck c : checks) {
      assertTrue(c.loss() > 0 && c.accuracy() >= 0 && c.accuracy() <= 1, c.toString());
      assertTrue(Double.isNaN(c.rmse()));
    }
    // the checks see the weights of their own step: they differ as training moves
    assertTrue(checks.get(0).loss() != checks.get(1).loss());
    // and the same run without mid-epoch checks trains the same weights (a check only reads θ)
    TrainingResult plain = train(config().set(VALIDATION_FRACTION, 0.2).set(MAX_EPOCHS, 1), ARCH, 75, 75);
    assertEquals(plain.history().get(0).validationLoss(), epochs.get(0).validationLoss());
  }

  @Test
  void validationFractionIsHeldOutAndReported() {
    TrainingResult r = train(config().set(VALIDATION_FRACTION, 0.2), ARCH, 75, 75);
    EpochRecord last = r.history().get(r.history().size() - 1);
    assertFalse(Double.isNaN(last.validationLoss()));
    assertTrue(last.validationAccuracy() >= 0 && last.validationAccuracy() <= 1);
    assertEquals(3, r.history().size());
    // 120 training rows at B = 10
    assertEquals(12, last.steps());
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    // a tiny learning rate with min delta larger than any improvement: no epoch improves on the first
    TrainConfig cfg = config().set(MAX_EPOCHS, 8).set(LEARNING_RATE, 1e-6).set(VALIDATION_FRACTION, 0.2)
        .set(EARLY_STOPPING_PATIENCE, 2).set(MIN_DELTA, 1.0);
    TrainingResult r = train(cfg, ARCH, 150);
    assertTrue(r.stoppedEarly());
    assertEquals(3, r.history().size(), "epoch 1 is best, then 2 epochs without improvement");
    assertEquals(0, r.bestEpoch());
  }

  @Test
  void divergenceStopsWithTheStepLayerAndLastFiniteLoss() {
    TrainConfig cfg = config().set(OPTIMIZER, "sgd").set(LEARNING_RATE, 1e12).set(MAX_EPOCHS, 5);
    Architecture relu = Architecture.of(new int[] {D, 16, K}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    DivergenceException e = assertThrows(DivergenceException.class, () -> train(cfg, relu, 150));
    String m = e.getMessage();
    assertTrue(m.contains("diverged at step"), m);
    assertTrue(m.contains("last finite loss") && !m.contains("none (first step)"), m);
    assertTrue(m.contains("lower learning rate") && m.contains("gradient clipping"), m);
    assertTrue(m.contains("loss is") || m.contains("layer"), m);
  }

  @Test
  void aBatchLargerThanTheDataIsClamped() {
    TrainingResult r = train(config().set(BATCH_SIZE, 1000).set(MAX_EPOCHS, 2), ARCH, 150);
    assertEquals(2, r.steps(), "one full-batch step per epoch");
  }

  @Test
  void aDataSetWhoseWidthDoesNotMatchTheNetworkIsRefused() {
    Architecture wide = Architecture.of(new int[] {D + 1, 4, K}, Activation.RELU,
        Activation.IDENTITY, Loss.CROSS_ENTROPY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(config(), wide, 150));
    assertTrue(e.getMessage().contains("6 features") && e.getMessage().contains("input layer has 7"),
        e.getMessage());
  }
}
