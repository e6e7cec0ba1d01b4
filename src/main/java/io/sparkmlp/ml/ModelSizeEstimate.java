package io.sparkmlp.ml;

import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The bytes a fit of an estimator would give a model ({@code estimateModelSize}), from the
 * network's widths [d, hidden…, K] without training: d from the features column's ML attribute
 * metadata, else its first row; K from the label's metadata, else the data (the largest class
 * id + 1; a Vector target's size, from its metadata or first row; 1 for a numeric target).
 * Reading the first row or the largest label is one small job; metadata costs none.
 */
final class ModelSizeEstimate {
  private ModelSizeEstimate() {}

  static long classifier(MlpClassifier c, Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    c.transformSchema(df.schema()); // a fit's column checks: features, a numeric label
    StructField label = df.schema().apply(c.getLabelCol());
    int k = ScalaInterop.numClassesInMetadata(label);
    if (k <= 0) {
      Row max = df.agg(functions.max(functions.col(c.getLabelCol()).cast("double"))).first();
      if (max.isNullAt(0)) {
        throw new IllegalArgumentException(c.uid() + ": cannot estimate the model size: label"
            + " column '" + c.getLabelCol() + "' has no values");
      }
      k = (int) max.getDouble(0) + 1;
    }
    return TrainedNetwork.estimatedBytes(numFeatures(df, c.uid(), c.getFeaturesCol()),
        c.getHiddenLayers(), k);
  }

  static long regressor(MlpRegressor r, Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    r.transformSchema(df.schema()); // a fit's column checks: features, a number or Vector label
    StructField label = df.schema().apply(r.getLabelCol());
    int k = 1;
    if (label.dataType() instanceof VectorUDT) {
      k = AttributeGroup.fromStructField(label).size();
      if (k < 0) {
        k = ((Vector) firstValue(df, r.uid(), r.getLabelCol())).size();
      }
    }
    return TrainedNetwork.estimatedBytes(numFeatures(df, r.uid(), r.getFeaturesCol()),
        r.getHiddenLayers(), k);
  }

  /** d from the Vector column's ML attribute metadata, else the first row's width. */
  private static int numFeatures(Dataset<Row> df, String uid, String featuresCol) {
    StructField f = df.schema().apply(featuresCol);
    if (f.dataType() instanceof VectorUDT) {
      int declared = AttributeGroup.fromStructField(f).size();
      if (declared >= 0) {
        return declared;
      }
    }
    return ArrayFeatures.toVector(firstValue(df, uid, featuresCol), "row 0").size();
  }

  private static Object firstValue(Dataset<Row> df, String uid, String col) {
    List<Row> first = df.select(col).na().drop().takeAsList(1);
    if (first.isEmpty()) {
      throw new IllegalArgumentException(uid + ": cannot estimate the model size: column '" + col
          + "' has no non-null values");
    }
    return first.get(0).get(0);
  }
}
