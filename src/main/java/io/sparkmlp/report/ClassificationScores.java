package io.sparkmlp.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sums behind a classifier's scores over a labelled data set, and the scores derived from
 * them. A mutable accumulator: {@link #add} one row, {@link #merge} two partial sums (for Spark's
 * treeAggregate; a class, not a record, so that Kryo can serialize it), then read the scores.
 *
 * <p>Confusion matrix {@code C[t][p]}: rows are true classes, columns predicted classes.
 * Precision of class k = C[k][k] / Σ_t C[t][k] (0 when nothing was predicted as k), recall =
 * C[k][k] / Σ_p C[k][p] (0 when k never occurs), F1 their harmonic mean. Log loss =
 * −(1/n)·Σ log max(p_label, 1e−15).
 */
public final class ClassificationScores implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The smallest probability log loss takes, as scikit-learn clips it. */
  public static final double EPS = 1e-15;

  private final int k;
  private final long[] confusion;
  private double logLossSum;
  private long rows;
  private long badLabels;
  private double firstBadLabel = Double.NaN;

  public ClassificationScores(int numClasses) {
    this.k = numClasses;
    this.confusion = new long[numClasses * numClasses];
  }

  /**
   * Adds one row. A label that is not a class id 0..K−1 is counted in {@link #badLabels()}
   * (and not scored), so the caller can report it.
   *
   * @param probability p of the label's class, from the model's probability vector
   */
  public ClassificationScores add(double label, double prediction, double probability) {
    int t = (int) label;
    if (label != t || t < 0 || t >= k) {
      if (badLabels++ == 0) {
        firstBadLabel = label;
      }
      return this;
    }
    confusion[t * k + (int) prediction]++;
    logLossSum -= Math.log(Math.max(probability, EPS));
    rows++;
    return this;
  }

  /** Adds {@code o}'s sums into this one. */
  public ClassificationScores merge(ClassificationScores o) {
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += o.confusion[i];
    }
    logLossSum += o.logLossSum;
    rows += o.rows;
    if (badLabels == 0 && o.badLabels > 0) {
      firstBadLabel = o.firstBadLabel;
    }
    badLabels += o.badLabels;
    return this;
  }

  public int numClasses() { return k; }
  public long rows() { return rows; }
  public long badLabels() { return badLabels; }
  public double firstBadLabel() { return firstBadLabel; }
  public long count(int trueClass, int predicted) { return confusion[trueClass * k + predicted]; }

  public long correct() {
    long c = 0;
    for (int i = 0; i < k; i++) {
      c += count(i, i);
    }
    return c;
  }

  public double accuracy() { return rows == 0 ? Double.NaN : (double) correct() / rows; }
  public double logLoss() { return rows == 0 ? Double.NaN : logLossSum / rows; }

  public long support(int c) {
    long s = 0;
    for (int p = 0; p < k; p++) {
      s += count(c, p);
    }
    return s;
  }

  public long predictedAs(int c) {
    long s = 0;
    for (int t = 0; t < k; t++) {
      s += count(t, c);
    }
    return s;
  }

  public double precision(int c) { long p = predictedAs(c); return p == 0 ? 0 : (double) count(c, c) / p; }
  public double recall(int c) { long s = support(c); return s == 0 ? 0 : (double) count(c, c) / s; }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The matrix as doubles, row-major K×K, for the heat map. */
  public double[] confusionValues() {
    double[] v = new double[confusion.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = confusion[i];
    }
    return v;
  }

  /** metrics.json's content: rows, accuracy, log_loss, macro averages, per_class, confusion_matrix. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", "classification");
    m.put("rows", rows);
    m.put("accuracy", accuracy());
    m.put("log_loss", logLoss());
    double mp = 0, mr = 0, mf = 0;
    List<Map<String, Object>> per = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      Map<String, Object> pc = new LinkedHashMap<>();
      pc.put("class", c);
      pc.put("precision", precision(c));
      pc.put("recall", recall(c));
      pc.put("f1", f1(c));
      pc.put("support", support(c));
      per.add(pc);
      mp += precision(c);
      mr += recall(c);
      mf += f1(c);
    }
    m.put("macro_precision", mp / k);
    m.put("macro_recall", mr / k);
    m.put("macro_f1", mf / k);
    m.put("per_class", per);
    List<long[]> matrix = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      matrix.add(java.util.Arrays.copyOfRange(confusion, t * k, (t + 1) * k));
    }
    m.put("confusion_matrix", matrix);
    return m;
  }

  /** The console report: accuracy and log loss, the per-class table, the confusion matrix. */
  public String format() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "accuracy %.4f (%d/%d), log loss %.4f%n%nclass  precision  recall     f1  support%n",
        accuracy(), correct(), rows, logLoss()));
    double mp = 0, mr = 0, mf = 0;
    for (int c = 0; c < k; c++) {
      sb.append(String.format(Locale.ROOT, "%5d  %9.4f  %6.4f  %6.4f  %7d%n", c, precision(c), recall(c),
          f1(c), support(c)));
      mp += precision(c);
      mr += recall(c);
      mf += f1(c);
    }
    sb.append(String.format(Locale.ROOT, "macro  %9.4f  %6.4f  %6.4f  %7d%n%n", mp / k, mr / k, mf / k, rows));
    sb.append("confusion matrix (rows: true class, columns: predicted class)\n");
    int w = Math.max(3, Long.toString(Math.max(rows, 1)).length());
    sb.append(" ".repeat(6));
    for (int p = 0; p < k; p++) {
      sb.append(String.format(Locale.ROOT, " %" + w + "d", p));
    }
    sb.append('\n');
    for (int t = 0; t < k; t++) {
      sb.append(String.format(Locale.ROOT, "%5d ", t));
      for (int p = 0; p < k; p++) {
        sb.append(String.format(Locale.ROOT, " %" + w + "d", count(t, p)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
