package io.sparkmlp.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import scala.collection.Seq;

/**
 * {@code array<double>} and {@code array<float>} features as the dense Vectors the engine
 * reads: each element widened to float64 exactly, so an array row gives the bits of the
 * Vector of the same values. A null array stays null (the packer and the transform name the
 * row).
 */
final class ArrayFeatures {
  private ArrayFeatures() {}

  private static final UserDefinedFunction TO_VECTOR = functions.udf(
      (UDF1<Seq<Object>, Vector>) ArrayFeatures::forTraining, new VectorUDT());

  /**
   * {@code df} with an array {@code featuresCol} replaced, in place and under the same name, by
   * the dense Vectors of its values; {@code df} itself when the column is already a Vector.
   * Lazy; row order and partitioning are kept.
   */
  static Dataset<Row> asVectors(Dataset<Row> df, String featuresCol) {
    if (!InputSchema.isNumericArray(df.schema().apply(featuresCol).dataType())) {
      return df;
    }
    return df.withColumn(featuresCol, TO_VECTOR.apply(df.col(featuresCol)),
        df.schema().apply(featuresCol).metadata());
  }

  /**
   * One row's features value as a Vector: a Vector as it is, an array (a Scala Seq of Double or
   * Float) as a new dense Vector, null as null.
   *
   * @param where names the row for the error when an element is null
   */
  static Vector toVector(Object value, String where) {
    if (value == null || value instanceof Vector) {
      return (Vector) value;
    }
    Seq<?> seq = (Seq<?>) value;
    double[] x = new double[seq.length()];
    for (int j = 0; j < x.length; j++) {
      Object e = seq.apply(j);
      if (e == null) {
        throw new IllegalArgumentException(where + ": element " + j + " of the features array is null");
      }
      x[j] = ((Number) e).doubleValue();
    }
    return Vectors.dense(x);
  }

  /** As {@link #toVector} for the packer, which names a non-finite value's row and index: a null element becomes NaN. */
  private static Vector forTraining(Seq<Object> seq) {
    if (seq == null) {
      return null;
    }
    double[] x = new double[seq.length()];
    for (int j = 0; j < x.length; j++) {
      Object e = seq.apply(j);
      x[j] = e == null ? Double.NaN : ((Number) e).doubleValue();
    }
    return Vectors.dense(x);
  }
}
