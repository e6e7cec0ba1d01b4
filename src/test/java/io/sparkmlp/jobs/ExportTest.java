package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.run.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export job on a model the train job saved with --standardize (a PipelineModel of a
 * StandardScalerModel and the MLP): the ONNX file takes the raw features and gives Spark's
 * probabilities and classes; bad flags and an existing --out exit 2.
 */
class ExportTest {
  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void trainAStandardisedModel() throws Exception {
    SparkTestSession.get();
    JobRuns.splitDigits(tmp, 1400);
    model = tmp.resolve("model-run");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--hidden", "24",
        "--epochs", "2", "--batch-size", "100", "--lr", "0.005", "--partitions", "2", "--standardize",
        "--checkpoint-dir", "none", "--test-data", tmp.resolve("test.csv").toString(), "--out", model.toString());
    assertEquals(0, r.code(), r.all());
  }

  @Test
  void writesAnOnnxFileThatScoresRawFeaturesAsSparkDoes() throws Exception {
    Path onnx = tmp.resolve("digits.onnx");
    Run r = JobRuns.run(Export::run, "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("PipelineModel(StandardScalerModel, MlpClassificationModel)"), r.out());
    assertTrue(r.out().contains("wrote " + onnx + " (onnx): opset 13"), r.out());
    assertTrue(r.out().contains("input features float [batch, 64]; outputs rawPrediction float [batch, 10], "
        + "probability float [batch, 10], prediction float [batch, 1]"), r.out());

    SavedModel m = SavedModel.load(SparkTestSession.get(), model.toString());
    List<Row> rows = m.transformer.transform(DataLoader.load(SparkTestSession.get(),
        tmp.resolve("test.csv").toString(), DataFormat.CSV, "label", 1))
        .select("features", "probability", "prediction").collectAsList();
    float[][] x = new float[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      double[] v = rows.get(i).<Vector>getAs("features").toArray();
      x[i] = new float[v.length];
      for (int j = 0; j < v.length; j++) {
        x[i][j] = (float) v[j];
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
         OnnxTensor input = OnnxTensor.createTensor(env, x);
         OrtSession.Result result = session.run(Map.of("features", input))) {
      float[][] p = (float[][]) result.get("probability").orElseThrow().getValue();
      float[][] c = (float[][]) result.get("prediction").orElseThrow().getValue();
      double max = 0;
      for (int i = 0; i < rows.size(); i++) {
        double[] s = rows.get(i).<Vector>getAs("probability").toArray();
        for (int k = 0; k < s.length; k++) {
          max = Math.max(max, Math.abs(p[i][k] - s[k]));
        }
        assertEquals(rows.get(i).<Double>getAs("prediction"), c[i][0], 0.0, "class of test row " + i);
      }
      System.out.println("export job: " + rows.size() + " digits test rows, max |Δ probability| " + max);
      assertTrue(max <= 1e-5, "max |Δ probability| " + max);
    }
  }

  @Test
  void badFormatAndAnExistingOutExit2() throws Exception {
    Path onnx = tmp.resolve("again.onnx");
    Run pmml = JobRuns.run(Export::run, "--model", model.toString(), "--format", "pmml", "--out", onnx.toString());
    assertEquals(2, pmml.code(), pmml.all());
    assertTrue(pmml.err().contains("export: --format: expected onnx, found 'pmml'"), pmml.all());
    assertTrue(Files.notExists(onnx));

    assertEquals(0, JobRuns.run(Export::run, "--model", model.toString(), "--out", onnx.toString()).code());
    Run again = JobRuns.run(Export::run, "--model", model.toString(), "--out", onnx.toString());
    assertEquals(2, again.code(), again.all());
    assertTrue(again.err().contains(onnx + ": already exists"), again.all());
    Run overwrite = JobRuns.run(Export::run, "--model", model.toString(), "--out", onnx.toString(), "--overwrite");
    assertEquals(0, overwrite.code(), overwrite.all());

    Run missing = JobRuns.run(Export::run, "--model", tmp.resolve("nothing").toString(), "--out", onnx.toString());
    assertEquals(2, missing.code(), missing.all());
    assertTrue(missing.err().contains("no such directory"), missing.all());
  }

  @Test
  void helpNamesEveryOption() {
    Run help = JobRuns.run(Export::run, "--help");
    assertEquals(0, help.code(), help.all());
    for (String option : List.of("--model=DIR", "--format=onnx", "--out=FILE", "--overwrite", "--master=URL",
        "--verbose", "'probability' [batch, K]")) {
      assertTrue(help.out().contains(option), option + " in\n" + help.out());
    }
  }
}
