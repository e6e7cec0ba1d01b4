package io.sparkmlp.ml;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLWriter;
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
      StructType data = new StructType().add(WEIGHTS_COLUMN, new VectorUDT(), false);
      spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(network.weights()))), data)
          .coalesce(1).write().parquet(path + "/data");
    }
  }
}
