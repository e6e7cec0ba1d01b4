package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.report.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --validation-indicator-col: a Parquet file of the digits' first 1,500 rows (64 numeric pixel
 * columns, the label, and a boolean is_val true on every 5th row) written here; the formats
 * without named columns and a validation-fraction beside it are errors.
 */
class TrainValidationColumnTest {
  @TempDir static Path tmp;
  static Path parquet;
  /** The pixel columns' mean over the rows is_val leaves to train. */
  static double[] trainMean = new double[64];

  @BeforeAll
  static void writeParquet() throws IOException {
    List<String> lines = Files.readAllLines(JobRuns.DIGITS);
    String[] header = lines.get(0).split(",");
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h, DataTypes.DoubleType, false);
    }
    schema = schema.add("is_val", DataTypes.BooleanType, false);
    List<Row> rows = new ArrayList<>();
    int kept = 0;
    for (int i = 0; i < 1500; i++) {
      String[] f = lines.get(i + 1).split(",");
      Object[] v = new Object[f.length + 1];
      for (int j = 0; j < f.length; j++) {
        v[j] = Double.parseDouble(f[j]);
      }
      boolean val = i % 5 == 0;
      v[f.length] = val;
      rows.add(RowFactory.create(v));
      for (int j = 0; j < 64 && !val; j++) {
        trainMean[j] += (double) v[j];
      }
      kept += val ? 0 : 1;
    }
    for (int j = 0; j < 64; j++) {
      trainMean[j] /= kept;
    }
    parquet = tmp.resolve("digits.parquet");
    SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
  }

  @Test
  void theMarkedRowsAreTheValidationSet() {
    Path out = tmp.resolve("run");
    Run r = JobRuns.train("--data", parquet.toString(), "--validation-indicator-col", "is_val", "--standardize",
        "--hidden", "8", "--epochs", "1", "--batch-size", "100", "--checkpoint-dir", "none", "--out", out.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("data: " + parquet + " (parquet): 1,500 rows × 64 features, 10 classes"), r.out());
    assertTrue(r.out().contains("\nvalidation: 300 rows, those of --data with is_val true; 1,200 rows train\n"),
        r.out());
    assertTrue(r.out().contains(" | validation loss "), "the epoch line has the validation loss: " + r.out());
    JsonNode s = RunFiles.read(out.resolve("summary.json"));
    assertEquals(1500, s.get("train_rows").asInt());
    assertEquals(300, s.get("validation_rows").asInt());
    assertEquals("[64,8,10]", s.get("layers").toString(), "is_val is not a feature");
    assertTrue(Double.isFinite(s.get("final_validation_loss").asDouble()), s.toString());
    assertEquals("is_val", s.get("config").get("validation-indicator-col").asText());
    // the scaler learnt from exactly the 1,200 unmarked rows
    double[] mean = ((StandardScalerModel) PipelineModel.load(out.resolve("model").toString()).stages()[0])
        .mean().toArray();
    double worst = 0;
    for (int j = 0; j < 64; j++) {
      worst = Math.max(worst, Math.abs(mean[j] - trainMean[j]));
    }
    assertTrue(worst < 1e-9, "scaler mean against the unmarked rows' mean: " + worst);
  }

  @Test
  void aValidationFractionBesideTheColumnIsAnError() {
    Run r = JobRuns.train("--data", parquet.toString(), "--validation-indicator-col", "is_val",
        "--validation-fraction", "0.1", "--checkpoint-dir", "none", "--out", tmp.resolve("both").toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: flag --validation-indicator-col: 'is_val' and validation-fraction 0.1 (flag"
        + " --validation-fraction) both choose the validation rows; give one of them (validation-fraction 0"
        + " with the column)\n", r.err());
    assertFalse(Files.exists(tmp.resolve("both")));
  }

  @Test
  void aColumnThatMarksNoRowIsNamed() {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("x", DataTypes.DoubleType)
        .add("is_val", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create((double) (i % 2), (double) i, false));
    }
    Path none = tmp.resolve("none.parquet");
    SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(none.toString());
    Run r = JobRuns.train("--data", none.toString(), "--validation-indicator-col", "is_val", "--hidden", "4",
        "--epochs", "1", "--checkpoint-dir", "none", "--out", tmp.resolve("none-run").toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: validation rows of " + none + " (those with is_val true, --validation-indicator-col)"
        + " is empty: it has no rows\n", r.err());
  }

  @Test
  void formatsWithoutNamedColumnsAndAMissingColumnAreNamed() throws IOException {
    Path libsvm = tmp.resolve("tiny.libsvm");
    Files.writeString(libsvm, "0 1:0.5\n1 2:0.5\n");
    Run r = JobRuns.train("--data", libsvm.toString(), "--validation-indicator-col", "is_val",
        "--checkpoint-dir", "none", "--out", tmp.resolve("libsvm").toString());
    assertEquals(2, r.code(), r.all());
    assertEquals("train: " + libsvm + ": --validation-indicator-col 'is_val' names a column, but libsvm data"
        + " has no named columns (csv, parquet and text have)\n", r.err());

    Run missing = JobRuns.train("--data", parquet.toString(), "--validation-indicator-col", "held_out",
        "--checkpoint-dir", "none", "--out", tmp.resolve("missing").toString());
    assertEquals(2, missing.code(), missing.all());
    assertTrue(missing.err().startsWith("train: " + parquet.resolve("part-")) && missing.err().contains(
        ": expected a column 'held_out' (--validation-indicator-col), found the columns p0 (double), "),
        missing.err());
  }
}
