package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** {@link TrainingListener#interruptRequested}: a checkpoint after the last completed step, then an exception naming it. */
class TrainerInterruptTest {
  private static final Architecture ARCH = Architecture.of(new int[] {5, 6, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);
  private static final List<Row> ROWS = TestFrames.classification(60, 5, 3, 31);

  private static TrainConfig config(Path dir) {
    TrainConfig c = new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 6).set(MAX_EPOCHS, 2)
        .set(LEARNING_RATE, 0.02).set(SEED, 3L).set(VALIDATION_FRACTION, 0.0).set(CHECKPOINT_EVERY_STEPS, 5);
    return dir == null ? c : c.setCheckpointDir(dir.toString());
  }

  /** Fits, asking for an interrupt once {@code after} steps are done (never when negative). */
  private static TrainingResult fit(TrainConfig cfg, long after, CheckpointStore.Loaded resume) {
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 30, 30), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    long[] done = {0};
    TrainingListener l = new TrainingListener() {
      @Override public void onStep(StepInfo s) { done[0] = s.globalStep(); }
      @Override public boolean interruptRequested() { return after >= 0 && done[0] >= after; }
    };
    try {
      Trainer<double[]> t = new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, l);
      return (resume == null ? t : t.resumeFrom(resume)).fit();
    } finally {
      data.unpersist();
    }
  }

  @Test
  void anInterruptCheckpointsTheLastStepAndTheResumeIsBitIdentical(@TempDir Path tmp) {
    TrainingResult full = fit(config(null), -1, null);
    TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
        () -> fit(config(tmp), 7, null)); // 10 steps an epoch; checkpoints at 5, not 7
    assertEquals(7, e.globalStep());
    assertEquals(1, e.epoch());
    assertEquals(7, e.stepInEpoch());
    assertEquals(10, e.stepsPerEpoch());
    CheckpointStore store = new CheckpointStore(tmp.toString(), SparkTestSession.jsc().hadoopConfiguration(), 3);
    CheckpointStore.Loaded at7 = store.loadNewest().orElseThrow();
    assertEquals(at7.path().getName(), new org.apache.hadoop.fs.Path(e.checkpoint()).getName());
    assertEquals(7, at7.state().globalStep());
    assertArrayEquals(full.theta(), fit(config(tmp), -1, at7).theta(), "resumed from the interrupt, bit for bit");
  }

  @Test
  void anInterruptRightAfterACheckpointKeepsItAndWithoutADirectoryNamesNone(@TempDir Path tmp) {
    TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
        () -> fit(config(tmp), 10, null)); // the epoch-end checkpoint holds step 10 already
    CheckpointStore store = new CheckpointStore(tmp.toString(), SparkTestSession.jsc().hadoopConfiguration(), 3);
    assertEquals(List.of("checkpoint-000000000005.ckpt", "checkpoint-000000000010.ckpt"),
        store.list().stream().map(org.apache.hadoop.fs.Path::getName).toList());
    assertEquals("checkpoint-000000000010.ckpt", new org.apache.hadoop.fs.Path(e.checkpoint()).getName());
    assertEquals(2, e.epoch());
    assertEquals(0, e.stepInEpoch());
    TrainingInterruptedException none = assertThrows(TrainingInterruptedException.class,
        () -> fit(config(null), 3, null));
    assertNull(none.checkpoint());
    assertEquals(3, none.globalStep());
  }
}
