package io.sparkmlp.jobs;

import io.sparkmlp.gradcheck.ComparisonTable;
import io.sparkmlp.gradcheck.ReferenceCase;
import io.sparkmlp.gradcheck.ReferenceCheck;
import io.sparkmlp.gradcheck.SeedExperiment;
import io.sparkmlp.linalg.Blas;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gradcheck job (behind {@code jobs/gradcheck.sh}): checks the closed-form gradients of the
 * engine in float64, in this JVM, without Spark.
 *
 * <ul>
 *   <li>no arguments: the seed experiment ({@link SeedExperiment}); prints its table and writes
 *       {@code gradcheck-seed.png} into {@code --out};
 *   <li>{@code --reference DIR}: checks the engine against a PyTorch reference case
 *       ({@link ReferenceCheck}).
 * </ul>
 * Exit codes: 0 when every row is approx, 1 when a check fails (the failing tensors are named),
 * 2 for a usage or input error (one line, no stack trace unless {@code --verbose}).
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
    version = "sparkmlp gradcheck 0.1.0",
    description = {
        "Checks sparkmlp's closed-form gradients in float64, without Spark.",
        "",
        "Without --reference: the seed experiment (B=32, 128->27, tanh, cross-entropy)",
        "against central finite differences; prints the table `name | exact | approx |",
        "maxdiff` and writes gradcheck-seed.png into --out.",
        "With --reference DIR: the engine against a PyTorch reference case (spec.json,",
        "x.npy, w0.npy, ...); prints one row for the loss and for every tensor.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every row approx=True", "1:a check failed (the failing tensors are named)",
        "2:usage or input error"})
public final class GradCheck implements Callable<Integer> {
  /** Exit code of a check that ran and failed. */
  public static final int FAILED = JobCli.FAILED;
  /** Exit code of a usage or input error. */
  public static final int INPUT_ERROR = JobCli.INPUT_ERROR;

  @Option(names = "--reference", paramLabel = "DIR",
      description = "A reference case directory; without it, run the seed experiment.")
  Path reference;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/gradcheck",
      description = "Where the seed experiment writes gradcheck-seed.png (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + SeedExperiment.DEFAULT_SEED,
      description = "Seed of the seed experiment's random draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--master", paramLabel = "URL",
      description = "Accepted for the launchers and ignored: gradcheck runs in this JVM.")
  String master;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  private PrintWriter stdout;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Parses {@code args}, runs the job, and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    GradCheck job = new GradCheck();
    job.stdout = out;
    return JobCli.execute(new CommandLine(job), "gradcheck", () -> job.verbose, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    stdout.println("BLAS: " + Blas.describe());
    if (master != null) {
      stdout.println("note: --master " + master + " ignored; gradcheck runs in this JVM without Spark");
    }
    return reference == null ? seedExperiment() : referenceCase();
  }

  private int seedExperiment() throws IOException {
    SeedExperiment.Result r = SeedExperiment.run(seed);
    stdout.print(r.report());
    Path png = out.resolve("gradcheck-seed.png");
    SeedExperiment.writeFigure(r, png, 1200, 600);
    stdout.println("figure: " + png);
    if (r.passed()) {
      stdout.println("PASSED: every row approx=True");
      return 0;
    }
    stdout.println("FAILED: " + failures(r.table()) + (r.meanAbsRowSum()
        > SeedExperiment.ROW_SUM_TOLERANCE ? "; row sums of dL/dy not ~0" : ""));
    return FAILED;
  }

  private int referenceCase() throws IOException {
    ReferenceCase c = ReferenceCase.load(reference);
    stdout.println("reference " + c.dir() + ": " + c.architecture() + ", batch " + c.batch());
    ComparisonTable t = ReferenceCheck.run(c);
    stdout.print(t.format());
    stdout.println(String.format(Locale.ROOT, "largest maxdiff: %.2e (%s)", t.largestDiff(),
        t.worst().name()));
    if (t.passed()) {
      stdout.println("PASSED: every row approx=True");
      return 0;
    }
    stdout.println("FAILED: " + failures(t));
    return FAILED;
  }

  private static String failures(ComparisonTable t) {
    StringBuilder sb = new StringBuilder();
    for (String name : t.failing()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(name).append(String.format(Locale.ROOT,
          " (maxdiff %.2e)", t.row(name).maxdiff()));
    }
    return sb.length() == 0 ? "relative error above tolerance" : "not approx: " + sb;
  }
}
