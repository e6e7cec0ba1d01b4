package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.report.RunFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluate and Predict on models the train job saved (a plain classifier, and a regressor):
 * their figures against a recomputation from Predict's output, counts, atomic outputs.
 */
class EvaluatePredictTest {
  @TempDir static Path tmp;
  static Path model;
  static Path test;

  @BeforeAll
  static void trainAModel() throws IOException {
    SparkTestSession.get();
    JobRuns.splitDigits(tmp, 1400);
    test = tmp.resolve("test.csv");
    model = tmp.resolve("model-run");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--hidden", "24",
        "--epochs", "2", "--batch-size", "100", "--lr", "0.005", "--partitions", "2",
        "--checkpoint-dir", "none", "--test-data", test.toString(), "--out", model.toString());
    assertEquals(0, r.code(), r.all());
  }

  @Test
  void evaluateMatchesTrainAndARecomputationFromPredict() throws IOException {
    Path evalOut = tmp.resolve("eval");
    Run e = JobRuns.run(Evaluate::run, "--model", model.toString(), "--data", test.toString(),
        "--out", evalOut.toString());
    assertEquals(0, e.code(), e.all());
    assertTrue(e.out().contains("confusion matrix (rows: true class, columns: predicted class)"), e.out());
    assertTrue(e.out().contains("class  precision  recall     f1  support"), e.out());
    JsonNode m = RunFiles.read(evalOut.resolve("metrics.json"));
    assertEquals(397, m.get("rows").asLong());
    BufferedImage png = ImageIO.read(evalOut.resolve("confusion-matrix.png").toFile());
    assertTrue(png != null && png.getWidth() > 100);

    JsonNode summary = RunFiles.read(model.resolve("summary.json"));
    assertEquals(summary.get("test_accuracy").asDouble(), m.get("accuracy").asDouble(), 1.5 / 397,
        "Evaluate and the train job's test score agree");

    Path predOut = tmp.resolve("pred-csv");
    Run p = JobRuns.run(Predict::run, "--model", model.resolve("model").toString(), "--data",
        test.toString(), "--out", predOut.toString(), "--output-format", "csv");
    assertEquals(0, p.code(), p.all());
    assertTrue(p.out().contains("wrote 397 predictions to " + predOut + " (csv)"), p.out());
    List<Row> rows = SparkTestSession.get().read().option("header", "true").option("inferSchema", "true")
        .csv(predOut.toString()).collectAsList();
    assertEquals(397, rows.size());
    assertEquals(List.of("prediction", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "label"),
        List.of(rows.get(0).schema().fieldNames()));
    long correct = 0;
    double logLoss = 0;
    long[] confusion = new long[100];
    for (Row r : rows) {
      int label = (int) r.getDouble(11);
      int pred = (int) r.getDouble(0);
      correct += label == pred ? 1 : 0;
      logLoss -= Math.log(Math.max(r.getDouble(1 + label), 1e-15));
      confusion[label * 10 + pred]++;
    }
    assertEquals((double) correct / rows.size(), m.get("accuracy").asDouble(), 1e-12);
    assertEquals(logLoss / rows.size(), m.get("log_loss").asDouble(), 1e-9);
    long[] reported = new long[100];
    for (int t = 0; t < 10; t++) {
      for (int q = 0; q < 10; q++) {
        reported[t * 10 + q] = m.get("confusion_matrix").get(t).get(q).asLong();
      }
    }
    assertArrayEquals(confusion, reported);
    JsonNode c3 = m.get("per_class").get(3);
    long tp = confusion[33];
    long predicted3 = 0;
    long actual3 = 0;
    for (int i = 0; i < 10; i++) {
      predicted3 += confusion[i * 10 + 3];
      actual3 += confusion[30 + i];
    }
    assertEquals((double) tp / predicted3, c3.get("precision").asDouble(), 1e-12);
    assertEquals((double) tp / actual3, c3.get("recall").asDouble(), 1e-12);
    assertEquals(actual3, c3.get("support").asLong());
  }

  @Test
  void predictWritesParquetWithOneRowPerInputRowAndRefusesAnExistingOut() throws IOException {
    Path out = tmp.resolve("pred-parquet");
    Run p = JobRuns.run(Predict::run, "--model", model.toString(), "--data", test.toString(), "--out",
        out.toString());
    assertEquals(0, p.code(), p.all());
    var df = SparkTestSession.get().read().parquet(out.toString());
    assertEquals(397, df.count());
    assertEquals(List.of("prediction", "probability", "label"), List.of(df.schema().fieldNames()));
    assertEquals(List.of("pred-parquet"), JobRuns.names(tmp).stream()
        .filter(n -> n.startsWith("pred-parquet")).toList(), "no staging directory left");

    Run again = JobRuns.run(Predict::run, "--model", model.toString(), "--data", test.toString(), "--out",
        out.toString());
    assertEquals(2, again.code(), again.all());
    assertTrue(again.err().contains("--out " + out + ": already exists"), again.err());
    assertEquals(397, SparkTestSession.get().read().parquet(out.toString()).count());
  }

  @Test
  void predictScoresDataWithoutLabelsAndEvaluateRefusesIt() throws IOException {
    // the test rows without their last column, the label
    Path unlabeled = tmp.resolve("unlabeled.csv");
    Files.write(unlabeled, Files.readAllLines(test).stream()
        .map(l -> l.substring(0, l.lastIndexOf(','))).toList());
    Path out = tmp.resolve("pred-unlabeled");
    Run p = JobRuns.run(Predict::run, "--model", model.toString(), "--data", unlabeled.toString(),
        "--label-col", "none", "--out", out.toString(), "--output-format", "csv");
    assertEquals(0, p.code(), p.all());
    Path labeledOut = tmp.resolve("pred-labeled");
    Run q = JobRuns.run(Predict::run, "--model", model.toString(), "--data", test.toString(),
        "--out", labeledOut.toString(), "--output-format", "csv");
    assertEquals(0, q.code(), q.all());
    var spark = SparkTestSession.get();
    List<Row> a = spark.read().option("header", "true").option("inferSchema", "true").csv(out.toString()).collectAsList();
    List<Row> b = spark.read().option("header", "true").option("inferSchema", "true").csv(labeledOut.toString()).collectAsList();
    assertEquals(List.of("prediction", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"),
        List.of(a.get(0).schema().fieldNames()), "no label column");
    assertEquals(397, a.size());
    // the same predictions and probabilities, row for row (compared sorted: Spark need not read
    // the part files back in the order it wrote them)
    assertEquals(sortedPredictions(b), sortedPredictions(a));

    // The same rows as LIBSVM lines without a label (idx:val for each non-zero feature)
    List<String> csv = Files.readAllLines(unlabeled);
    List<String> svm = csv.subList(1, csv.size()).stream().map(l -> {
      String[] v = l.split(",");
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < v.length; j++) {
        if (Double.parseDouble(v[j]) != 0) {
          sb.append(sb.length() == 0 ? "" : " ").append(j + 1).append(':').append(v[j]);
        }
      }
      return sb.toString();
    }).toList();
    Path svmFile = Files.write(tmp.resolve("unlabeled.libsvm"), svm);
    Path svmOut = tmp.resolve("pred-unlabeled-libsvm");
    Run l = JobRuns.run(Predict::run, "--model", model.toString(), "--data", svmFile.toString(),
        "--label-col", "none", "--out", svmOut.toString(), "--output-format", "csv");
    assertEquals(0, l.code(), l.all());
    List<Row> c = spark.read().option("header", "true").option("inferSchema", "true").csv(svmOut.toString()).collectAsList();
    assertEquals(397, c.size());
    assertEquals(sortedPredictions(b), sortedPredictions(c));

    Run e = JobRuns.run(Evaluate::run, "--model", model.toString(), "--data", unlabeled.toString(),
        "--label-col", "none");
    assertEquals(2, e.code(), e.all());
    assertTrue(e.err().startsWith("evaluate: --label-col none: evaluate compares predictions with labels"), e.err());
  }

  /** Each row's prediction and p0..p9 as text, sorted. */
  private static List<String> sortedPredictions(List<Row> rows) {
    return rows.stream().map(r -> {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < 11; k++) {
        sb.append(r.getDouble(k)).append(' ');
      }
      return sb.toString();
    }).sorted().toList();
  }

  @Test
  void badModelAndDataAreNamed() throws IOException {
    Run r = JobRuns.run(Evaluate::run, "--model", tmp.resolve("nope").toString(), "--data", test.toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("evaluate: --model " + tmp.resolve("nope") + ": no such directory\n", r.err());

    Path narrow = tmp.resolve("narrow.csv");
    Files.writeString(narrow, "a,b,label\n1,2,0\n3,4,1\n");
    Run d = JobRuns.run(Evaluate::run, "--model", model.toString(), "--data", narrow.toString());
    assertEquals(2, d.code(), d.all());
    assertEquals("evaluate: --data " + narrow + ": has 2 features, but the model " + model.resolve("model")
        + " expects 64\n", d.err());

    Run w = JobRuns.run(Evaluate::run, "--model", model.toString(), "--data", tmp.resolve("missing.csv").toString());
    assertEquals(2, w.code(), w.all());
    assertTrue(w.err().startsWith("evaluate: " + tmp.resolve("missing.csv")), w.err());
    assertFalse(w.err().contains("\tat "), w.err());
  }

  @Test
  void regressionTrainsEvaluatesAndPlotsRmse() throws IOException {
    Path run = tmp.resolve("regression");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--task", "regression",
        "--hidden", "16", "--epochs", "2", "--batch-size", "100", "--lr", "0.01", "--standardize",
        "--validation-fraction", "0.1", "--checkpoint-dir", "none", "--test-data", test.toString(),
        "--out", run.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains(" rmse "), r.out());
    JsonNode s = RunFiles.read(run.resolve("summary.json"));
    assertTrue(s.get("test_accuracy").isNull());
    double rmse = s.get("test_rmse").asDouble();
    assertTrue(rmse > 0 && rmse < 3, "test_rmse " + rmse);
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      assertEquals(Math.sqrt(e.get("train_loss").asDouble()), e.get("train_rmse").asDouble(), 1e-12, line);
      assertTrue(e.get("train_accuracy").isNull(), line);
    }
    assertTrue(ImageIO.read(run.resolve("accuracy.png").toFile()) != null);

    Run e = JobRuns.run(Evaluate::run, "--model", run.toString(), "--data", test.toString(), "--out",
        tmp.resolve("regression-eval").toString());
    assertEquals(0, e.code(), e.all());
    JsonNode m = RunFiles.read(tmp.resolve("regression-eval/metrics.json"));
    assertEquals(rmse, m.get("rmse").asDouble(), 1e-5 * rmse, "float32 forward passes, two paths");
    assertTrue(m.get("r2").asDouble() > 0, m.toString());
    assertEquals(List.of("metrics.json"), JobRuns.names(tmp.resolve("regression-eval")));
  }
}
