package io.sparkmlp.jobs;

import picocli.CommandLine.Option;

/**
 * The run options Evaluate and Predict share (a picocli mixin): replacing --out, the master
 * the launchers pass, and stack traces.
 */
final class ScoringRun {
  @Option(names = "--overwrite", description = "Replace an existing --out.")
  boolean overwrite;

  @Option(names = "--master", paramLabel = "URL",
      description = "Recorded; Spark's master comes from spark-submit.")
  String master;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;
}
