package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.run.OutputDir;
import io.sparkmlp.run.Scoring;
import io.sparkmlp.run.ScoringData;
import io.sparkmlp.run.ScoringRun;
import io.sparkmlp.run.SavedModel;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.report.ClassificationScores;
import io.sparkmlp.report.ConfusionMatrixPlot;
import io.sparkmlp.report.RegressionScores;
import io.sparkmlp.report.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The evaluate job (behind {@code jobs/evaluate.sh}): scores a saved model ({@link SavedModel})
 * on a labelled data set and prints, for classification, accuracy, per-class precision, recall
 * and F1, log loss and the confusion matrix ({@link ClassificationScores}); for regression
 * RMSE, MAE and R² ({@link RegressionScores}). With {@code --out DIR}, writes
 * {@code metrics.json} (and for classification {@code confusion-matrix.png}) there, atomically
 * ({@link OutputDir}).
 *
 * <p>Exit codes: 0 ok; 1 the job failed; 2 bad usage, model or data.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    version = "sparkmlp evaluate 0.1.0", usageHelpWidth = 100,
    description = {"Scores a saved sparkmlp model on a labelled data set.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:scored", "1:the job failed", "2:usage, model or data error; nothing was written"})
public final class Evaluate implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A train output directory or its model/ (a Spark ML model directory).")
  String model;

  @Mixin
  ScoringData data = new ScoringData();

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write metrics.json and confusion-matrix.png here (optional).")
  Path out;

  @Mixin
  ScoringRun run = new ScoringRun();

  private PrintWriter stdout;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Parses {@code args}, runs the job, and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Evaluate job = new Evaluate();
    job.stdout = out;
    return JobCli.execute(new CommandLine(job), "evaluate", () -> job.run.verbose, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    if (!data.labeled()) {
      throw new ConfigException("--label-col none: evaluate compares predictions with labels, so the "
          + "data needs a label column; jobs/predict.sh scores data without labels");
    }
    stdout.println("BLAS: " + Blas.describe());
    SparkSession spark = JobCli.session("sparkmlp evaluate", run.master);
    JobCli.printSpark(stdout, spark, run.master);
    try (OutputDir dir = out == null ? null : OutputDir.create(out, run.overwrite, "--out")) {
      SavedModel m = SavedModel.load(spark, model);
      stdout.println("model: " + m.path + ": " + m.description);
      Dataset<Row> frame = data.load(spark, m);
      Dataset<Row> predictions = m.transformer.transform(frame);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("model", m.path);
      metrics.put("data", data.source);
      if (m.classification()) {
        ClassificationScores s = Scoring.classification(predictions, m.numOutputs(), data.source);
        data.describe(stdout, s.rows());
        stdout.print(s.format());
        metrics.putAll(s.toMap());
        if (dir != null) {
          ConfusionMatrixPlot.write(dir.staging().resolve("confusion-matrix.png"), s, 720);
        }
      } else {
        RegressionScores s = Scoring.regression(predictions);
        data.describe(stdout, s.rows());
        stdout.print(s.format());
        metrics.putAll(s.toMap());
      }
      if (dir != null) {
        RunFiles.writeJson(dir.staging().resolve("metrics.json"), metrics);
        dir.commit();
        stdout.println("wrote " + dir.target() + (m.classification()
            ? " (metrics.json, confusion-matrix.png)" : " (metrics.json)"));
      }
    }
    return JobCli.OK;
  }
}
