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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * Training on sparse features through Spark: the CSR layout is chosen from the density, it
 * trains the same model as the dense layout on the same rows, it does so for any partitioning,
 * its bad rows are named, and a 2^18-wide input trains with no rows × d or block × d buffer.
 */
class SparseTrainingTest {
  private static final Architecture ARCH = Architecture.of(new int[] {300, 12, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);

  /** n rows of d features with about nnz nonzeros each; the class is a seeded rule over them. */
  static List<Row> sparseRows(int n, int d, int nnz, long seed) {
    Random rng = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] idx = rng.ints(nnz, 0, d).distinct().sorted().toArray();
      double[] v = new double[idx.length];
      double s = 0;
      for (int j = 0; j < idx.length; j++) {
        v[j] = 0.5 + rng.nextDouble();
        s += (idx[j] % 7) * v[j];
      }
      rows.add(RowFactory.create(Vectors.sparse(d, idx, v), (double) Math.floorMod((int) s, 3)));
    }
    return rows;
  }

  private static TrainConfig config() {
    return new TrainConfig().set(PRECISION, "float64").set(HIDDEN_LAYERS, new int[] {12})
        .set(ACTIVATION, "tanh").set(BATCH_SIZE, 32).set(MAX_EPOCHS, 3).set(LEARNING_RATE, 0.01)
        .set(SEED, 11L).set(BLOCK_SIZE, 8).set(VALIDATION_FRACTION, 0.1);
  }

  private static TrainingResult train(List<Row> rows, Layout layout, TrainConfig cfg, int... sizes) {
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(rows, sizes), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data", layout);
    try {
      assertEquals(layout, data.layout());
      return new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, null).fit();
    } finally {
      data.unpersist();
    }
  }

  @Test
  void csrTrainsTheModelTheDenseLayoutTrains() {
    List<Row> rows = sparseRows(200, 300, 6, 5);
    TrainingResult dense = train(rows, Layout.DENSE, config(), 120, 80);
    TrainingResult csr = train(rows, Layout.CSR, config(), 120, 80);
    double d = DistributedGradientTest.relativeError(csr.theta(), dense.theta());
    assertTrue(d <= 1e-12, "‖θ_csr − θ_dense‖/‖θ_dense‖ = " + d);
    for (int e = 0; e < dense.history().size(); e++) {
      EpochRecord a = dense.history().get(e), b = csr.history().get(e);
      assertEquals(a.trainLoss(), b.trainLoss(), 1e-12 * Math.abs(a.trainLoss()), "train loss, epoch " + e);
      assertEquals(a.validationLoss(), b.validationLoss(), 1e-12 * Math.abs(a.validationLoss()),
          "validation loss, epoch " + e);
    }
    assertTrue(dense.history().get(2).trainLoss() < dense.history().get(0).trainLoss());
  }

  /**
   * A CSR step's partials ship W₀'s gradient row-sparse (only the rows the batch touched): the
   * sum over 1, 3 (one empty) and 8 partitions, at depth 1 and 2, has the bits of the same sums
   * shipped dense.
   */
  @Test
  void rowSparseSumsHaveTheBitsOfDenseSums() {
    List<Row> rows = sparseRows(240, 300, 6, 8);
    double[] theta = io.sparkmlp.nn.Init.initialize(ARCH, 4);
    int[] batch = java.util.stream.IntStream.range(0, 240).filter(i -> i % 3 != 1).toArray();
    org.apache.spark.api.java.JavaSparkContext jsc = SparkTestSession.jsc();
    for (int[] sizes : new int[][] {{240}, {100, 0, 140}, {30, 30, 30, 30, 30, 30, 30, 30}}) {
      PackedData<double[]> data = Packer.pack(TestFrames.partitioned(rows, sizes), "features", "label",
          Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data", Layout.CSR);
      org.apache.spark.broadcast.Broadcast<double[]> th = jsc.broadcast(theta);
      org.apache.spark.broadcast.Broadcast<int[]> order = jsc.broadcast(batch);
      try {
        for (int depth : new int[] {1, 2}) {
          StepPartial<double[]> sparse = GradientStep.batchSums(data, ARCH, ThetaRef.full(th), order, 0, batch.length, 16, depth, true);
          StepPartial<double[]> dense = GradientStep.batchSums(data, ARCH, ThetaRef.full(th), order, 0, batch.length, 16, depth, false);
          assertTrue(sparse.isRowSparse() && !dense.isRowSparse(), Arrays.toString(sizes));
          double[] a = new double[ARCH.numParams()], b = new double[ARCH.numParams()];
          sparse.toDoubles(Kernels.F64, 300, 12, 1.0, a, io.sparkmlp.optim.TouchedSpans.all(a.length));
          dense.toDoubles(Kernels.F64, 300, 12, 1.0, b, io.sparkmlp.optim.TouchedSpans.all(b.length));
          assertTrue(Arrays.equals(a, b), "partitions " + Arrays.toString(sizes) + ", depth " + depth);
          assertEquals(Double.doubleToLongBits(dense.lossSum()), Double.doubleToLongBits(sparse.lossSum()));
          assertTrue(sparse.rows0.length < 300, "the batch touches " + sparse.rows0.length + " of 300 rows");
        }
      } finally {
        th.destroy();
        order.destroy();
        data.unpersist();
      }
    }
  }

  @Test
  void csrTrainsTheSameModelOnAnyPartitioning() {
    List<Row> rows = sparseRows(200, 300, 6, 6);
    TrainingResult one = train(rows, Layout.CSR, config(), 200);
    TrainingResult three = train(rows, Layout.CSR, config(), 50, 0, 150);
    double d = DistributedGradientTest.relativeError(three.theta(), one.theta());
    assertTrue(d <= 1e-12, "1 vs 3 partitions: " + d);
  }

  @Test
  void theLayoutFollowsTheDensity() {
    PackedData<float[]> sparse = Packer.pack(TestFrames.partitioned(sparseRows(100, 300, 3, 1), 100),
        "features", "label", Packer.Task.CLASSIFICATION, Kernels.F32, 0, "sparse");
    PackedData<float[]> dense = Packer.pack(TestFrames.partitioned(TestFrames.classification(100, 8, 3, 1), 100),
        "features", "label", Packer.Task.CLASSIFICATION, Kernels.F32, 0, "dense");
    try {
      assertEquals(Layout.CSR, sparse.layout());
      assertEquals(100 * 3, sparse.storedValues(), "3 distinct nonzeros a row (none collide here)");
      assertTrue(sparse.toString().contains("(CSR, 300 nonzeros)"), sparse.toString());
      assertEquals(Layout.DENSE, dense.layout());
      assertEquals(100 * 8, dense.storedValues());
    } finally {
      sparse.unpersist();
      dense.unpersist();
    }
  }

  @Test
  void aBadSparseRowIsNamedWithItsIndex() {
    List<Row> rows = new ArrayList<>(sparseRows(20, 300, 4, 2));
    rows.set(13, RowFactory.create(Vectors.sparse(300, new int[] {4, 250}, new double[] {1, Double.NaN}), 1.0));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Packer.pack(TestFrames.partitioned(rows, 10, 10), "features", "label",
            Packer.Task.CLASSIFICATION, Kernels.F32, 0, "training data", Layout.CSR));
    assertEquals("training data: row 13 (0-based, in input order): value NaN at index 250 is not finite;"
        + " clean or impute the data before training", e.getMessage());
    rows.set(13, RowFactory.create(Vectors.sparse(299, new int[] {4}, new double[] {1}), 1.0));
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Packer.pack(TestFrames.partitioned(rows, 10, 10), "features", "label",
            Packer.Task.CLASSIFICATION, Kernels.F32, 0, "training data", Layout.CSR));
    assertTrue(e.getMessage().startsWith("training data: row 13 (0-based, in input order): it has 299"
        + " features, but the rows before it have 300"), e.getMessage());
  }

  /**
   * d = 2^18 (HashingTF's default): dense, one block of 256 rows would be 256 MiB in float32 and
   * the cached rows 400 MiB; as CSR the block holds ~30 nonzeros a row. It trains, and the loss falls.
   */
  @Test
  void aWideSparseInputTrainsWithoutADenseCopy() {
    int d = 1 << 18;
    List<Row> rows = sparseRows(400, d, 30, 9);
    Architecture arch = Architecture.of(new int[] {d, 16, 3}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    TrainConfig cfg = new TrainConfig().set(HIDDEN_LAYERS, new int[] {16}).set(BATCH_SIZE, 100)
        .set(MAX_EPOCHS, 4).set(LEARNING_RATE, 0.01).set(BLOCK_SIZE, 256);
    PackedData<float[]> data = Packer.pack(TestFrames.partitioned(rows, 200, 200), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F32, 0, "wide data");
    try {
      assertEquals(Layout.CSR, data.layout());
      String memory = FitPlan.of(SparkTestSession.jsc(), data, 3, false, cfg, Loss.CROSS_ENTROPY).memory();
      assertTrue(memory.contains("cached data") && memory.contains("CSR"), memory);
      TrainingResult r = new Trainer<>(SparkTestSession.jsc(), data, null, arch, cfg, null, null).fit();
      double first = r.history().get(0).trainLoss(), last = r.history().get(3).trainLoss();
      assertTrue(last < 0.9 * first, "train loss " + first + " → " + last);
      assertTrue(Arrays.stream(r.theta()).allMatch(Double::isFinite));
    } finally {
      data.unpersist();
    }
  }
}
