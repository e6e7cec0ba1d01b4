package io.sparkmlp.data;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The shape of every frame the readers return: {@code label} (double, not null; NaN for data read
 * with {@link DataOptions#noLabel}) then
 * {@code features} ({@link Vector}, dense or sparse, all of the same size). The feature count is
 * also stored, the Spark ML way, as {@link AttributeGroup} metadata on the {@code features} column.
 */
public final class LabeledFrames {
  /** Name of the label column of a returned frame. */
  public static final String LABEL = "label";
  /** Name of the features column of a returned frame. */
  public static final String FEATURES = "features";

  private LabeledFrames() {}

  /** The schema {@code (label double, features vector)} with {@code numFeatures} in the column metadata. */
  public static StructType schema(int numFeatures) {
    StructField features = new AttributeGroup(FEATURES, numFeatures).toStructField();
    StructField label = new StructField(LABEL, DataTypes.DoubleType, false, Metadata.empty());
    StructField vector = new StructField(FEATURES, SQLDataTypes.VectorType(), false, features.metadata());
    return new StructType(new StructField[] {label, vector});
  }

  /** One row of the schema. */
  public static Row row(double label, Vector features) {
    return RowFactory.create(label, features);
  }

  /**
   * The feature count of a frame returned by a reader (from the {@code features} column metadata).
   *
   * @throws IllegalArgumentException when the frame has no {@code features} column with a size in its metadata
   */
  public static int numFeatures(Dataset<Row> frame) {
    StructType schema = frame.schema();
    if (schema.getFieldIndex(FEATURES).isEmpty()) {
      throw new IllegalArgumentException("expected a '" + FEATURES + "' column, found columns "
          + String.join(", ", schema.fieldNames()));
    }
    int n = AttributeGroup.fromStructField(schema.apply(FEATURES)).size();
    if (n < 0) {
      throw new IllegalArgumentException("the '" + FEATURES + "' column has no feature count in its metadata");
    }
    return n;
  }
}
