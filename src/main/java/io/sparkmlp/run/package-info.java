/**
 * Running a job from an effective configuration to its outputs. A train run
 * ({@link io.sparkmlp.run.TrainJob}): data ({@link io.sparkmlp.run.TrainData}), the fit plan and
 * Trainer ({@link io.sparkmlp.train.FitPlan}), checkpoints ({@link io.sparkmlp.train.RunCheckpoints}),
 * the model ({@link io.sparkmlp.run.ModelExport}) and the report ({@link io.sparkmlp.run.RunReport}),
 * in an atomic output directory ({@link io.sparkmlp.run.OutputDir}). Scoring runs: a saved model
 * ({@link io.sparkmlp.run.SavedModel}) on a data set ({@link io.sparkmlp.run.ScoringData},
 * {@link io.sparkmlp.run.Scoring}).
 */
package io.sparkmlp.run;
