package io.sparkmlp.ml;

import java.util.concurrent.CancellationException;
import org.apache.spark.SparkException;

/**
 * A fit that ended because its Spark jobs were cancelled ({@code SparkContext.cancelJobGroup},
 * {@code cancelJobsWithTag}, {@code cancelAllJobs}) or its thread was interrupted. The message
 * names the stage and the step it had reached; the cause is what Spark threw. By the time it is
 * thrown the fit's remaining jobs are cancelled and its packed rows unpersisted.
 */
public final class FitCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  FitCancelledException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }

  /** True when {@code e} or a cause is an interrupt or Spark's word for a cancelled job. */
  static boolean isCancellation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException || t instanceof FitCancelledException) {
        return true;
      }
      String m = t.getMessage();
      if (t instanceof SparkException && m != null && m.contains(" cancelled")) {
        return true;
      }
    }
    return false;
  }

  /** What ended the fit, in Spark's words or as "the fitting thread was interrupted". */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (t instanceof SparkException && m != null && m.contains(" cancelled")) {
        return m.lines().findFirst().orElse(m);
      }
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return "the fitting thread was interrupted";
      }
    }
    return String.valueOf(e.getMessage());
  }
}
