/**
 * The mains behind {@code jobs/*.sh}: thin picocli commands that parse flags, call the library
 * and print. Each has an in-process {@code run(args, out, err)} that returns its exit code
 * (0 ok, 1 the job failed, 2 bad usage, configuration or data), for tests.
 *
 * <ul>
 *   <li>{@link io.sparkmlp.jobs.Train}: a config file plus flags, read by {@link io.sparkmlp.config}
 *       into a {@link io.sparkmlp.config.TrainSpec}, run by {@link io.sparkmlp.run.TrainJob}.
 *   <li>{@link io.sparkmlp.jobs.Evaluate} and {@link io.sparkmlp.jobs.Predict}: a saved model
 *       ({@link io.sparkmlp.run.SavedModel}) on a data set ({@link io.sparkmlp.run.ScoringData}).
 *   <li>{@link io.sparkmlp.jobs.Export}: a saved model as an ONNX file ({@link io.sparkmlp.ml.onnx.OnnxExport}).
 *   <li>{@link io.sparkmlp.jobs.GradCheck}: gradient checks without Spark ({@link io.sparkmlp.gradcheck}).
 *   <li>{@link io.sparkmlp.jobs.Benchmark}: sparkmlp against Spark MLlib ({@link io.sparkmlp.bench}).
 * </ul>
 */
package io.sparkmlp.jobs;
