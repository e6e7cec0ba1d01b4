/**
 * Human-facing output of the jobs, free of job logic: plots drawn headless with JFreeChart
 * ({@link io.sparkmlp.report.Heatmaps}, {@link io.sparkmlp.report.RunCharts},
 * {@link io.sparkmlp.report.ConfusionMatrixPlot}), the console progress of training
 * ({@link io.sparkmlp.report.ConsoleProgress}), the JSON files of a run
 * ({@link io.sparkmlp.report.RunFiles}), and the score sums of Evaluate
 * ({@link io.sparkmlp.report.ClassificationScores}, {@link io.sparkmlp.report.RegressionScores}).
 */
package io.sparkmlp.report;
