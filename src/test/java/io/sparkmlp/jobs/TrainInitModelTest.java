package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.ml.MlpClassificationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train job's warm start (--init-model) on the digits split (1,500 training rows), a
 * standardized 64-16-10 network: a first run of 2 epochs, then runs that start from it.
 */
class TrainInitModelTest {
  private static final Pattern PROGRESS = Pattern.compile("\nepoch (\\d+)/\\d+ +\\d+% \\d+/\\d+  loss (\\d\\.\\d{4})");

  @TempDir static Path tmp;
  static Path run1;
  static Run first;

  @BeforeAll
  static void trainFirst() throws IOException {
    SparkTestSession.get();
    JobRuns.splitDigits(tmp, 1500);
    run1 = tmp.resolve("run1");
    first = JobRuns.train(args(run1, "--standardize", "--epochs", "2"));
  }

  /** The settings every run here shares, then {@code more} (--hidden 16, no checkpoints, unless they say). */
  private static String[] args(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", tmp.resolve("train.csv").toString(),
        "--batch-size", "64", "--lr", "0.01", "--partitions", "2", "--seed", "7",
        "--out", out.toString()));
    a.addAll(List.of(more));
    if (!a.contains("--hidden")) {
      a.addAll(List.of("--hidden", "16"));
    }
    if (!a.contains("--checkpoint-dir")) {
      a.addAll(List.of("--checkpoint-dir", "none"));
    }
    return a.toArray(new String[0]);
  }

  @Test
  void aRunDirectoryContinuesTrainingWithTheSameScaler() throws IOException {
    assertEquals(0, first.code(), first.all());
    Path run2 = tmp.resolve("run2");
    Run second = JobRuns.train(args(run2, "--standardize", "--epochs", "1", "--init-model", run1.toString(),
        "--checkpoint-dir", tmp.resolve("run2-checkpoints").toString()));
    assertEquals(0, second.code(), second.all());
    assertTrue(second.out().contains("\nwarm start: weights from " + run1 + " (64-16-10); its fitted"
        + " StandardScalerModel reused, not refitted; optimizer state starts fresh\n"), second.out());

    // The first progress line averages the first 10% of an epoch's steps (3 of 24).
    double freshStart = progressLosses(first.out()).get(0);
    double firstEnd = trainLosses(run1).get(1);
    double secondStart = progressLosses(second.out()).get(0);
    assertTrue(secondStart < 1.5 * firstEnd && secondStart < 0.25 * freshStart, "start of run 2 "
        + secondStart + " against the end of run 1 (epoch 2 mean) " + firstEnd + " and a fresh start "
        + freshStart);
    assertTrue(trainLosses(run2).get(0) < firstEnd, "run 2's epoch goes on below run 1's last: "
        + trainLosses(run2) + " against " + trainLosses(run1));

    StandardScalerModel s1 = (StandardScalerModel) PipelineModel.load(run1.resolve("model").toString()).stages()[0];
    PipelineModel m2 = PipelineModel.load(run2.resolve("model").toString());
    StandardScalerModel s2 = (StandardScalerModel) m2.stages()[0];
    assertArrayEquals(s1.mean().toArray(), s2.mean().toArray(), "the saved scaler's mean, exactly");
    assertArrayEquals(s1.std().toArray(), s2.std().toArray(), "the saved scaler's std, exactly");
    assertEquals(s1.uid(), s2.uid(), "the same fitted stage, not a refitted one");
    assertFalse(java.util.Arrays.equals(weights(run1), ((MlpClassificationModel) m2.stages()[1]).weights()),
        "and the weights trained on");

    // train.conf keeps init-model: a resumed run takes its stages from it, its weights from the checkpoint
    Path resumed = tmp.resolve("run2-resumed");
    Run again = JobRuns.train("--resume", tmp.resolve("run2-checkpoints").toString(), "--out", resumed.toString());
    assertEquals(0, again.code(), again.all());
    assertTrue(again.out().contains("\nwarm start: resuming, so weights and optimizer state come from the"
        + " checkpoint, not from " + run1 + " (64-16-10); its fitted StandardScalerModel reused, not refitted\n"),
        again.out());
    assertArrayEquals(((MlpClassificationModel) m2.stages()[1]).weights(), weights(resumed));
    assertEquals(s1.uid(), PipelineModel.load(resumed.resolve("model").toString()).stages()[0].uid());
  }

  @Test
  void aModelDirectoryOfAnotherShapeNamesBothShapes() {
    assertEquals(0, first.code(), first.all());
    Path model = run1.resolve("model");
    Run r = JobRuns.train(args(tmp.resolve("run-shape"), "--standardize", "--hidden", "8", "--epochs", "1",
        "--init-model", model.toString()));
    assertEquals(2, r.code(), r.all());
    assertEquals("train: flag --init-model: the model in " + model + " is 64-16(relu)-10(identity)"
        + " cross_entropy, 1210 params, but this run builds 64-8(relu)-10(identity) cross_entropy, 610 params"
        + " (from the data's feature count, hidden or layers, activation and task); the layer sizes,"
        + " activations and loss must match\n", r.err());
    assertFalse(Files.exists(tmp.resolve("run-shape")));
  }

  @Test
  void aDirectoryWithoutAModelIsNamed() {
    Run empty = JobRuns.train(args(tmp.resolve("run-bad"), "--init-model", tmp.toString()));
    assertEquals(2, empty.code(), empty.all());
    assertEquals("train: --init-model " + tmp + ": expected a train output directory (holding model/) or a"
        + " Spark ML model directory (holding metadata/), found neither\n", empty.err());
    Run missing = JobRuns.train(args(tmp.resolve("run-bad"), "--init-model", tmp.resolve("nope").toString()));
    assertEquals(2, missing.code(), missing.all());
    assertEquals("train: --init-model " + tmp.resolve("nope") + ": no such directory\n", missing.err());
    assertFalse(Files.exists(tmp.resolve("run-bad")));
  }

  @Test
  void standardizeMustAgreeWithTheSavedScaler() {
    assertEquals(0, first.code(), first.all());
    Run r = JobRuns.train(args(tmp.resolve("run-unscaled"), "--epochs", "1", "--init-model", run1.toString()));
    assertEquals(2, r.code(), r.all());
    assertEquals("train: flag --init-model: the model in " + run1.resolve("model") + " standardizes its"
        + " features (a fitted StandardScalerModel before the MLP), but standardize is off (default of key"
        + " 'standardize'); give --standardize to train on with that scaler (it is reused, not refitted)\n",
        r.err());
  }

  @Test
  void resumeAndInitModelExcludeEachOther() {
    Run r = JobRuns.train("--resume", tmp.resolve("run1-checkpoints").toString(), "--init-model", run1.toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: --init-model cannot be combined with --resume: --resume continues the run of "
        + tmp.resolve("run1-checkpoints") + " from its newest checkpoint (weights and optimizer state),"
        + " --init-model starts a new run from a saved model's weights; give one of them\n", r.err());
  }

  @Test
  void aTextRunReusesItsFittedTextStagesAndTheirWidthMustAgree() {
    String slice = Path.of("src/test/resources/datasets/fortunes-slice.csv").toString();
    List<String> text = List.of("--data", slice, "--format", "text", "--text-features", "4096", "--hidden", "8",
        "--epochs", "1", "--batch-size", "32", "--checkpoint-dir", "none");
    Path t1 = tmp.resolve("text1");
    Path t2 = tmp.resolve("text2");
    Run r1 = JobRuns.train(concat(text, "--out", t1.toString()));
    assertEquals(0, r1.code(), r1.all());
    Run r2 = JobRuns.train(concat(text, "--out", t2.toString(), "--init-model", t1.toString()));
    assertEquals(0, r2.code(), r2.all());
    assertTrue(r2.out().contains("\nwarm start: weights from " + t1 + " (4096-8-4); its fitted RegexTokenizer,"
        + " HashingTF, IDF reused, not refitted; optimizer state starts fresh\n"), r2.out());
    IDFModel idf1 = (IDFModel) PipelineModel.load(t1.resolve("model").toString()).stages()[2];
    IDFModel idf2 = (IDFModel) PipelineModel.load(t2.resolve("model").toString()).stages()[2];
    assertEquals(idf1.uid(), idf2.uid());
    assertArrayEquals(idf1.idf().toArray(), idf2.idf().toArray(), "the saved IDF weights, exactly");

    List<String> wide = new ArrayList<>(text);
    wide.set(wide.indexOf("4096"), "8192");
    Run wider = JobRuns.train(concat(wide, "--out", tmp.resolve("text3").toString(), "--init-model", t1.toString()));
    assertEquals(2, wider.code(), wider.all());
    assertEquals("train: flag --init-model: the model in " + t1.resolve("model") + " hashes text into 4096"
        + " features, but text-features is 8192 (flag --text-features); they must be the same\n", wider.err());
  }

  private static String[] concat(List<String> a, String... more) {
    List<String> all = new ArrayList<>(a);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  /** The loss of each epoch's first progress line, in order. */
  private static List<Double> progressLosses(String out) {
    List<Double> losses = new ArrayList<>();
    int epoch = 0;
    for (Matcher m = PROGRESS.matcher(out); m.find();) {
      if (Integer.parseInt(m.group(1)) != epoch) {
        epoch = Integer.parseInt(m.group(1));
        losses.add(Double.parseDouble(m.group(2)));
      }
    }
    assertFalse(losses.isEmpty(), out);
    return losses;
  }

  /** metrics.jsonl's train_loss per epoch. */
  private static List<Double> trainLosses(Path run) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<String> lines = Files.lines(run.resolve("metrics.jsonl"))) {
      return lines.map(l -> {
        try {
          JsonNode e = json.readTree(l);
          return e.get("train_loss").asDouble();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static double[] weights(Path run) {
    return ((MlpClassificationModel) PipelineModel.load(run.resolve("model").toString()).stages()[1]).weights();
  }
}
