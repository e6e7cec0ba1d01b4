package io.sparkmlp.report;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The sums behind a regressor's scores over a labelled data set (a mutable accumulator for
 * Spark's treeAggregate, like {@link ClassificationScores}), and the scores:
 * RMSE = √(Σe²/n), MAE = Σ|e|/n, R² = 1 − Σe² / Σ(y − ȳ)², with e = prediction − label.
 */
public final class RegressionScores implements Serializable {
  private static final long serialVersionUID = 1L;

  private long rows;
  private double sumY;
  private double sumY2;
  private double sse;
  private double sae;

  public RegressionScores add(double label, double prediction) {
    double e = prediction - label;
    rows++;
    sumY += label;
    sumY2 += label * label;
    sse += e * e;
    sae += Math.abs(e);
    return this;
  }

  public RegressionScores merge(RegressionScores o) {
    rows += o.rows;
    sumY += o.sumY;
    sumY2 += o.sumY2;
    sse += o.sse;
    sae += o.sae;
    return this;
  }

  public long rows() { return rows; }
  public double rmse() { return rows == 0 ? Double.NaN : Math.sqrt(sse / rows); }
  public double mae() { return rows == 0 ? Double.NaN : sae / rows; }

  /** R²; NaN when the labels are constant (Σ(y − ȳ)² = 0). */
  public double r2() {
    double sst = sumY2 - sumY * sumY / rows;
    return rows == 0 || !(sst > 0) ? Double.NaN : 1 - sse / sst;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", "regression");
    m.put("rows", rows);
    m.put("rmse", rmse());
    m.put("mae", mae());
    m.put("r2", r2());
    return m;
  }

  public String format() {
    return String.format(Locale.ROOT, "rows %d: rmse %.6g, mae %.6g, r2 %.6f%n", rows, rmse(), mae(), r2());
  }
}
