package io.sparkmlp.run;

/**
 * A train run stopped by SIGINT or SIGTERM ({@link StopSignals}); the message is the one line
 * the user reads (the step, the checkpoint, the command that resumes), and {@link #exitCode()}
 * is 128 + the signal's number.
 */
public final class RunInterruptedException extends RuntimeException {
  private final int exitCode;

  RunInterruptedException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  public int exitCode() {
    return exitCode;
  }
}
