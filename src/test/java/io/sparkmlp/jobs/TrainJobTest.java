package io.sparkmlp.jobs;

import io.sparkmlp.config.TrainKeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.data.IdxFixtures;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.report.RunFiles;
import io.sparkmlp.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train job end to end, in-process on the shared local[2] session: sklearn's digits split
 * into 1,500 training and 297 test rows, a 64-32-10 network, 3 epochs.
 */
class TrainJobTest {
  @TempDir static Path tmp;
  static Path out;
  static Run first;

  @BeforeAll
  static void trainOnce() throws IOException {
    SparkTestSession.get();
    JobRuns.splitDigits(tmp, 1500);
    Path conf = Files.createDirectories(tmp.resolve("conf")).resolve("digits.conf");
    Files.writeString(conf, "# digits, paths relative to this file\ndata = ../train.csv\n"
        + "test-data = ../test.csv\nhidden = 32\nepochs = 3\nbatch-size = 64\nlr = 0.01\n"
        + "partitions = 2\nvalidation-fraction = 0.1\nstandardize = true\nseed = 7\n"
        + "checkpoint-keep = 5\nout = ../runs/digits-{time}\n");
    out = tmp.resolve("runs/digits");
    first = JobRuns.train("--config", conf.toString(), "--out", out.toString(), "--master", "local[2]");
  }

  @Test
  void writesEveryOutput() throws IOException {
    assertEquals(0, first.code(), first.all());
    assertEquals(List.of("accuracy.png", "grad-norms.png", "loss.png", "metrics.jsonl", "model",
        "summary.json"), JobRuns.names(out));
    assertEquals(List.of("digits", "digits-checkpoints"), JobRuns.names(tmp.resolve("runs")),
        "no staging directory may be left next to the output");
    for (String png : List.of("loss.png", "accuracy.png", "grad-norms.png")) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, png);
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(3, lines.size());
    for (int i = 0; i < 3; i++) {
      JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(i));
      assertEquals(i + 1, e.get("epoch").asInt());
      for (String k : List.of("steps", "train_loss", "train_accuracy", "train_rmse", "validation_loss",
          "validation_accuracy", "validation_rmse", "samples_per_second", "mean_step_millis",
          "seconds", "learning_rate")) {
        assertTrue(e.has(k), k + " in " + lines.get(i));
      }
      assertTrue(e.get("validation_accuracy").asDouble() > 0.5, lines.get(i));
    }
  }

  @Test
  void summaryHasTheRequiredKeysWithRealValues() {
    assertEquals(0, first.code(), first.all());
    JsonNode s = RunFiles.read(out.resolve("summary.json"));
    double acc = s.get("test_accuracy").asDouble();
    assertTrue(acc > 0.85 && acc <= 1, "test_accuracy " + acc);
    assertEquals(297, s.get("test_rows").asInt());
    assertTrue(s.get("train_seconds").asDouble() > 0);
    assertTrue(s.get("samples_per_second").asDouble() > 0);
    assertEquals(3, s.get("epochs_run").asInt());
    assertTrue(Double.isFinite(s.get("final_train_loss").asDouble()) && s.get("final_train_loss").asDouble() > 0);
    assertFalse(s.get("blas").asText().isEmpty());
    assertEquals("local[2]", s.get("master").asText());
    assertEquals("[64,32,10]", s.get("layers").toString());
    JsonNode c = s.get("config");
    for (TrainKeys.Key k : TrainKeys.all()) {
      assertEquals(k.fileKey(), c.has(k.name()), k.name());
    }
    assertEquals(tmp.resolve("train.csv").toString(), c.get("data").asText());
    assertEquals("csv", c.get("format").asText());
    assertEquals(0.01, c.get("lr").asDouble());
    assertTrue(c.get("standardize").asBoolean());
    assertEquals(out + "-checkpoints", c.get("checkpoint-dir").asText());
  }

  @Test
  void theScalerIsFittedOnTheTrainingRowsWithoutTheValidationHoldOut() throws IOException {
    assertEquals(0, first.code(), first.all());
    PipelineModel pm = PipelineModel.load(out.resolve("model").toString());
    double[] mean = ((StandardScalerModel) pm.stages()[0]).mean().toArray();
    // train.csv: header, then 1,500 rows of p0..p63 and the label; the run held out 10% (seed 7)
    List<String> lines = Files.readAllLines(tmp.resolve("train.csv"));
    BitSet held = new BitSet();
    for (int p : Trainer.heldOutPositions(1500, 0.1, 7)) {
      held.set(p);
    }
    assertEquals(150, held.cardinality());
    double[] trainSum = new double[64];
    double[] allSum = new double[64];
    for (int i = 0; i < 1500; i++) {
      String[] f = lines.get(i + 1).split(",");
      for (int j = 0; j < 64; j++) {
        double v = Double.parseDouble(f[j]);
        allSum[j] += v;
        trainSum[j] += held.get(i) ? 0 : v;
      }
    }
    double toTrain = 0;
    double toAll = 0;
    for (int j = 0; j < 64; j++) {
      toTrain = Math.max(toTrain, Math.abs(mean[j] - trainSum[j] / 1350));
      toAll = Math.max(toAll, Math.abs(mean[j] - allSum[j] / 1500));
    }
    assertTrue(toTrain < 1e-9, "scaler mean vs the 1,350 training rows' mean: " + toTrain);
    assertTrue(toAll > 1e-3, "and not the mean of all 1,500 rows: " + toAll);
  }

  @Test
  void printsBlasProgressEpochLinesAndTestMetrics() {
    String o = first.out();
    assertTrue(o.startsWith("BLAS: "), o);
    assertTrue(o.contains("master local[2]"), o);
    assertTrue(o.contains("data: " + tmp.resolve("train.csv") + " (csv): 1,500 rows × 64 features, 10 classes"), o);
    assertTrue(o.contains("validation: 150 rows held out"), o);
    assertTrue(o.matches("(?s).*\nepoch 2/3  50% 11/22  loss \\d\\.\\d{4}  [\\d,]+ samples/s  ETA \\d:\\d\\d\n.*"), o);
    assertTrue(o.contains("epoch 3/3: train loss "), o);
    assertTrue(o.contains("test: accuracy "), o);
    assertFalse(o.contains("\r"), "no carriage returns when not on a terminal");
  }

  @Test
  void settingsThatNeedAValidationSetAreNamedWhenThereIsNone() {
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--hidden", "8", "--epochs", "1",
        "--validation-fraction", "0", "--early-stopping-patience", "2", "--validate-every", "5",
        "--checkpoint-dir", "none", "--out", tmp.resolve("runs-noval/r").toString());
    assertEquals(0, r.code(), r.all());
    // Worded once, in train.FitPlan, for the job and the estimators alike: the Param and the key.
    assertTrue(r.out().contains("warning: earlyStoppingPatience (early-stopping-patience) 2 has no effect"
        + " without validation data: set validationFraction (validation-fraction) > 0\n"), r.out());
    assertTrue(r.out().contains("warning: validateEverySteps (validate-every) 5 has no effect"
        + " without validation data: set validationFraction (validation-fraction) > 0\n"), r.out());
  }

  @Test
  void anIdxTestDirectoryIsScoredOnItsT10kPair() throws IOException {
    Path idx = Files.createDirectories(tmp.resolve("idx"));
    IdxFixtures.writePair(idx, "train", 200, 2, 2, false);
    IdxFixtures.writePair(idx, "t10k", 30, 2, 2, true);
    Path o = tmp.resolve("runs-idx/r");
    Run r = JobRuns.train("--data", idx.toString(), "--test-data", idx.toString(), "--hidden", "8",
        "--epochs", "2", "--batch-size", "50", "--checkpoint-dir", "none", "--out", o.toString(),
        "--optimizer", "momentum", "--momentum", "0.8", "--lr-schedule", "step", "--lr-step-size", "3",
        "--lr-gamma", "0.5", "--min-lr", "0.0001", "--validation-fraction", "0.1",
        "--early-stopping-patience", "4", "--min-delta", "0.002", "--aggregation-depth", "3",
        "--partitions", "3");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("test: " + idx + " (its t10k pair): 30 rows"), r.out());
    assertEquals(30, RunFiles.read(o.resolve("summary.json")).get("test_rows").asInt());

    // The saved model records the settings it was trained with, not the params' defaults.
    MlpClassificationModel m = MlpClassificationModel.load(o.resolve("model").toString());
    assertArrayEquals(new int[] {8}, m.getHiddenLayers());
    assertEquals("momentum", m.getOptimizer());
    assertEquals(0.8, m.getMomentum());
    assertEquals("step", m.getLrSchedule());
    assertEquals(3, m.getLrStepSize());
    assertEquals(0.5, m.getLrGamma());
    assertEquals(0.0001, m.getMinLearningRate());
    assertEquals("cross_entropy", m.getLoss());
    assertEquals(0.1, m.getValidationFraction());
    assertEquals(4, m.getEarlyStoppingPatience());
    assertEquals(0.002, m.getMinDelta());
    assertEquals(3, m.getAggregationDepth());
    assertEquals(3, m.getNumPartitions());
    assertEquals(2, m.getMaxEpochs());
    assertEquals(50, m.getBatchSize());
  }

  @Test
  void anExistingOutIsRefusedAndLeftUntouched() throws IOException {
    assertEquals(0, first.code(), first.all());
    byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
    Run again = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--out", out.toString(),
        "--epochs", "1");
    assertEquals(2, again.code(), again.all());
    assertEquals("train: --out " + out + ": already exists; choose another --out or pass --overwrite"
        + " to replace it\n", again.err());
    assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")));
  }

  @Test
  void overwriteReplacesTheOutputOnlyWhenTheNewOneIsComplete() throws IOException {
    Path o = tmp.resolve("runs-overwrite/r");
    Files.createDirectories(o);
    Files.writeString(o.resolve("old.txt"), "old");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--hidden", "16",
        "--epochs", "1", "--batch-size", "100", "--checkpoint-dir", "none", "--out", o.toString(),
        "--overwrite");
    assertEquals(0, r.code(), r.all());
    assertFalse(Files.exists(o.resolve("old.txt")));
    assertTrue(Files.isRegularFile(o.resolve("summary.json")));
    assertTrue(RunFiles.read(o.resolve("summary.json")).get("test_accuracy").isNull(),
        "no test set: test_accuracy is null");
    assertEquals(List.of("r"), JobRuns.names(tmp.resolve("runs-overwrite")));
  }

  @Test
  void aDivergingRunExitsOneAndLeavesNoOutput() throws IOException {
    Path o = tmp.resolve("runs-diverge/d");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--optimizer", "sgd",
        "--lr", "1e30", "--hidden", "16", "--epochs", "2", "--out", o.toString());
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().startsWith("train: training diverged at step "), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    assertEquals(List.of(), JobRuns.names(tmp.resolve("runs-diverge")), "no output, no staging "
        + "directory, and no checkpoint directory: it diverged before its first checkpoint");
  }

  @Test
  void badDataExitsTwoNamingTheFileAndLineAndWritesNothing() throws IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(tmp.resolve("train.csv")).subList(0, 50));
    lines.set(3, lines.get(3).replaceFirst("^[^,]*,[^,]*,", "0,abc,"));
    Path bad = tmp.resolve("bad.csv");
    Files.write(bad, lines);
    Path o = tmp.resolve("runs-baddata/b");
    Run r = JobRuns.train("--data", bad.toString(), "--out", o.toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: " + bad + ", line 4, column 'p1': expected a finite number, found 'abc'\n", r.err());
    Run missing = JobRuns.train("--data", tmp.resolve("nope.csv").toString(), "--out", o.toString());
    assertEquals(2, missing.code(), missing.all());
    assertEquals("train: " + tmp.resolve("nope.csv") + ": no such file or directory\n", missing.err());
    assertEquals(List.of(), JobRuns.names(tmp.resolve("runs-baddata")), "no output, no checkpoints");
  }

  @Test
  void aBadConfigKeyExitsTwoNamingKeyFileAndLine() throws IOException {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "data = train.csv\nepochs = 1\nlearning-rate = 0.1\n");
    Run r = JobRuns.train("--config", conf.toString(), "--out", tmp.resolve("runs-bad/b").toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: " + conf + ", line 3: unknown key 'learning-rate' (did you mean 'lr'?); the keys "
        + "are the long flag names without '--', see Train --help\n", r.err());
    assertFalse(Files.exists(tmp.resolve("runs-bad")));
  }

  @Test
  void layersThatDoNotFitTheDataAreNamed() {
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--layers", "784,32,10",
        "--out", tmp.resolve("runs-layers/l").toString(), "--checkpoint-dir", "none");
    assertEquals(2, r.code(), r.all());
    assertEquals("train: flag --layers: the first width must be the data's feature count 64, found 784"
        + " in 784,32,10\n", r.err());
    assertEquals(List.of(), namesOrEmpty(tmp.resolve("runs-layers")));
  }

  @Test
  void resumeSkipsACorruptNewestCheckpointAndEndsBitIdentical() throws IOException {
    assertEquals(0, first.code(), first.all());
    Path ckpt = Path.of(out + "-checkpoints");
    List<Path> files;
    try (Stream<Path> s = Files.list(ckpt)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".ckpt")).sorted().toList();
    }
    assertEquals(3, files.size(), "one checkpoint per epoch");
    Path newest = files.get(2);
    byte[] b = Files.readAllBytes(newest);
    b[b.length / 2] ^= 0x5A;
    Files.write(newest, b);
    Path resumed = tmp.resolve("runs-resumed/resumed");
    Run r = JobRuns.train("--resume", ckpt.toString(), "--out", resumed.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains(newest.getFileName() + " is corrupt or unreadable"), r.out());
    assertTrue(r.out().contains("resuming from ") && r.out().contains(files.get(1).getFileName() + ": epoch 3"),
        r.out());
    assertFalse(r.out().contains("epoch 1/3"), r.out());
    assertArrayEquals(weights(out), weights(resumed), "resumed run must end bit-identical");
    JsonNode s = RunFiles.read(resumed.resolve("summary.json"));
    assertEquals(3, s.get("epochs_run").asInt());
    assertTrue(s.get("resumed_from").asText().endsWith(files.get(1).getFileName().toString()));
  }

  @Test
  void resumeRefusesFlagsThatWouldChangeTheRun() {
    Run r = JobRuns.train("--resume", out + "-checkpoints", "--lr", "0.1");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().startsWith("train: flag --lr cannot be combined with --resume"), r.err());
  }

  static double[] weights(Path runDir) {
    PipelineModel p = PipelineModel.load(runDir.resolve("model").toString());
    return ((MlpClassificationModel) p.stages()[1]).weights();
  }

  private static List<String> namesOrEmpty(Path dir) {
    try {
      return Files.exists(dir) ? JobRuns.names(dir) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
