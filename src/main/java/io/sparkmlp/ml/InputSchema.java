package io.sparkmlp.ml;

import io.sparkmlp.train.Packer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input columns every stage checks before Spark's own schema rules run: a features column
 * that is a Vector ({@code VectorUDT}), {@code array<double>} or {@code array<float>} (as
 * XGBoost4J-Spark takes), and, when fitting, a numeric label (or, for the regressor, a Vector
 * of targets). Spark's Predictor checks accept only a Vector, so {@link #validate} runs them on
 * the schema with the features column typed as a Vector and gives back the input's own fields.
 * Every error is an {@link IllegalArgumentException} naming the stage, the column, what it
 * holds and what was expected.
 */
final class InputSchema {
  private InputSchema() {}

  /**
   * Checks {@code schema}, then returns what {@code sparkRules} (Spark's
   * {@code validateAndTransformSchema} of the stage's superclass) makes of it: the input's
   * fields, unchanged (an array features column stays an array), followed by the added columns.
   *
   * @param labelCol the label column to check, or null when not fitting
   * @param task what the label must hold
   */
  static StructType validate(StructType schema, String uid, String featuresCol, String labelCol,
      Packer.Task task, UnaryOperator<StructType> sparkRules) {
    checkFeatures(schema, uid, featuresCol);
    if (labelCol != null) {
      checkLabel(schema, uid, labelCol, task);
    }
    StructType out = sparkRules.apply(withVectorFeatures(schema, featuresCol));
    StructField[] fields = out.fields().clone();
    System.arraycopy(schema.fields(), 0, fields, 0, schema.size());
    return new StructType(fields);
  }

  /** True for {@code array<double>} and {@code array<float>}. */
  static boolean isNumericArray(DataType t) {
    return t instanceof ArrayType a
        && (a.elementType() == DataTypes.DoubleType || a.elementType() == DataTypes.FloatType);
  }

  static void checkFeatures(StructType schema, String uid, String featuresCol) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(featuresCol)) {
      throw new IllegalArgumentException(uid + ": no features column '" + featuresCol
          + "'; the columns are " + names);
    }
    DataType t = schema.apply(featuresCol).dataType();
    if (!(t instanceof VectorUDT) && !isNumericArray(t)) {
      throw new IllegalArgumentException(uid + ": features column '" + featuresCol + "' is "
          + t.simpleString() + ", expected a Vector (org.apache.spark.ml.linalg), array<double>"
          + " or array<float>; assemble numeric columns into one with VectorAssembler");
    }
  }

  /**
   * Fails before any Spark job when the features column's ML attribute metadata (e.g. from
   * VectorAssembler) declares a width other than {@code expected}; without metadata the width
   * is checked per row, when the rows are read.
   */
  static void checkDeclaredWidth(StructType schema, String uid, String featuresCol, int expected) {
    StructField f = schema.apply(featuresCol);
    if (!(f.dataType() instanceof VectorUDT)) {
      return;
    }
    int declared = AttributeGroup.fromStructField(f).size();
    if (declared >= 0 && declared != expected) {
      throw new IllegalArgumentException(uid + ": features column '" + featuresCol + "' holds"
          + " vectors of " + declared + " features (its ML attribute metadata), but the model was"
          + " trained on " + expected);
    }
  }

  private static void checkLabel(StructType schema, String uid, String labelCol, Packer.Task task) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(labelCol)) {
      throw new IllegalArgumentException(uid + ": no label column '" + labelCol
          + "'; the columns are " + names);
    }
    DataType t = schema.apply(labelCol).dataType();
    boolean classification = task == Packer.Task.CLASSIFICATION;
    if (t instanceof NumericType || (!classification && t instanceof VectorUDT)) {
      return;
    }
    String found = uid + ": label column '" + labelCol + "' is " + t.simpleString();
    if (classification) {
      throw new IllegalArgumentException(found + ", expected numeric class ids 0..K-1"
          + (t instanceof StringType ? "; index string labels first with"
          + " org.apache.spark.ml.feature.StringIndexer (setInputCol(\"" + labelCol + "\"),"
          + " then setLabelCol to its output column), which also records the class count" : ""));
    }
    throw new IllegalArgumentException(found + ", expected a number or a Vector of targets"
        + (t instanceof StringType ? "; cast it to double (or index categories with"
        + " org.apache.spark.ml.feature.StringIndexer)" : ""));
  }

  /** {@code schema} with {@code featuresCol} (if it is an array) typed as a Vector, its metadata kept. */
  private static StructType withVectorFeatures(StructType schema, String featuresCol) {
    StructField[] fields = Arrays.stream(schema.fields())
        .map(f -> f.name().equals(featuresCol) && isNumericArray(f.dataType())
            ? new StructField(f.name(), new VectorUDT(), f.nullable(), f.metadata()) : f)
        .toArray(StructField[]::new);
    return new StructType(fields);
  }
}
