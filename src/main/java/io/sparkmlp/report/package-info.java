/**
 * Human-facing output of the jobs: plots drawn headless with JFreeChart
 * ({@link io.sparkmlp.report.Heatmaps}).
 */
package io.sparkmlp.report;
