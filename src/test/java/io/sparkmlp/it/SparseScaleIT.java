package io.sparkmlp.it;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.bench.HeapWatch;
import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale check, not a benchmark: a synthetic LIBSVM set of N = 20,000 rows at d = 2^20 with 50
 * nonzeros a row (densified it would be 20,000 × 2^20 × 4 bytes ≈ 84 GB in float32) trains one
 * epoch of d-32-K with lazy_adam in local[2] within failsafe's 4 GiB heap. It checks that the data
 * is packed CSR, with exactly the nonzeros stored and no dense X in any partition, and that the
 * training loss falls: the mean batch loss of the last 10 steps at most 0.8× that of the first 10.
 * The time and the heap are printed, not asserted.
 */
class SparseScaleIT {
  private static final int D = 1 << 20;
  private static final int ROWS = 20_000;
  private static final int CLASSES = 5;
  /** Nonzeros a row: {@link #SIGNAL} from the teacher's support, the rest anywhere in [0, d). */
  private static final int NNZ = 50;
  private static final int SIGNAL = 20;
  /** Features the teacher weighs, spread over [0, d); each appears in about N·SIGNAL/SUPPORT ≈ 98 rows. */
  private static final int SUPPORT = 4096;
  private static final long DATA_SEED = 20_20_1;
  private static final double GIB = 1024.0 * 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void oneEpochAtTwoToTheTwentyFeaturesTrainsOnCsr() throws IOException {
    Path file = tmp.resolve("scale.libsvm");
    writeTeacherData(file);
    Dataset<Row> df = DataLoader.load(SparkTestSession.get(), file.toString(),
        new DataOptions().format(DataFormat.LIBSVM).numFeatures(D).numPartitions(2));
    TrainConfig cfg = new TrainConfig().set(HIDDEN_LAYERS, new int[] {32}).set(OPTIMIZER, "lazy_adam")
        .set(LEARNING_RATE, 0.01).set(BATCH_SIZE, 256).set(MAX_EPOCHS, 1).set(PRECISION, "float32")
        .set(VALIDATION_FRACTION, 0.0).set(SEED, 7L);
    JavaSparkContext jsc = SparkTestSession.jsc();
    List<StepInfo> steps = new ArrayList<>();
    HeapWatch heap = HeapWatch.start();
    long t0 = System.nanoTime();
    PackedData<float[]> data = Packer.pack(df, "features", "label", Packer.Task.CLASSIFICATION, Kernels.F32, 2,
        "synthetic 2^20-wide data");
    try {
      assertEquals(Packer.Layout.CSR, data.layout());
      assertEquals((long) ROWS * NNZ, data.storedValues(), "stored values: the nonzeros, not rows × d");
      assertEquals(D, data.numFeatures());
      // no partition holds anything rows × d (or block × d) long: its dense X is empty
      List<long[]> parts = data.rdd().map(p -> new long[] {p.x.length, p.colIdx.length, p.rows}).collect();
      for (long[] p : parts) {
        assertEquals(0, p[0], "dense X of a CSR partition");
        assertEquals(p[2] * NNZ, p[1], "column indices of a partition");
      }
      FitPlan plan = FitPlan.of(jsc, data, CLASSES, false, cfg, Loss.CROSS_ENTROPY);
      TrainingResult r = plan.trainer(jsc, data, null, cfg, null, new TrainingListener() {
        @Override public void onStep(StepInfo s) { steps.add(s); }
      }).fit();
      double seconds = (System.nanoTime() - t0) / 1e9;
      HeapWatch.Peaks peaks = heap.peaks();
      assertEquals((ROWS + 255) / 256, steps.size());
      double first = meanLoss(steps.subList(0, 10));
      double last = meanLoss(steps.subList(steps.size() - 10, steps.size()));
      System.out.printf(Locale.ROOT, "SparseScaleIT: %d rows x 2^20 features, %d nonzeros (CSR), %s, %d steps:"
              + " pack + fit %.1f s; loss first 10 steps %.4f, last 10 %.4f; heap peak after GC %.2f GiB, sampled"
              + " %.2f GiB (max %.2f GiB)%n", ROWS, data.storedValues(), plan.arch(), steps.size(), seconds, first, last,
          peaks.peakAfterGc() / GIB, peaks.peakSampled() / GIB, peaks.maxHeap() / GIB);
      assertTrue(Double.isFinite(last) && last <= 0.8 * first, "mean batch loss, first 10 steps " + first
          + ", last 10 " + last + ": expected at most 0.8x");
      assertEquals(1, r.history().size());
    } finally {
      heap.close();
      data.unpersist();
    }
  }

  private static double meanLoss(List<StepInfo> steps) {
    return steps.stream().mapToDouble(StepInfo::loss).average().orElse(Double.NaN);
  }

  /**
   * ROWS lines {@code label idx:val ...} (1-based ascending indices): SIGNAL features drawn from
   * the teacher's SUPPORT, the rest uniform over d, values in [0.5, 1.5); the label is the argmax
   * over K of x · T, T a fixed random SUPPORT × K teacher.
   */
  private static void writeTeacherData(Path file) throws IOException {
    SplittableRandom rng = new SplittableRandom(DATA_SEED);
    int[] support = rng.ints(0, D).distinct().limit(SUPPORT).toArray();
    java.util.Map<Integer, Integer> slot = new java.util.HashMap<>();
    for (int i = 0; i < SUPPORT; i++) {
      slot.put(support[i], i);
    }
    double[][] teacher = new double[SUPPORT][CLASSES];
    for (double[] row : teacher) {
      for (int k = 0; k < CLASSES; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int[] idx = new int[NNZ];
      for (int r = 0; r < ROWS; r++) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int n = 0;
        while (n < NNZ) {
          int j = n < SIGNAL ? support[rng.nextInt(SUPPORT)] : rng.nextInt(D);
          if (seen.add(j)) {
            idx[n++] = j;
          }
        }
        Arrays.sort(idx);
        double[] score = new double[CLASSES];
        StringBuilder line = new StringBuilder();
        for (int j : idx) {
          double v = 0.5 + rng.nextDouble();
          Integer s = slot.get(j);
          if (s != null) {
            for (int k = 0; k < CLASSES; k++) {
              score[k] += v * teacher[s][k];
            }
          }
          line.append(' ').append(j + 1).append(':').append(String.format(Locale.ROOT, "%.3f", v));
        }
        int label = 0;
        for (int k = 1; k < CLASSES; k++) {
          label = score[k] > score[label] ? k : label;
        }
        w.write(label + line.toString());
        w.newLine();
      }
    }
  }
}
