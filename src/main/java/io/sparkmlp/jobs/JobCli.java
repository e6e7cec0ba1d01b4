package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigException;

import io.sparkmlp.data.DataFormatException;
import io.sparkmlp.run.RunInterruptedException;
import io.sparkmlp.train.DivergenceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * What the Spark jobs (Train, Evaluate, Predict, Export) share: running a picocli command with
 * their exit codes, the one-line error messages, and the SparkSession.
 *
 * <p>Exit codes: {@link #OK}; {@link #FAILED} when the job ran and failed (training diverged,
 * a Spark job failed); {@link #INPUT_ERROR} for usage, configuration and data errors
 * ({@link ConfigException}, {@link DataFormatException}, other {@link IllegalArgumentException}s,
 * I/O errors); 128 + the signal's number (130, 143) for a train run stopped by SIGINT or SIGTERM
 * ({@link RunInterruptedException}). An error is printed as one line, {@code <job>: <message>}, with the stack trace
 * only when {@code verbose}.
 */
final class JobCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INPUT_ERROR = 2;

  private JobCli() {}

  /** Runs {@code cl} on {@code args} with the shared handlers and returns its exit code. */
  static int execute(CommandLine cl, String name, BooleanSupplier verbose, String[] args,
      PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, a) -> {
      err.println(name + ": " + e.getMessage() + " (see --help)");
      return INPUT_ERROR;
    });
    cl.setExecutionExceptionHandler((e, c, p) -> {
      out.flush();
      err.println(name + ": " + oneLine(e));
      if (verbose.getAsBoolean()) {
        e.printStackTrace(err);
      }
      return exitCode(e);
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** {@link #INPUT_ERROR} for bad input (also when wrapped by Spark), else {@link #FAILED}. */
  static int exitCode(Throwable e) {
    RunInterruptedException stopped = find(e, RunInterruptedException.class);
    if (stopped != null) {
      return stopped.exitCode();
    }
    if (find(e, DivergenceException.class) != null) {
      return FAILED;
    }
    if (find(e, DataFormatException.class) != null || find(e, ConfigException.class) != null
        || e instanceof IllegalArgumentException || e instanceof IOException) {
      return INPUT_ERROR;
    }
    return FAILED;
  }

  /** The message a user reads: the most specific known cause, on one line. */
  static String oneLine(Throwable e) {
    Throwable shown = e;
    for (Class<? extends Throwable> t : java.util.List.of(RunInterruptedException.class, DivergenceException.class,
        DataFormatException.class, ConfigException.class)) {
      Throwable found = find(e, t);
      if (found != null) {
        shown = found;
        break;
      }
    }
    String m = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    if (!(shown instanceof IOException || shown instanceof IllegalArgumentException
        || shown instanceof DivergenceException || shown instanceof RunInterruptedException)) {
      m = shown.getClass().getSimpleName() + ": " + m;
    }
    return m.replace('\n', ' ');
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * The live SparkSession, or a new one. Under spark-submit the master comes from it; a JVM
   * started otherwise (an IDE, plain java) gets {@code master}, else {@code local[*]}.
   */
  static SparkSession session(String appName, String master) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    boolean live = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    if (!live && System.getProperty("spark.master") == null) {
      b.master(master != null ? master : "local[*]");
    }
    return b.getOrCreate();
  }

  /** Prints where Spark runs, and a note when {@code --master} differs from it. */
  static void printSpark(PrintWriter out, SparkSession spark, String masterFlag) {
    String master = spark.sparkContext().master();
    out.println("Spark " + spark.version() + ", master " + master + ", default parallelism "
        + spark.sparkContext().defaultParallelism());
    if (masterFlag != null && !masterFlag.equals(master)) {
      out.println("note: --master " + masterFlag + " is recorded, but Spark runs on " + master
          + " (set it with spark-submit --master)");
    }
  }
}
