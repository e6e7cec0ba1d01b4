package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the driver keeps grows with the step count: the per-step gradient norms are a bounded
 * {@link StepSeries} (in memory, in checkpoints, in the result), the history has one record per
 * epoch, and checkpoints written before the bound still load.
 */
class BoundedHistoryTest {
  private static final Architecture ARCH = Architecture.of(new int[] {4, 4, 2}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);
  private static final List<Row> ROWS = TestFrames.classification(10, 4, 2, 3);

  @Test
  void aStepSeriesHoldsEvenlySpacedStepsWithinItsCapacity() {
    StepSeries s = new StepSeries(8);
    for (long step = 1; step <= 8; step++) {
      s.add(step, new double[] {step});
    }
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, s.steps(), "every step until full");
    s.add(9, new double[] {9}); // full: halves to the even steps, stride 2; 9 is not recorded
    assertArrayEquals(new long[] {2, 4, 6, 8}, s.steps());
    assertEquals(2, s.stride());
    StepSeries big = new StepSeries(StepSeries.DEFAULT_CAPACITY);
    for (long step = 1; step <= 1_000_000; step++) {
      big.add(step, new double[] {step});
      assertTrue(big.size() <= StepSeries.DEFAULT_CAPACITY, "size " + big.size() + " at step " + step);
    }
    long[] steps = big.steps();
    assertTrue(steps.length >= StepSeries.DEFAULT_CAPACITY / 2, "at least half full: " + steps.length);
    for (int i = 0; i < steps.length; i++) {
      assertEquals((i + 1) * big.stride(), steps[i], "evenly spaced from the stride");
      assertEquals(steps[i], big.rows().get(i)[0], 0.0, "each row keeps its step");
    }
    assertTrue(1_000_000 - steps[steps.length - 1] < big.stride(), "up to the last multiple of the stride");
  }

  private static TrainConfig config(Path ckpt, int epochs) {
    return new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 1).set(MAX_EPOCHS, epochs)
        .set(LEARNING_RATE, 0.01).set(SEED, 9L).set(VALIDATION_FRACTION, 0.0)
        .setCheckpointDir(ckpt.toString()).set(CHECKPOINT_EVERY_STEPS, 1000).set(CHECKPOINT_KEEP, 100);
  }

  private static TrainingResult fit(TrainConfig cfg) {
    PackedData<double[]> data = Packer.pack(TestFrames.partitioned(ROWS, 10), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 0, "training data");
    try {
      return new Trainer<>(SparkTestSession.jsc(), data, null, ARCH, cfg, null, null).fit();
    } finally {
      data.unpersist();
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void fiveThousandStepsKeepEveryHistoryWithinItsBound(@TempDir Path tmp) throws Exception {
    fit(config(tmp.resolve("warm-up"), 2)); // Spark's own first-job allocations, before the baseline
    long before = heapAfterGc();
    long t0 = System.nanoTime();
    TrainingResult r = fit(config(tmp.resolve("ckpt"), 500)); // 10 rows, batch 1: 5,000 steps
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after = heapAfterGc();
    System.out.printf(Locale.ROOT, "5,000 steps in %.1f s; driver heap after GC: %.1f MiB before, %.1f MiB after"
        + " (%+.1f MiB)%n", seconds, before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0);

    assertEquals(5000, r.steps());
    assertEquals(500, r.history().size(), "one record per epoch, bounded by maxEpochs");
    int cap = StepSeries.DEFAULT_CAPACITY;
    assertTrue(r.layerGradNorms().size() <= cap && r.layerGradNorms().size() >= cap / 2, "norms held: "
        + r.layerGradNorms().size());
    assertEquals(r.layerGradNorms().size(), r.layerGradNormSteps().length);
    assertEquals(4, r.layerGradNormSteps()[0], "stride 4 after two halvings at 2,000 and 4,000 steps");
    assertEquals(5000, r.layerGradNormSteps()[r.layerGradNormSteps().length - 1]);

    CheckpointStore store = new CheckpointStore(tmp.resolve("ckpt").toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 100);
    List<org.apache.hadoop.fs.Path> files = store.list();
    long first = Files.size(Path.of(files.get(0).toUri()));
    for (org.apache.hadoop.fs.Path f : files) {
      CheckpointStore.Loaded l = store.read(f);
      assertTrue(l.state().layerNorms().size() <= cap, f + ": " + l.state().layerNorms().size() + " norms");
      assertTrue(Files.size(Path.of(f.toUri())) < 2 * first + 200_000, f + " grew: " + Files.size(Path.of(f.toUri())));
    }
    CheckpointStore.Loaded last = store.loadNewest().orElseThrow();
    assertArrayEquals(r.layerGradNormSteps(), last.state().layerNorms().steps(), "saved with their steps");
    assertTrue(after - before < 64L << 20, "driver heap grew by " + (after - before) + " bytes over 5,000 steps");
  }

  /** A checkpoint as written before the bound: layerNorms one row per step, no steps, no stride. */
  private static void rewriteAsUnbounded(Path file) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      DataOutputStream out = new DataOutputStream(body);
      out.write(in.readNBytes("SPARKMLP-CKPT".length()));
      out.writeInt(in.readInt());
      ObjectMapper json = new ObjectMapper();
      ObjectNode meta = (ObjectNode) json.readTree(in.readNBytes(in.readInt()));
      meta.remove("layerNormStride");
      byte[] m = json.writeValueAsBytes(meta);
      out.writeInt(m.length);
      out.write(m);
      int n = in.readInt();
      List<Object[]> arrays = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        double[] a = new double[in.readInt()];
        for (int j = 0; j < a.length; j++) {
          a[j] = in.readDouble();
        }
        if (!name.equals("layerNormSteps")) {
          arrays.add(new Object[] {name, a});
        }
      }
      out.writeInt(arrays.size());
      for (Object[] e : arrays) {
        out.writeUTF((String) e[0]);
        double[] a = (double[]) e[1];
        out.writeInt(a.length);
        for (double v : a) {
          out.writeDouble(v);
        }
      }
      out.flush();
    }
    byte[] b = body.toByteArray();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(b);
    all.write(MessageDigest.getInstance("SHA-256").digest(b));
    Files.write(file, all.toByteArray());
  }

  @Test
  void aCheckpointWrittenBeforeTheBoundStillLoads(@TempDir Path tmp) throws Exception {
    TrainingResult r = fit(config(tmp, 3)); // 30 steps, one checkpoint per epoch end
    CheckpointStore store = new CheckpointStore(tmp.toString(), SparkTestSession.jsc().hadoopConfiguration(), 100);
    org.apache.hadoop.fs.Path newest = store.list().get(store.list().size() - 1);
    rewriteAsUnbounded(Path.of(newest.toUri()));
    CheckpointStore.Loaded old = store.read(newest);
    assertEquals(30, old.state().globalStep());
    assertArrayEquals(r.layerGradNormSteps(), old.state().layerNorms().steps(), "steps 1..30, replayed");
    for (int i = 0; i < 30; i++) {
      assertArrayEquals(r.layerGradNorms().get(i), old.state().layerNorms().rows().get(i), 0.0);
    }
  }
}
