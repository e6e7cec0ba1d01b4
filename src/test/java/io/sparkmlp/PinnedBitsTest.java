package io.sparkmlp;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.config.Setting;
import io.sparkmlp.config.TrainSpec;
import io.sparkmlp.linalg.Blas;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpClassifier;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pins the bits of a small float64 training run: the same seed, data and settings must give
 * the same θ, bit for bit, before and after any refactor that is meant not to change behaviour
 * (how hyperparameters travel: TrainConfig, MlpParamSet/MlpParams, TrainKeys/TrainSpec).
 *
 * <p>The run: the first {@value #ROWS} rows of sklearn's digits ({@code datasets/digits.csv},
 * pixels / 16, exact in binary) in 3 partitions of {@value #PER_PARTITION}, a 64-16-10 tanh
 * network with softmax cross-entropy, adam with coupled weight decay, 4 steps of warm-up into a
 * cosine schedule, gradient clipping, 20% held out for validation, B = 32 over blocks of 16
 * rows, 2 epochs in float64, seed {@value #SEED_VALUE}. It is trained twice, once through
 * {@link Trainer} with a {@link TrainConfig} and once through {@link MlpClassifier} with the
 * same values as Spark ML params; both must give the pinned θ.
 *
 * <p>Under native OpenBLAS the bits of a GEMM depend on the kernel set the CPU gets, and under
 * netlib's VectorBLAS on the CPU's vector width, so this test runs only with
 * {@code -Dsparkmlp.blas=f2j} (netlib's plain-Java reference BLAS, see {@link Blas}), in a JVM
 * of its own: the {@code pinned-bits} surefire execution in pom.xml, which runs the tests tagged
 * {@value #TAG} (the default execution excludes them). It is part of {@code mvn test}; alone:
 * {@code mvn -B -q test -Dtest=PinnedBitsTest -Dsurefire.failIfNoSpecifiedTests=false}. The
 * remaining platform dependence is the JVM's {@code Math.exp}/{@code Math.log} (softmax): the
 * values were recorded on x86_64 with OpenJDK 17.0.15.
 *
 * <p>Regenerating the pinned values: only when a change is <em>meant</em> to change the
 * numbers (a new initialisation, a different summation order, a fixed bug), never to make a
 * refactor pass — a refactor that changes these bits has changed behaviour. Then run the test,
 * copy the hash and the three values from the failure message into {@link #PINNED_SHA256} and
 * {@link #PINNED_VALUES}, and say in the commit message why the numbers moved. Recorded at
 * commit 3b120fe (the engine as of 99ba4f8); re-recorded when Adam took PyTorch's order of
 * operations (the step size η/(1 − β1^t) once per step: the last bit of some values moved).
 */
@Tag(PinnedBitsTest.TAG)
class PinnedBitsTest {
  static final String TAG = "pinned-bits";
  private static final long SEED_VALUE = 20240611L;
  private static final int ROWS = 480;
  private static final int PER_PARTITION = 160;
  private static final int PARTITIONS = ROWS / PER_PARTITION;

  /** SHA-256 of θ's float64 bits, each value's 8 bytes big-endian, in θ's order. */
  private static final String PINNED_SHA256 =
      "becf06e7faa57c7a2a97b5a4cf57b6b3c649ec3f5dd8a84b6abc713dca77bf2e";
  /** θ[0], θ[n/2] and θ[n−1]. */
  private static final double[] PINNED_VALUES =
      {-0.13490402705841897, 0.23763247629379830, -0.043857711166067650};

  private static TrainConfig config() {
    return new TrainConfig().set(HIDDEN_LAYERS, new int[] {16}).set(ACTIVATION, "tanh").set(OPTIMIZER, "adam")
        .set(LEARNING_RATE, 0.01).set(LR_SCHEDULE, "cosine").set(WARMUP_STEPS, 4).set(MIN_LEARNING_RATE, 1e-4)
        .set(WEIGHT_DECAY, 1e-4).set(GRAD_CLIP, 2.0).set(BATCH_SIZE, 32).set(MAX_EPOCHS, 2).set(SEED, SEED_VALUE)
        .set(PRECISION, "float64").set(VALIDATION_FRACTION, 0.2).set(BLOCK_SIZE, 16);
  }

  @Test
  void theTrainerGivesThePinnedWeights() {
    requireF2j();
    Architecture arch = Architecture.of(new int[] {64, 16, 10}, Activation.TANH,
        Activation.IDENTITY, Loss.CROSS_ENTROPY);
    PackedData<double[]> data = Packer.pack(digits(), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    TrainingResult r;
    try {
      assertEquals(PARTITIONS, data.numPartitions());
      r = new Trainer<>(SparkTestSession.jsc(), data, null, arch, config(), null, null).fit();
    } finally {
      data.unpersist();
    }
    assertEquals(2, r.history().size());
    assertEquals(2 * 12, r.steps(), "384 training rows after the 20% hold-out, B = 32");
    assertPinned(r.theta());
  }

  @Test
  void theClassifierWithTheSameParamsGivesThePinnedWeights() {
    requireF2j();
    MlpClassificationModel model = new MlpClassifier().setHiddenLayers(16).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.01).setLrSchedule("cosine").setWarmupSteps(4)
        .setMinLearningRate(1e-4).setWeightDecay(1e-4).setGradClip(2.0).setBatchSize(32)
        .setMaxEpochs(2).setSeed(SEED_VALUE).setPrecision("float64").setValidationFraction(0.2)
        .setBlockSize(16).fit(digits());
    assertEquals(10, model.numClasses());
    assertPinned(model.weights());
  }

  /** The train job's route: the same settings as config-file keys reach the same TrainConfig. */
  @Test
  void theJobsKeysGiveThePinnedWeights() {
    requireF2j();
    Map<String, Setting> flags = new LinkedHashMap<>();
    String[] kv = {"data", "unused", "hidden", "16", "activation", "tanh", "optimizer", "adam", "lr", "0.01",
        "lr-schedule", "cosine", "warmup-steps", "4", "min-lr", "1e-4", "weight-decay", "1e-4",
        "grad-clip", "2.0", "batch-size", "32", "epochs", "2", "seed", Long.toString(SEED_VALUE),
        "precision", "float64", "validation-fraction", "0.2", "block-size", "16"};
    for (int i = 0; i < kv.length; i += 2) {
      flags.put(kv[i], Setting.fromFlag(kv[i], kv[i + 1]));
    }
    TrainConfig fromKeys = TrainSpec.of(TrainSpec.merge(Map.of(), flags), LocalDateTime.now()).train();
    Architecture arch = Architecture.of(new int[] {64, 16, 10}, Activation.TANH,
        Activation.IDENTITY, Loss.CROSS_ENTROPY);
    PackedData<double[]> data = Packer.pack(digits(), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    try {
      assertPinned(new Trainer<>(SparkTestSession.jsc(), data, null, arch, fromKeys, null, null).fit().theta());
    } finally {
      data.unpersist();
    }
  }

  @Test
  void thisJvmRunsTheJavaReferenceBlasAndSaysSo() {
    requireF2j();
    assertFalse(Blas.isNative());
    String d = Blas.describe();
    assertTrue(d.contains("on purpose") && d.contains("-Dsparkmlp.blas=f2j"), d);
    assertFalse(d.contains("apt-get"), d);
  }

  private static void requireF2j() {
    assertEquals("F2jBLAS", Blas.implementationName(), "the pinned bits hold only under"
        + " -Dsparkmlp.blas=f2j (the pinned-bits execution in pom.xml), not under " + Blas.describe());
  }

  private static void assertPinned(double[] theta) {
    assertEquals(64 * 16 + 16 + 16 * 10 + 10, theta.length);
    double[] values = {theta[0], theta[theta.length / 2], theta[theta.length - 1]};
    String found = "θ's SHA-256 " + sha256(theta) + ", θ[0], θ[n/2], θ[n-1] = "
        + String.format("%.17g, %.17g, %.17g", values[0], values[1], values[2]);
    String pinned = "pinned " + PINNED_SHA256 + ", "
        + String.format("%.17g, %.17g, %.17g", PINNED_VALUES[0], PINNED_VALUES[1], PINNED_VALUES[2]);
    for (double v : theta) {
      assertTrue(Double.isFinite(v), found);
    }
    assertArrayEquals(PINNED_VALUES, values, 0.0, "the trained weights changed: " + found + "; "
        + pinned);
    assertEquals(PINNED_SHA256, sha256(theta), "the trained weights changed: " + found + "; "
        + pinned);
  }

  private static String sha256(double[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * v.length);
    for (double x : v) {
      bytes.putLong(Double.doubleToRawLongBits(x));
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first {@link #ROWS} digits as (features: the 64 pixels / 16, label: the digit), in file
   * order, in {@link #PARTITIONS} partitions of consecutive rows.
   */
  private static Dataset<Row> digits() {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = PinnedBitsTest.class.getResourceAsStream("/datasets/digits.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      r.readLine(); // header
      for (int i = 0; i < ROWS; i++) {
        String[] f = r.readLine().split(",");
        double[] x = new double[64];
        for (int j = 0; j < 64; j++) {
          x[j] = Integer.parseInt(f[j]) / 16.0;
        }
        rows.add(RowFactory.create(Vectors.dense(x), (double) Integer.parseInt(f[64])));
      }
    } catch (IOException e) {
      throw new IllegalStateException("datasets/digits.csv: " + e.getMessage(), e);
    }
    StructType schema = new StructType().add("features", new VectorUDT(), false)
        .add("label", DataTypes.DoubleType, false);
    return SparkTestSession.get().createDataFrame(
        SparkTestSession.jsc().parallelize(rows, PARTITIONS), schema);
  }
}
