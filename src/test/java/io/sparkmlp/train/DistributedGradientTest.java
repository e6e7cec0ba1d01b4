package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Workspace;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * (c) Invariance: the gradient summed over P partitions equals the single-process engine's
 * gradient, in float64, for the same weights and the same batch.
 */
class DistributedGradientTest {
  private static final int N = 61;
  private static final int D = 7;
  private static final int K = 4;
  private static final Architecture ARCH = new Architecture(new int[] {D, 9, 6, K},
      new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.IDENTITY}, Loss.CROSS_ENTROPY);
  private static final List<Row> ROWS = TestFrames.classification(N, D, K, 7);
  /** A batch of 23 global positions, in draw order, spread over the whole data set. */
  private static final int[] BATCH = {60, 3, 17, 41, 0, 22, 59, 8, 33, 34, 35, 12, 50, 27, 5, 44, 19,
      1, 38, 56, 29, 11, 47};

  /** Σ_b ℓ_b and Σ_b ∂ℓ_b/∂θ for the batch, in one process, rows in batch order. */
  private static double[] singleProcessGradient(double[] theta, double[] lossOut) {
    Network<double[]> net = new Network<>(ARCH, Kernels.F64);
    Workspace<double[]> ws = net.newWorkspace(BATCH.length, false);
    for (int i = 0; i < BATCH.length; i++) {
      Row r = ROWS.get(BATCH[i]);
      System.arraycopy(((Vector) r.get(0)).toArray(), 0, ws.x, i * D, D);
      ws.labels[i] = (int) r.getDouble(1);
    }
    double[] grad = new double[ARCH.numParams()];
    lossOut[0] = net.lossSumAndGradient(theta, ws, BATCH.length, 1.0, grad);
    return grad;
  }

  private static StepPartial<double[]> distributed(double[] theta, int depth, int... sizes) {
    JavaSparkContext jsc = SparkTestSession.jsc();
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, sizes), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "test data");
    Broadcast<double[]> th = jsc.broadcast(theta);
    Broadcast<int[]> order = jsc.broadcast(BATCH);
    try {
      assertEquals(sizes.length, data.numPartitions());
      return GradientStep.batchSums(data, ARCH, th, order, 0, BATCH.length, 5, depth);
    } finally {
      data.unpersist();
    }
  }

  /** ‖a − b‖ / ‖b‖, normwise. */
  static double relativeError(double[] a, double[] b) {
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      norm += b[i] * b[i];
    }
    return Math.sqrt(diff / norm);
  }

  @ParameterizedTest(name = "sizes {0}")
  @ValueSource(strings = {"61", "30,31", "10,40,11", "1,20,35,5", "7,7,7,7,7,7,7,12"})
  void partitionSumsEqualTheSingleProcessGradient(String sizeList) {
    int[] sizes = java.util.Arrays.stream(sizeList.split(",")).mapToInt(Integer::parseInt).toArray();
    double[] theta = Init.initialize(ARCH, 3);
    double[] loss = new double[1];
    double[] expected = singleProcessGradient(theta, loss);
    // depth 2 with 8 partitions adds an executor-side tree level; the chunk of 5 rows splits every share
    StepPartial<double[]> got = distributed(theta, 2, sizes);
    assertEquals(BATCH.length, got.rows());
    assertEquals(loss[0], got.lossSum(), 1e-12 * Math.abs(loss[0]));
    double err = relativeError(got.gradSum(), expected);
    assertTrue(err <= 1e-12, "relative error " + err + " for partition sizes " + sizeList);
  }

  @Test
  void aPartitionWithNoRowsInTheBatchSendsNoGradient() {
    double[] theta = Init.initialize(ARCH, 5);
    JavaSparkContext jsc = SparkTestSession.jsc();
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 20, 20, 21), "features",
        "label", Packer.Task.CLASSIFICATION, Kernels.F64, 0, "test data");
    try {
      Broadcast<double[]> th = jsc.broadcast(theta);
      Broadcast<int[]> order = jsc.broadcast(new int[] {25, 30, 21});
      List<StepPartial<double[]>> parts = data.rdd()
          .mapPartitions(new GradientStep<>(ARCH, Kernels.F64, ThetaRef.full(th), order, 0, 3, data.starts(), 64, true))
          .collect();
      assertEquals(0, parts.get(0).rows());
      assertEquals(null, parts.get(0).gradSum());
      assertEquals(3, parts.get(1).rows());
      assertEquals(0, parts.get(2).rows());
      StepPartial<double[]> total = OrderedTreeAggregate.sumInOrder(parts, Kernels.F64, ARCH.inputSize(), ARCH.size(1));
      assertNotNull(total.gradSum());
      assertEquals(3, total.rows());
    } finally {
      data.unpersist();
    }
  }

  @Test
  void theCombineOrderIsFixedByPartitionIndex() {
    double[] theta = Init.initialize(ARCH, 9);
    StepPartial<double[]> a = distributed(theta, 2, 7, 7, 7, 7, 7, 7, 7, 12);
    StepPartial<double[]> b = distributed(theta, 2, 7, 7, 7, 7, 7, 7, 7, 12);
    assertTrue(java.util.Arrays.equals(a.gradSum(), b.gradSum()), "same inputs, same bits");
    assertEquals(Double.doubleToLongBits(a.lossSum()), Double.doubleToLongBits(b.lossSum()));
  }
}
