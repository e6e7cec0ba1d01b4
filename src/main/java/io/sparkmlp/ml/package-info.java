/**
 * The Spark ML API: estimators and models that behave like Spark's own, over the engine
 * ({@link io.sparkmlp.nn}) and the data-parallel trainer ({@link io.sparkmlp.train}).
 *
 * <ul>
 *   <li>{@link io.sparkmlp.ml.MlpClassifier} → {@link io.sparkmlp.ml.MlpClassificationModel}:
 *       softmax cross-entropy; adds {@code rawPrediction} (logits), {@code probability}
 *       (softmax) and {@code prediction} (class id).
 *   <li>{@link io.sparkmlp.ml.MlpRegressor} → {@link io.sparkmlp.ml.MlpRegressionModel}: MSE;
 *       {@code prediction} is a double for a numeric label, a Vector for a Vector label.
 *   <li>{@link io.sparkmlp.ml.MlpParams} / {@link io.sparkmlp.ml.MlpEstimatorParams}: the
 *       training params all four share, with every default taken from
 *       {@link io.sparkmlp.train.TrainConfig}.
 * </ul>
 *
 * <h2>What happens where</h2>
 * <ul>
 *   <li>fit: params → TrainConfig; {@link io.sparkmlp.train.Packer} packs (features, label)
 *       once per partition; the {@link io.sparkmlp.nn.Architecture} is [d, hidden…, K] with the
 *       hidden activation and an identity output; {@link io.sparkmlp.train.Trainer} trains; the
 *       packed rows are unpersisted; the model keeps θ (float64) and a training summary.
 *   <li>transform: θ is broadcast once in the model's precision; each partition fills a
 *       workspace with blocks of up to {@code blockSize} rows, X (rows × d, row-major), and runs
 *       one {@link io.sparkmlp.nn.Network#predict} per block.
 *   <li>evaluate: a model's {@code evaluate(df)} packs df as a fit does and runs
 *       {@link io.sparkmlp.train.Evaluation} in the model's precision ({@link io.sparkmlp.ml.MlpEvaluation});
 *       {@code estimatedSize} / {@code estimateModelSize} count θ's bytes from the widths
 *       ({@link io.sparkmlp.ml.ModelSizeEstimate}).
 *   <li>input: {@link io.sparkmlp.ml.InputSchema} checks the columns before Spark's rules; an
 *       {@code array<double>}/{@code array<float>} features column is read as Vectors
 *       ({@link io.sparkmlp.ml.ArrayFeatures}).
 *   <li>cancellation: a fit's jobs carry a job tag of its own; a cancelled job group or an
 *       interrupt ends it in {@link io.sparkmlp.ml.FitCancelledException}.
 *   <li>save/load: Spark ML's layout, written to a hidden sibling and renamed into place, {@code metadata/} (one line of JSON with Spark's keys plus
 *       {@code formatVersion} and the architecture) and {@code data/} (Parquet, θ); estimators
 *       save their params only, so Pipelines that hold them save too.
 * </ul>
 */
package io.sparkmlp.ml;
