package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.run.OutputDir;
import io.sparkmlp.run.ScoringData;
import io.sparkmlp.run.ScoringRun;
import io.sparkmlp.run.SavedModel;

import static org.apache.spark.sql.functions.col;

import io.sparkmlp.linalg.Blas;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The predict job (behind {@code jobs/predict.sh}): writes a saved model's predictions for a
 * data set, in the data's row order, as Spark's part files in {@code --out DIR}:
 * <ul>
 *   <li>parquet: {@code prediction}, for classification {@code probability} (a Vector of K),
 *       and {@code label};
 *   <li>csv (with a header): {@code prediction}, for classification {@code p0..pK-1}, and
 *       {@code label}.
 * </ul>
 * With {@code --label-col none} (CSV or Parquet without a label column) there is no
 * {@code label} column.
 * The output appears complete or not at all ({@link OutputDir}); an existing {@code --out} is
 * refused unless {@code --overwrite}. Exit codes as Evaluate's.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    version = "sparkmlp predict 0.1.0", usageHelpWidth = 100,
    description = {"Writes a saved sparkmlp model's predictions for a data set.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:the job failed", "2:usage, model or data error; nothing was written"})
public final class Predict implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A train output directory or its model/ (a Spark ML model directory).")
  String model;

  @Mixin
  ScoringData data = new ScoringData();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the predictions go.")
  Path out;

  @Option(names = "--output-format", paramLabel = "parquet|csv", defaultValue = "parquet",
      description = "parquet (probability as a Vector) or csv (p0..pK-1 columns) (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  @Mixin
  ScoringRun run = new ScoringRun();

  private PrintWriter stdout;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Parses {@code args}, runs the job, and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Predict job = new Predict();
    job.stdout = out;
    return JobCli.execute(new CommandLine(job), "predict", () -> job.run.verbose, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    boolean csv = switch (outputFormat) {
      case "csv" -> true;
      case "parquet" -> false;
      default -> throw new ConfigException("--output-format: expected parquet or csv, found '"
          + outputFormat + "'");
    };
    stdout.println("BLAS: " + Blas.describe());
    SparkSession spark = JobCli.session("sparkmlp predict", run.master);
    JobCli.printSpark(stdout, spark, run.master);
    try (OutputDir dir = OutputDir.create(out, run.overwrite, "--out")) {
      SavedModel m = SavedModel.load(spark, model);
      stdout.println("model: " + m.path + ": " + m.description);
      Dataset<Row> frame = data.load(spark, m);
      Dataset<Row> predictions = m.transformer.transform(frame).select(columns(m, csv, data.labeled()));
      String target = dir.staging().toUri().toString();
      if (csv) {
        predictions.write().mode(SaveMode.Overwrite).option("header", "true").csv(target);
      } else {
        predictions.write().mode(SaveMode.Overwrite).parquet(target);
      }
      long rows = spark.read().format(csv ? "csv" : "parquet").option("header", "true").load(target).count();
      dir.commit();
      data.describe(stdout, rows);
      stdout.println("wrote " + rows + " predictions to " + dir.target() + " (" + outputFormat + ")");
    }
    return JobCli.OK;
  }

  private static Column[] columns(SavedModel m, boolean csv, boolean labeled) {
    List<Column> c = new ArrayList<>();
    c.add(col("prediction"));
    if (m.classification()) {
      if (csv) {
        Column p = org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64");
        for (int k = 0; k < m.numOutputs(); k++) {
          c.add(p.getItem(k).as("p" + k));
        }
      } else {
        c.add(col("probability"));
      }
    }
    if (labeled) {
      c.add(col("label"));
    }
    return c.toArray(new Column[0]);
  }
}
