package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.ml.onnx.OnnxExport;
import io.sparkmlp.run.SavedModel;
import io.sparkmlp.run.ScoringRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The export job (behind {@code jobs/export.sh}): writes a saved model ({@link SavedModel}) as
 * one ONNX file ({@link OnnxExport}): a plain MLP model, or a PipelineModel of a
 * StandardScalerModel and the MLP, whose scaling becomes the graph's first nodes so that the
 * file takes raw features. A pipeline with other stages (text features) is refused with the
 * stage named. An existing {@code --out} is refused unless {@code --overwrite}.
 * Exit codes as Evaluate's.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    version = "sparkmlp export 0.1.0", usageHelpWidth = 100,
    description = {"Writes a saved sparkmlp model as an ONNX file (opset 13, float32).",
        "Input 'features' [batch, d], raw features; outputs, for a classifier, 'rawPrediction' and "
            + "'probability' [batch, K] and 'prediction' [batch, 1] (the class id), for a regressor "
            + "'prediction' [batch, K].", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:the job failed",
        "2:usage or model error (e.g. a stage with no ONNX form); nothing was written"})
public final class Export implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A train output directory or its model/ (a Spark ML model directory).")
  String model;

  @Option(names = "--format", paramLabel = "onnx", defaultValue = "onnx",
      description = "The file format; onnx is the only one (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The ONNX file to write, e.g. model.onnx (a local path or Hadoop URI).")
  String out;

  @Mixin
  ScoringRun run = new ScoringRun();

  private PrintWriter stdout;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Parses {@code args}, runs the job, and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Export job = new Export();
    job.stdout = out;
    return JobCli.execute(new CommandLine(job), "export", () -> job.run.verbose, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    if (!format.equals("onnx")) {
      throw new ConfigException("--format: expected onnx, found '" + format + "'");
    }
    SparkSession spark = JobCli.session("sparkmlp export", run.master);
    JobCli.printSpark(stdout, spark, run.master);
    SavedModel m = SavedModel.load(spark, model);
    stdout.println("model: " + m.path + ": " + m.description);
    String graph = OnnxExport.save(m.transformer, out, run.overwrite,
        spark.sparkContext().hadoopConfiguration());
    stdout.println("wrote " + out + " (onnx): " + graph);
    return JobCli.OK;
  }
}
