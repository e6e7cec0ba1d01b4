package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.Packer.Layout;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * θ to the executors as row deltas ({@link ThetaChannel}, {@link ThetaCache}): after a lazy
 * update on sparse input, executors that apply the changed rows to their copy compute what a full
 * broadcast of θ every step computes, bit for bit, in both precisions, with chains cut short, and
 * when their copy goes missing mid-run (a new executor); a dense rule broadcasts all of θ.
 */
class ThetaDeltaTest {
  private static final Architecture ARCH = Architecture.of(new int[] {3000, 12, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);
  private static List<Row> rows;

  @BeforeAll
  static void data() {
    SparkTestSession.get();
    rows = SparseTrainingTest.sparseRows(240, 3000, 6, 21);
  }

  private static TrainConfig config(String optimizer, String precision, int chain) {
    return new TrainConfig().set(PRECISION, precision).set(HIDDEN_LAYERS, new int[] {12})
        .set(ACTIVATION, "tanh").set(BATCH_SIZE, 32).set(MAX_EPOCHS, 2).set(LEARNING_RATE, 0.01)
        .set(OPTIMIZER, optimizer).set(MOMENTUM, 0.9).set(SEED, 5L).set(BLOCK_SIZE, 8)
        .set(VALIDATION_FRACTION, 0.1).set(DELTA_CHAIN, chain);
  }

  private static <A> double[] train(Kernels<A> k, TrainConfig cfg, TrainingListener listener) {
    PackedData<A> data = Packer.pack(TestFrames.partitioned(rows, 130, 110), "features", "label",
        Packer.Task.CLASSIFICATION, k, 0, "training data", Layout.CSR);
    try {
      return new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, listener).fit().theta();
    } finally {
      data.unpersist();
    }
  }

  private static double[] train(TrainConfig cfg) {
    return "float32".equals(cfg.get(PRECISION)) ? train(Kernels.F32, cfg, null) : train(Kernels.F64, cfg, null);
  }

  @Test
  void rowDeltasGiveTheBitsOfAFullBroadcastEveryStep() {
    for (String precision : new String[] {"float32", "float64"}) {
      for (String optimizer : new String[] {"lazy_adam", "lazy_momentum", "sgd"}) {
        String what = optimizer + " in " + precision;
        double[] full = train(config(optimizer, precision, 0));
        long applied = ThetaCache.deltasApplied();
        double[] deltas = train(config(optimizer, precision, 64));
        long used = ThetaCache.deltasApplied() - applied;
        // 2 epochs of 6 steps (216 rows train, batch 32); each delta holds about 7% of θ
        assertTrue(used >= 10, what + ": " + used + " deltas applied");
        assertTrue(Arrays.equals(full, deltas), what + ": θ differs between deltas and full broadcasts");
        double[] shortChains = train(config(optimizer, precision, 3));
        assertTrue(Arrays.equals(full, shortChains), what + ": θ differs with a new base every 4 steps");
      }
    }
  }

  @Test
  void anExecutorThatLostItsCopyFetchesAllOfTheta() {
    TrainConfig cfg = config("lazy_adam", "float32", 64);
    double[] expected = train(cfg);
    long fetched = ThetaCache.fullFetches();
    TrainingListener forget = new TrainingListener() {
      @Override
      public void onStep(StepInfo step) {
        if (step.globalStep() % 4 == 0) {
          ThetaCache.clear();
        }
      }
    };
    double[] actual = train(Kernels.F32, cfg, forget);
    assertTrue(ThetaCache.fullFetches() - fetched >= 3, "copies fetched again: " + (ThetaCache.fullFetches() - fetched));
    assertTrue(Arrays.equals(expected, actual), "θ differs after executors lost their copies");
  }

  @Test
  void aDenseRuleOnSparseInputBroadcastsAllOfTheta() {
    long applied = ThetaCache.deltasApplied();
    double[] adam = train(config("adam", "float64", 64));
    assertEquals(applied, ThetaCache.deltasApplied(), "adam changes every row: no deltas");
    assertTrue(Arrays.stream(adam).allMatch(Double::isFinite));
    // sgd with weight decay moves untouched rows too: it is not lazy
    TrainConfig decayed = config("sgd", "float64", 64).set(WEIGHT_DECAY, 1e-3);
    applied = ThetaCache.deltasApplied();
    train(decayed);
    assertEquals(applied, ThetaCache.deltasApplied(), "sgd with weight decay changes every row");
  }
}
