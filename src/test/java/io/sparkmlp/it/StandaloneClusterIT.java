package io.sparkmlp.it;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real standalone cluster from scripts/cluster.sh (a master and 2 workers of 1 core, each
 * executor its own JVM): training there gives the weights local[2] gives, and survives an
 * executor killed with SIGKILL mid-training with the same bits, also when executors keep θ and
 * receive row deltas (sparse input, lazy_adam): the replacement executor has no copy, fetches
 * the base and every delta since, and the weights are those of a full broadcast every step.
 */
class StandaloneClusterIT {
  private static final Architecture ARCH = Architecture.of(new int[] {12, 16, 8, 4},
      Activation.TANH, Activation.IDENTITY, Loss.CROSS_ENTROPY);
  private static final int SPARSE_D = 4000;
  private static final Architecture SPARSE_ARCH = Architecture.of(new int[] {SPARSE_D, 16, 4},
      Activation.TANH, Activation.IDENTITY, Loss.CROSS_ENTROPY);

  @BeforeAll
  static void startCluster() throws Exception {
    SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
    Cluster.script("stop");
    Cluster.script("start", "2");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Cluster.script("stop");
  }

  private static List<Row> data() {
    Random rng = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      double[] x = new double[12];
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        x[j] = rng.nextGaussian();
        s += Math.sin((j + 1) * x[j]);
      }
      rows.add(RowFactory.create(Vectors.dense(x), (double) Math.floorMod((int) Math.floor(s), 4)));
    }
    return rows;
  }

  /** 1200 rows of SPARSE_D features with about 8 nonzeros each; the class is a seeded rule over them. */
  private static List<Row> sparseData() {
    Random rng = new Random(4);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      int[] idx = rng.ints(8, 0, SPARSE_D).distinct().sorted().toArray();
      double[] v = new double[idx.length];
      double s = 0;
      for (int j = 0; j < idx.length; j++) {
        v[j] = 0.5 + rng.nextDouble();
        s += (idx[j] % 5) * v[j];
      }
      rows.add(RowFactory.create(Vectors.sparse(SPARSE_D, idx, v), (double) Math.floorMod((int) s, 4)));
    }
    return rows;
  }

  private static TrainConfig config() {
    return new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 60).set(MAX_EPOCHS, 2)
        .set(LEARNING_RATE, 0.01).set(SEED, 99L);
  }

  /** Trains on the given master (a fresh session), calling onStep after each step; returns θ. */
  private static double[] train(String master, Consumer<StepInfo> onStep) {
    return train(master, data(), ARCH, config(), onStep);
  }

  private static double[] trainSparse(int deltaChain, Consumer<StepInfo> onStep) {
    return train(Cluster.MASTER, sparseData(), SPARSE_ARCH,
        config().set(OPTIMIZER, "lazy_adam").set(DELTA_CHAIN, deltaChain), onStep);
  }

  private static double[] train(String master, List<Row> rows, Architecture arch, TrainConfig cfg,
      Consumer<StepInfo> onStep) {
    StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    return train(master, "1g", spark -> spark.createDataFrame(rows, schema), 4, arch, cfg,
        (spark, s) -> onStep.accept(s));
  }

  /**
   * Trains on {@code data} in a fresh session on {@code master} with executors of
   * {@code executorMemory}, packed into {@code partitions} (0: the input's), calling onStep with the
   * session after each step; returns θ.
   */
  private static double[] train(String master, String executorMemory,
      java.util.function.Function<SparkSession, org.apache.spark.sql.Dataset<Row>> data, int partitions,
      Architecture arch, TrainConfig cfg, java.util.function.BiConsumer<SparkSession, StepInfo> onStep) {
    SparkSession spark = SparkSession.builder().master(master).appName("sparkmlp-cluster-it")
        .config("spark.jars", Cluster.appJar())
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.executor.memory", executorMemory)
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.broadcast.compress", "false").config("spark.task.maxDirectResultSize", "64m")
        .getOrCreate();
    try {
      PackedData<double[]> packed = Packer.pack(data.apply(spark), "features",
          "label", Packer.Task.CLASSIFICATION, Kernels.F64, partitions, "training data");
      return new Trainer<>(JavaSparkContext.fromSparkContext(spark.sparkContext()), packed, null,
          arch, cfg, null, new TrainingListener() {
            @Override public void onStep(StepInfo s) { onStep.accept(spark, s); }
          }).fit().theta();
    } finally {
      spark.stop();
    }
  }

  @Test
  void theClusterTrainsTheSameWeightsAsLocalMode() {
    double[] cluster = train(Cluster.MASTER, s -> { });
    double[] local = train("local[2]", s -> { });
    double diff = 0, norm = 0;
    for (int i = 0; i < local.length; i++) {
      diff = Math.max(diff, Math.abs(cluster[i] - local[i]));
      norm = Math.max(norm, Math.abs(local[i]));
    }
    assertTrue(diff <= 1e-12 * norm, "max |Δθ| " + diff + " against max |θ| " + norm);
  }

  @Test
  void aKilledExecutorIsRecoveredAndTheWeightsAreBitIdentical() throws Exception {
    double[] undisturbed = train(Cluster.MASTER, s -> { });
    String log;
    double[] recovered;
    try (LogCapture capture = new LogCapture("io.sparkmlp.train")) {
      recovered = train(Cluster.MASTER, killAtStep(12));
      log = capture.text();
    }
    assertTrue(log.contains("was lost") && log.contains("recomputes"), "log was:\n" + log);
    assertArrayEquals(undisturbed, recovered, "recovery must not change a single bit");
  }

  @Test
  void withRowDeltasAKilledExecutorEndsWithTheWeightsOfFullBroadcasts() throws Exception {
    double[] full = trainSparse(0, s -> { });
    String log;
    double[] recovered;
    try (LogCapture capture = new LogCapture("io.sparkmlp.train", org.apache.logging.log4j.Level.INFO)) {
      recovered = trainSparse(64, killAtStep(12));
      log = capture.text();
    }
    assertTrue(log.contains("was lost") && log.contains("recomputes"), "log was:\n" + log);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) full broadcast\\(s\\) and (\\d+) row delta")
        .matcher(log);
    assertTrue(m.find() && Integer.parseInt(m.group(2)) >= 20, "θ went out as row deltas; log was:\n" + log);
    assertArrayEquals(full, recovered, "deltas and the recovery must not change a single bit");
  }

  /**
   * Executors of 512 MiB hold (512 MiB · 0.97 − 300 MiB) · 0.6 ≈ 118 MiB of unified memory; the
   * packed data is 305 MiB (40,000 rows × 1,000 float64 features, in partitions of the CSV's 32
   * MiB splits, about 46 MiB each, so each one fits the heap), so MEMORY_AND_DISK puts some of it
   * on disk, and every step reads it back: the weights are those of executors that cache all of it.
   */
  @Test
  void packedDataThatDoesNotFitTheExecutorsSpillsToDiskWithTheSameBits(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path csv = tmp.resolve("wide.csv");
    writeWideCsv(csv, 40_000, WIDE_D);
    TrainConfig cfg = config().set(BATCH_SIZE, 4000).set(MAX_EPOCHS, 1);
    java.util.function.Function<SparkSession, org.apache.spark.sql.Dataset<Row>> data =
        spark -> io.sparkmlp.data.DataLoader.load(spark, csv.toString(), io.sparkmlp.data.DataFormat.CSV, "label", 0);
    long[] cachedDisk = new long[1];
    double[] cached = train(Cluster.MASTER, "2g", data, 0, WIDE_ARCH, cfg, (spark, s) -> {
      if (s.globalStep() == 1) {
        cachedDisk[0] = diskBytes(spark);
      }
    });
    long[] spilledDisk = new long[1];
    double[] spilled = train(Cluster.MASTER, "512m", data, 0, WIDE_ARCH, cfg, (spark, s) -> {
      if (s.globalStep() == 1) {
        spilledDisk[0] = diskBytes(spark);
      }
    });
    assertTrue(cachedDisk[0] == 0, "2 GiB executors hold it all in memory: " + cachedDisk[0] + " bytes on disk");
    assertTrue(spilledDisk[0] > 0, "512 MiB executors must spill the packed data, found 0 bytes on disk");
    System.out.printf("spill test: %.1f MiB of the packed data on disk%n", spilledDisk[0] / 1048576.0);
    assertArrayEquals(cached, spilled, "data read back from disk must give the same bits");
  }

  private static final int WIDE_D = 1000;
  private static final Architecture WIDE_ARCH = Architecture.of(new int[] {WIDE_D, 16, 4},
      Activation.TANH, Activation.IDENTITY, Loss.CROSS_ENTROPY);

  /** Disk bytes of our packed RDD's cached blocks, over all executors. */
  private static long diskBytes(SparkSession spark) {
    long bytes = 0;
    for (org.apache.spark.storage.RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.name().startsWith("sparkmlp packed")) {
        bytes += info.diskSize();
      }
    }
    return bytes;
  }

  /** n rows of d features in [0, 1) with 3 decimals and a label in 0..3 from a seeded rule; a header line first. */
  private static void writeWideCsv(java.nio.file.Path file, int n, int d) throws java.io.IOException {
    Random rng = new Random(7);
    try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < d; j++) {
        line.append('f').append(j).append(',');
      }
      w.write(line.append("label\n").toString());
      for (int i = 0; i < n; i++) {
        line.setLength(0);
        double s = 0;
        for (int j = 0; j < d; j++) {
          int v = rng.nextInt(1000);
          s += (j % 3 == 0 ? v : -v) / 1000.0;
          line.append(v / 1000.0).append(',');
        }
        w.write(line.append(Math.floorMod((int) Math.floor(s / 8), 4)).append('\n').toString());
      }
    }
  }

  /** A listener that SIGKILLs one executor JVM after global step {@code step}, once. */
  private static Consumer<StepInfo> killAtStep(int step) {
    List<Long> killed = new ArrayList<>();
    return s -> {
      if (s.globalStep() == step && killed.isEmpty()) {
        List<Long> pids = Cluster.executorPids();
        assertFalse(pids.isEmpty(), "no executor JVM found");
        try {
          Cluster.kill9(pids.get(0));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        killed.add(pids.get(0));
      }
    };
  }
}
