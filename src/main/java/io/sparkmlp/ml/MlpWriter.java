package io.sparkmlp.ml;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves a sparkmlp stage in Spark ML's layout: {@code path/metadata} (one line of JSON, see
 * {@link MlpMetadata}) and, for a model, {@code path/data} (Parquet, one row, column
 * {@code weights}: θ as a Vector in the {@link io.sparkmlp.nn.Architecture}'s layout, float64
 * whatever the precision). {@code MLWriter.save} handles {@code overwrite()}.
 */
final class MlpWriter extends MLWriter {
  /** Metadata key of {@link MlpRegressionModel#hasVectorPrediction()}. */
  static final String VECTOR_PREDICTION = "vectorPrediction";
  static final String WEIGHTS_COLUMN = "weights";

  private final MlpParams stage;
  private final TrainedNetwork network;
  private final Map<String, Boolean> flags;

  /** @param network the trained network of a model, or null for an estimator */
  MlpWriter(MlpParams stage, TrainedNetwork network) {
    this(stage, network, Map.of());
  }

  MlpWriter(MlpParams stage, TrainedNetwork network, Map<String, Boolean> flags) {
    this.stage = stage;
    this.network = network;
    this.flags = flags;
  }

  @Override
  public void saveImpl(String path) {
    SparkSession spark = sparkSession();
    String json = MlpMetadata.toJson(stage, spark.version(),
        network == null ? null : network.architecture(), stage.getPrecision(), flags);
    StructType text = new StructType().add("value", DataTypes.StringType, false);
    spark.createDataFrame(List.of(RowFactory.create(json)), text)
        .coalesce(1).write().text(path + "/metadata");
    if (network != null) {
      // θ reaches the one writing task through a broadcast, not inside the task itself (a local
      // DataFrame would put megabytes of weights into the task and make Spark warn about it).
      StructType data = new StructType().add(WEIGHTS_COLUMN, new VectorUDT(), false);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<double[]> weights = jsc.broadcast(network.weights());
      try {
        JavaRDD<Row> row = jsc.parallelize(List.of(0), 1)
            .map(i -> RowFactory.create(Vectors.dense(weights.value())));
        spark.createDataFrame(row, data).write().parquet(path + "/data");
      } finally {
        weights.destroy();
      }
    }
  }
}
