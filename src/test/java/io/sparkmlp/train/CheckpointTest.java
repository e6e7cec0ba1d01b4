package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: atomic files, checksums, keep-K, and a resume that continues bit-identically. */
class CheckpointTest {
  private static final List<Row> ROWS = TestFrames.classification(90, 5, 3, 23);
  private static final Architecture ARCH = Architecture.of(new int[] {5, 8, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);

  private static TrainConfig config(Path dir) {
    // adam has state; early stopping and a cosine schedule make the resume depend on all of it
    return new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 8).set(MAX_EPOCHS, 3)
        .set(LEARNING_RATE, 0.02).set(LR_SCHEDULE, "cosine").set(WARMUP_STEPS, 3).set(SEED, 5L)
        .set(VALIDATION_FRACTION, 0.2).set(EARLY_STOPPING_PATIENCE, 5)
        .setCheckpointDir(dir.toString()).set(CHECKPOINT_EVERY_STEPS, 4).set(CHECKPOINT_KEEP, 100);
  }

  private static TrainingResult run(TrainConfig cfg, CheckpointStore.Loaded resume) {
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 30, 60), "features",
        "label", Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    try {
      Trainer<double[]> t = new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, null);
      return (resume == null ? t : t.resumeFrom(resume)).fit();
    } finally {
      data.unpersist();
    }
  }

  @Test
  void resumingFromAMidEpochCheckpointGivesBitIdenticalWeights(@TempDir Path tmp) {
    TrainingResult full = run(config(tmp.resolve("a")), null);
    CheckpointStore store = new CheckpointStore(tmp.resolve("a").toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 100);
    List<org.apache.hadoop.fs.Path> all = store.list();
    // 72 training rows / B = 8 → 9 steps per epoch; every 4 steps plus each epoch end
    assertTrue(all.size() >= 8, "checkpoints written: " + all);
    // every 4 steps and at each epoch end: 4, 8, 9, 12, ...
    assertEquals(List.of(4L, 8L, 9L, 12L), all.subList(0, 4).stream()
        .map(p -> Long.parseLong(p.getName().replaceAll("\\D", ""))).toList());
    CheckpointStore.Loaded mid = store.read(all.get(3)); // step 12: epoch 2, step 3 of 9
    assertEquals(12, mid.state().globalStep());
    assertEquals(1, mid.state().epoch());
    assertEquals(3, mid.state().stepInEpoch());
    TrainingResult resumed = run(config(tmp.resolve("b")), mid);
    assertArrayEquals(full.theta(), resumed.theta(), "resumed run must give the same bits");
    assertEquals(full.history().size(), resumed.history().size());
    for (int e = 0; e < full.history().size(); e++) {
      assertEquals(full.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 0.0);
      assertEquals(full.history().get(e).validationLoss(), resumed.history().get(e).validationLoss(), 0.0);
    }
    assertEquals(full.steps(), resumed.steps());
  }

  @Test
  void aCorruptNewestCheckpointIsSkippedAndKeepPrunes(@TempDir Path tmp) throws Exception {
    TrainConfig cfg = config(tmp).set(CHECKPOINT_KEEP, 2);
    run(cfg, null);
    CheckpointStore store = new CheckpointStore(tmp.toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 2);
    List<org.apache.hadoop.fs.Path> all = store.list();
    assertEquals(2, all.size(), "only the newest 2 are kept");
    File[] leftovers = tmp.toFile().listFiles((d, n) -> n.endsWith(".tmp"));
    assertEquals(0, leftovers.length, "no temporary file is left behind");
    File newest = new File(all.get(1).toUri());
    try (RandomAccessFile f = new RandomAccessFile(newest, "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x5A);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.read(all.get(1)));
    assertTrue(e.getMessage().contains(newest.getName()) && e.getMessage().contains("checksum"), e.getMessage());
    CheckpointStore.Loaded loaded = store.loadNewest().orElseThrow();
    assertEquals(all.get(0).getName(), loaded.path().getName());
  }

  @Test
  void aCheckpointForAnotherArchitectureIsRefused(@TempDir Path tmp) {
    run(config(tmp).set(MAX_EPOCHS, 1), null);
    CheckpointStore.Loaded ckpt = new CheckpointStore(tmp.toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 3).loadNewest().orElseThrow();
    Architecture other = Architecture.of(new int[] {5, 9, 3}, Activation.TANH, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 90), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    try {
      Trainer<double[]> t = new Trainer<>(SparkTestSession.jsc(), data, null, other, config(tmp), null, null);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(ckpt));
      assertTrue(e.getMessage().contains("5-8(tanh)-3(identity)"), e.getMessage());
    } finally {
      data.unpersist();
    }
  }

  /**
   * A checkpoint write that fails mid-run (here its temporary file cannot be created: a directory
   * holds its name) stops the run with an error naming the checkpoint's path, and the previous
   * checkpoint stays the newest, whole and loadable.
   */
  @Test
  void aWriteThatFailsMidRunNamesThePathAndKeepsThePreviousCheckpoint(@TempDir Path tmp) throws Exception {
    TrainConfig cfg = config(tmp).set(EARLY_STOPPING_PATIENCE, 0);
    // the run checkpoints every 4 steps; step 8's temporary file is blocked
    File blocked = tmp.resolve(".checkpoint-000000000008.ckpt.tmp").toFile();
    assertTrue(new File(blocked, "occupied").mkdirs());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(cfg, null));
    assertTrue(e.getMessage().contains("could not write checkpoint") && e.getMessage().contains(
        "checkpoint-000000000008.ckpt"), e.getMessage());
    CheckpointStore store = new CheckpointStore(tmp.toString(), SparkTestSession.jsc().hadoopConfiguration(), 100);
    CheckpointStore.Loaded newest = store.loadNewest().orElseThrow();
    assertEquals("checkpoint-000000000004.ckpt", newest.path().getName());
    assertEquals(4, newest.state().globalStep);
  }
}
