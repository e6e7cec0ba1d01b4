/**
 * The mains behind {@code jobs/*.sh}: thin picocli commands that parse flags, then call the
 * library. Each has an in-process {@code run(args, out, err)} that returns its exit code
 * (0 ok, 1 the job failed, 2 bad usage, configuration or data), for tests.
 *
 * <ul>
 *   <li>{@link io.sparkmlp.jobs.Train}: a config file plus flags ({@link io.sparkmlp.jobs.TrainKeys},
 *       one table for flags, file keys, help and {@code docs/config.md}) → {@link io.sparkmlp.jobs.TrainSpec}
 *       → {@link io.sparkmlp.jobs.TrainJob}: data ({@link io.sparkmlp.jobs.TrainData}), the
 *       Trainer, the model ({@link io.sparkmlp.jobs.ModelExport}) and the report
 *       ({@link io.sparkmlp.jobs.RunReport}) in an atomic output directory
 *       ({@link io.sparkmlp.jobs.OutputDir}); checkpoints and resume
 *       ({@link io.sparkmlp.jobs.RunCheckpoints}).
 *   <li>{@link io.sparkmlp.jobs.Evaluate} and {@link io.sparkmlp.jobs.Predict}: a saved model
 *       ({@link io.sparkmlp.jobs.SavedModel}) on a data set ({@link io.sparkmlp.jobs.ScoringData}).
 *   <li>{@link io.sparkmlp.jobs.GradCheck}: gradient checks without Spark.
 * </ul>
 */
package io.sparkmlp.jobs;
