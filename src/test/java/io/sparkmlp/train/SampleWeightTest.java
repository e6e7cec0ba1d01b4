package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.optim.TouchedSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sample weights in one step's sums, on real Spark: the weighted gradient ∂L/∂θ with
 * L = Σ w·ℓ / Σ w over a batch equals, for integer weights, the unweighted gradient over the same
 * rows each repeated w times (a weight of 0 drops the row), in float64 to 1e-12, for dense and CSR
 * input and for 1 and 3 partitions. Bad weights fail naming the row.
 */
class SampleWeightTest {
  private static final int N = 47;
  private static final int D = 6;
  private static final int K = 3;
  private static final Architecture ARCH = new Architecture(new int[] {D, 8, K},
      new Activation[] {Activation.TANH, Activation.IDENTITY}, Loss.CROSS_ENTROPY);
  private static final StructType WEIGHTED = new StructType().add("features", new VectorUDT())
      .add("label", DataTypes.DoubleType).add("w", DataTypes.DoubleType);

  enum Input { DENSE, CSR }

  /** Rows of {@link TestFrames#classification}, their features sparsified for CSR (half zeros). */
  private static List<Row> rows(Input input) {
    List<Row> out = new ArrayList<>();
    for (Row r : TestFrames.classification(N, D, K, 11)) {
      double[] x = ((Vector) r.get(0)).toArray();
      if (input == Input.CSR) {
        for (int j = 0; j < D; j += 2) {
          x[j] = 0.0;
        }
      }
      out.add(RowFactory.create(input == Input.CSR ? Vectors.dense(x).toSparse() : Vectors.dense(x), r.get(1)));
    }
    return out;
  }

  /** Integer weights 0..3, seeded, with at least one 0. */
  private static int[] weights() {
    Random rng = new Random(5);
    int[] w = new int[N];
    for (int i = 0; i < N; i++) {
      w[i] = rng.nextInt(4);
    }
    w[3] = 0;
    return w;
  }

  /** ∂L/∂θ of one step over every row of {@code df}, and L as its last element. */
  private static double[] meanGradient(Dataset<Row> df, String weightCol, Input input) {
    JavaSparkContext jsc = SparkTestSession.jsc();
    PackedData<double[]> data = Packer.pack(df, "features", "label", weightCol, Packer.Task.CLASSIFICATION,
        Kernels.F64, 0, "test data", input == Input.CSR ? Packer.Layout.CSR : Packer.Layout.DENSE);
    int n = (int) data.numRows();
    int[] all = new int[n];
    java.util.Arrays.setAll(all, i -> i);
    Broadcast<double[]> theta = jsc.broadcast(Init.initialize(ARCH, 3L));
    Broadcast<int[]> order = jsc.broadcast(all);
    try {
      StepPartial<double[]> sum = GradientStep.batchSums(data, ARCH, theta, order, 0, n, 8, 2);
      double[] g = new double[ARCH.numParams() + 1];
      double[] grad = new double[ARCH.numParams()];
      sum.toDoubles(Kernels.F64, D, 8, 1.0, grad, TouchedSpans.all(grad.length));
      double denom = weightCol == null ? sum.rows() : sum.weightSum();
      for (int i = 0; i < grad.length; i++) {
        g[i] = grad[i] / denom;
      }
      g[grad.length] = sum.lossSum() / denom;
      return g;
    } finally {
      theta.destroy();
      order.destroy();
      data.unpersist();
    }
  }

  private static Dataset<Row> frame(List<Row> rows, int partitions, StructType schema) {
    return SparkTestSession.get().createDataFrame(rows, schema).coalesce(partitions);
  }

  @ParameterizedTest
  @EnumSource(Input.class)
  void integerWeightsEqualRepeatedRows(Input input) {
    List<Row> base = rows(input);
    int[] w = weights();
    List<Row> weighted = new ArrayList<>();
    List<Row> repeated = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      weighted.add(RowFactory.create(base.get(i).get(0), base.get(i).get(1), (double) w[i]));
      for (int c = 0; c < w[i]; c++) {
        repeated.add(base.get(i));
      }
    }
    double[] expected = meanGradient(SparkTestSession.get().createDataFrame(repeated, TestFrames.SCHEMA)
        .coalesce(1), null, input);
    for (int partitions : new int[] {1, 3}) {
      Dataset<Row> df = SparkTestSession.get().createDataFrame(weighted, WEIGHTED).coalesce(1);
      if (partitions > 1) {
        df = TestFrames.partitioned(weighted, WEIGHTED, 15, 16, 16);
      }
      double[] got = meanGradient(df, "w", input);
      assertArrayEquals(expected, got, 1e-12, input + ", " + partitions + " partition(s)");
    }
    double norm = 0;
    for (int i = 0; i < expected.length - 1; i++) {
      norm += expected[i] * expected[i];
    }
    assertTrue(Math.sqrt(norm) > 1e-2, "a gradient that is not ~0: " + Math.sqrt(norm));
  }

  @Test
  void weightsOfOneGiveTheUnweightedBits() {
    List<Row> base = rows(Input.DENSE);
    List<Row> ones = new ArrayList<>();
    for (Row r : base) {
      ones.add(RowFactory.create(r.get(0), r.get(1), 1.0));
    }
    double[] plain = meanGradient(TestFrames.partitioned(base, 23, 24), null, Input.DENSE);
    double[] weighted = meanGradient(TestFrames.partitioned(ones, WEIGHTED, 23, 24), "w", Input.DENSE);
    assertArrayEquals(plain, weighted, 0.0);
  }

  @Test
  void badWeightsNameTheirRow() {
    List<Row> base = rows(Input.DENSE);
    for (Object bad : new Object[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY, null}) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        rows.add(RowFactory.create(base.get(i).get(0), base.get(i).get(1), i == 30 ? bad : 1.0));
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> meanGradient(frame(rows, 1, WEIGHTED), "w", Input.DENSE));
      assertTrue(e.getMessage().startsWith("test data: row 30 (0-based, in input order): the weight ('w') is "
          + bad), e.getMessage());
      assertTrue(e.getMessage().contains("weights must be finite numbers ≥ 0"), e.getMessage());
    }
  }

  @Test
  void weightsThatAllAreZeroOrNotNumbersAreRefused() {
    List<Row> zeros = new ArrayList<>();
    for (Row r : rows(Input.DENSE)) {
      zeros.add(RowFactory.create(r.get(0), r.get(1), 0.0));
    }
    IllegalArgumentException allZero = assertThrows(IllegalArgumentException.class,
        () -> meanGradient(frame(zeros, 2, WEIGHTED), "w", Input.DENSE));
    assertEquals("test data: the weights of all 47 rows are 0, so there is nothing to learn from;"
        + " give some rows a weight > 0", allZero.getMessage());
    Dataset<Row> text = frame(zeros, 1, WEIGHTED).withColumn("w", org.apache.spark.sql.functions.lit("heavy"));
    IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
        () -> meanGradient(text, "w", Input.DENSE));
    assertEquals("test data: weight column 'w' is string, expected a number (a sample weight ≥ 0)",
        notNumber.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> meanGradient(text, "weight", Input.DENSE));
    assertTrue(missing.getMessage().startsWith("test data: no weight column 'weight'"), missing.getMessage());
  }
}
