package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree that sums the partials: its levels are the ones the ordered aggregate runs, the auto
 * depth is a function of (P, E, θ's bytes) alone, 1 on one executor, and a resumed run keeps the
 * depth its checkpoint recorded.
 */
class TreeDepthTest {
  private static final long MNIST_F32 = 266_610L * 4;
  private static final long WIDE_F32 = 20_000_000L * 4;

  @Test
  void levelsAreTheOnesTheAggregateRuns() {
    assertArrayEquals(new int[0], TreeDepth.levels(2, 2), "2 partitions: the driver sums both");
    assertArrayEquals(new int[0], TreeDepth.levels(5, 2), "5: groups of 3 would leave 3 + 2, no fewer");
    assertArrayEquals(new int[] {2}, TreeDepth.levels(6, 2));
    assertArrayEquals(new int[] {3}, TreeDepth.levels(8, 2));
    assertArrayEquals(new int[] {11}, TreeDepth.levels(128, 2), "groups of 12");
    assertArrayEquals(new int[] {22, 4}, TreeDepth.levels(128, 3), "groups of 6");
    assertArrayEquals(new int[0], TreeDepth.levels(128, 1));
    assertEquals(12, TreeDepth.groupSize(128, 2));
  }

  @Test
  void oneExecutorAlwaysGetsDepthOne() {
    for (int p = 1; p <= 512; p++) {
      assertEquals(1, TreeDepth.choose(p, 1, MNIST_F32), p + " partitions");
      assertEquals(1, TreeDepth.choose(p, 1, WIDE_F32), p + " partitions, 20M params");
    }
  }

  @Test
  void manyExecutorsGetALevelWhenItPays() {
    // modelled: the driver's link takes 0.85 ms per 1 MiB partial against 14 ms for a stage
    assertEquals(1, TreeDepth.choose(8, 8, MNIST_F32));
    assertEquals(2, TreeDepth.choose(32, 32, MNIST_F32));
    assertEquals(2, TreeDepth.choose(128, 128, MNIST_F32));
    assertEquals(2, TreeDepth.choose(8, 8, WIDE_F32));
    assertTrue(TreeDepth.choose(128, 128, WIDE_F32) >= 2);
    // and never from a clock: the same inputs give the same depth
    assertEquals(TreeDepth.choose(128, 32, WIDE_F32), TreeDepth.choose(128, 32, WIDE_F32));
    for (int d = 1; d <= TreeDepth.MAX_DEPTH; d++) {
      assertTrue(TreeDepth.costMillis(32, 32, MNIST_F32, TreeDepth.choose(32, 32, MNIST_F32))
          <= TreeDepth.costMillis(32, 32, MNIST_F32, d), "depth " + d);
    }
  }

  private static final List<Row> ROWS = TestFrames.classification(96, 5, 3, 29);
  private static final Architecture ARCH = Architecture.of(new int[] {5, 7, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);

  private static TrainingResult run(TrainConfig cfg, CheckpointStore.Loaded resume) {
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 12, 12, 12, 12, 12, 12, 12, 12),
        "features", "label", Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    try {
      Trainer<double[]> t = new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, null);
      return (resume == null ? t : t.resumeFrom(resume)).fit();
    } finally {
      data.unpersist();
    }
  }

  private static TrainConfig config(Path dir, int depth) {
    return new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 16).set(MAX_EPOCHS, 1)
        .set(SEED, 3L).set(AGGREGATION_DEPTH, depth).setCheckpointDir(dir.toString())
        .set(CHECKPOINT_EVERY_STEPS, 3).set(CHECKPOINT_KEEP, 100);
  }

  @Test
  void aResumedRunKeepsTheDepthItsCheckpointRecorded(@TempDir Path tmp) {
    TrainingResult depth2 = run(config(tmp.resolve("a"), 2), null);
    CheckpointStore store = new CheckpointStore(tmp.resolve("a").toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 100);
    CheckpointStore.Loaded mid = store.read(store.list().get(0));
    assertEquals(2, mid.state().aggregationDepth, "the checkpoint records the depth");
    // a run whose setting is auto chooses 1 here (one executor), but resumes with the 2 recorded
    TrainingResult resumedAuto = run(config(tmp.resolve("b"), 0), mid);
    assertArrayEquals(depth2.theta(), resumedAuto.theta(), "depth 2 kept: the same bits");
    TrainingResult auto = run(config(tmp.resolve("c"), 0), null);
    CheckpointStore autoStore = new CheckpointStore(tmp.resolve("c").toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 100);
    assertEquals(1, autoStore.read(autoStore.list().get(0)).state().aggregationDepth, "auto on one executor");
    assertTrue(auto.theta().length == depth2.theta().length);
  }
}
