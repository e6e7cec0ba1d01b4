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
 * {@code features} ({@link Vector}, dense or sparse, all of the same size), then the
 * {@link ExtraColumn}s asked for, if any. The feature count is
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
    return schema(numFeatures, java.util.List.of());
  }

  /** As {@link #schema(int)}, then the {@code extras} columns in their order. */
  public static StructType schema(int numFeatures, java.util.List<ExtraColumn> extras) {
    StructField features = new AttributeGroup(FEATURES, numFeatures).toStructField();
    StructField label = new StructField(LABEL, DataTypes.DoubleType, false, Metadata.empty());
    StructField vector = new StructField(FEATURES, SQLDataTypes.VectorType(), false, features.metadata());
    StructType s = new StructType(new StructField[] {label, vector});
    for (ExtraColumn c : extras) {
      s = s.add(c.field());
    }
    return s;
  }

  /** One row of the schema. */
  public static Row row(double label, Vector features) {
    return RowFactory.create(label, features);
  }

  /** One row of the schema with extra columns: {@code extras} in their order. */
  public static Row row(double label, Vector features, Object[] extras) {
    if (extras.length == 0) {
      return row(label, features);
    }
    Object[] v = new Object[2 + extras.length];
    v[0] = label;
    v[1] = features;
    System.arraycopy(extras, 0, v, 2, extras.length);
    return RowFactory.create(v);
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
