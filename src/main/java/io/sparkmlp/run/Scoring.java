package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;

import io.sparkmlp.report.ClassificationScores;
import io.sparkmlp.report.RegressionScores;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model's scores over its predictions, summed where the rows live (one treeAggregate) and
 * read on the driver. The frame holds {@code label} and {@code prediction}, and for
 * classification {@code probability}.
 */
public final class Scoring {
  private Scoring() {}

  /**
   * @throws ConfigException when a label is not a class id of the model (0..K−1)
   */
  public static ClassificationScores classification(Dataset<Row> predictions, int k, String source) {
    ClassificationScores s = predictions.select("label", "prediction", "probability").javaRDD()
        .treeAggregate(new ClassificationScores(k), (acc, r) -> {
          double label = r.getDouble(0);
          int t = (int) label;
          double p = label == t && t >= 0 && t < k ? ((Vector) r.get(2)).apply(t) : Double.NaN;
          return acc.add(label, r.getDouble(1), p);
        }, ClassificationScores::merge);
    if (s.badLabels() > 0) {
      throw new ConfigException("--data " + source + ": " + s.badLabels() + " row(s) have a label that "
          + "is not one of the model's classes 0.." + (k - 1) + " (the first is " + s.firstBadLabel() + ")");
    }
    return s;
  }

  public static RegressionScores regression(Dataset<Row> predictions) {
    return predictions.select("label", "prediction").javaRDD().treeAggregate(new RegressionScores(),
        (acc, r) -> acc.add(r.getDouble(0), r.getDouble(1)), RegressionScores::merge);
  }
}
