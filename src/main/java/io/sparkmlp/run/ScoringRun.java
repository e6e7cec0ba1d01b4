package io.sparkmlp.run;

import picocli.CommandLine.Option;

/**
 * The run options Evaluate and Predict share (a picocli mixin): replacing --out, the master
 * the launchers pass, and stack traces.
 */
public final class ScoringRun {
  @Option(names = "--overwrite", description = "Replace an existing --out.")
  public boolean overwrite;

  @Option(names = "--master", paramLabel = "URL",
      description = "Recorded; Spark's master comes from spark-submit.")
  public String master;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  public boolean verbose;
}
