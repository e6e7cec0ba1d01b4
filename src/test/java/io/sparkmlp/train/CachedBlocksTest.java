package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.optim.TouchedSpans;
import java.util.Arrays;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDBlockId;
import org.junit.jupiter.api.Test;

/**
 * The steps' view of the cached training data ({@link CachedBlocks}), on real Spark: it reads the
 * cached partitions themselves, places each task where its block is and ships far fewer bytes
 * than the cached RDD's lineage. When a block is gone the step runs over the lineage, which
 * caches it again, with the same step bits; a task that finds its block gone fails in a way the
 * step recognizes.
 */
class CachedBlocksTest {
  private static final Architecture ARCH = new Architecture(new int[] {5, 7, 3},
      new Activation[] {Activation.TANH, Activation.IDENTITY}, Loss.CROSS_ENTROPY);

  private static PackedData<double[]> packed() {
    StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    Dataset<Row> df = SparkTestSession.get().createDataFrame(TestFrames.classification(60, 5, 3, 4), schema)
        .repartition(3);
    return Packer.pack(df, "features", "label", null, Packer.Task.CLASSIFICATION, Kernels.F64, 0, "test data",
        Packer.Layout.DENSE);
  }

  @Test
  void readsTheCachedPartitionsWhereTheyLive() {
    PackedData<double[]> data = packed();
    try {
      RDD<PackedPartition<double[]>> blocks = data.stepInput();
      assertTrue(blocks instanceof CachedBlocks, "every block is cached: the view");
      assertEquals(0, blocks.dependencies().size(), "no lineage");
      java.util.List<PackedPartition<double[]>> viaBlocks = PartitionJob.onlyElements(blocks);
      java.util.List<PackedPartition<double[]>> viaRdd = PartitionJob.onlyElements(data.rdd().rdd());
      assertEquals(3, viaBlocks.size());
      for (int p = 0; p < 3; p++) {
        assertEquals(p, viaBlocks.get(p).index);
        assertEquals(viaRdd.get(p).rows, viaBlocks.get(p).rows);
        assertTrue(viaBlocks.get(p).rows > 0);
        // local mode: the executor is the driver, and every block is there
        String where = blocks.preferredLocations(blocks.partitions()[p]).head();
        assertTrue(where.startsWith("executor_") && where.endsWith("_driver"), where);
      }
      // the bytes a task carries: the view against the lineage it stands for
      org.apache.spark.serializer.SerializerInstance ser = SparkEnv.get().closureSerializer().newInstance();
      int view = ser.serialize(blocks, scala.reflect.ClassTag$.MODULE$.AnyRef()).limit();
      int lineage = ser.serialize(data.rdd().rdd(), scala.reflect.ClassTag$.MODULE$.AnyRef()).limit();
      assertTrue(view * 3 < lineage, "view " + view + " B, lineage " + lineage + " B");
    } finally {
      data.unpersist();
    }
  }

  @Test
  void aLostBlockIsComputedAgainWithTheSameStepBits() {
    JavaSparkContext jsc = SparkTestSession.jsc();
    PackedData<double[]> data = packed();
    Broadcast<double[]> theta = jsc.broadcast(Init.initialize(ARCH, 9L));
    int[] all = new int[(int) data.numRows()];
    Arrays.setAll(all, i -> (i * 7) % all.length);
    Broadcast<int[]> order = jsc.broadcast(all);
    try {
      double[] before = gradient(data, theta, order);
      RDD<PackedPartition<double[]>> view = data.stepInput();
      int id = ((CachedBlocks<?>) view).cachedId();
      RDDBlockId lost = new RDDBlockId(id, 1);
      SparkEnv.get().blockManager().removeBlock(lost, true);
      assertFalse(SparkEnv.get().blockManager().getStatus(lost).isDefined(), "block 1 removed");
      // a task of the view that finds its block gone fails recognizably (the step then uses the lineage)
      Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> PartitionJob.onlyElements(view));
      assertTrue(CachedBlocks.isMissingBlock(e), e.toString());
      assertFalse(CachedBlocks.isMissingBlock(new IllegalStateException("other")));
      // the next job sees the block is gone and runs over the lineage, which caches it again
      assertEquals(data.rdd().rdd(), data.stepInput());
      double[] after = gradient(data, theta, order);
      assertArrayEquals(before, after, 0.0);
      assertTrue(SparkEnv.get().blockManager().getStatus(lost).isDefined(), "block 1 cached again");
      assertTrue(data.stepInput() instanceof CachedBlocks, "every block cached again: the view");
      assertArrayEquals(before, gradient(data, theta, order), 0.0);
    } finally {
      theta.destroy();
      order.destroy();
      data.unpersist();
    }
  }

  /** One step's Σ ∂ℓ/∂θ over the whole order, and Σ ℓ last. */
  private static double[] gradient(PackedData<double[]> data, Broadcast<double[]> theta, Broadcast<int[]> order) {
    StepPartial<double[]> s = GradientStep.batchSums(data, ARCH, theta, order, 0, order.value().length, 8, 1);
    double[] g = new double[ARCH.numParams() + 1];
    s.toDoubles(Kernels.F64, 5, 7, 1.0, g, TouchedSpans.all(ARCH.numParams() + 1));
    g[ARCH.numParams()] = s.lossSum();
    return g;
  }
}
