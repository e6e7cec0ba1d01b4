package io.sparkmlp.bench;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the sparse section turns text into features: the train job's own stages (the benchmark
 * job passes {@code io.sparkmlp.run.TextFeatures::fit}, which this layer may not name), so both
 * measure the same features.
 */
@FunctionalInterface
public interface TextFeaturizer {
  /**
   * Fits the featurizer on {@code train}; its output column is {@code features}, a vector of
   * {@code numFeatures} entries, sparse.
   */
  PipelineModel fit(Dataset<Row> train, String textCol, int numFeatures);
}
