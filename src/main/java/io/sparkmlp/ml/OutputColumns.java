package io.sparkmlp.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.DenseVector;

/**
 * How a model turns one row's network outputs into its output column values, in the order of
 * the columns its {@code transformSchema} appends. Runs on the executors.
 */
final class OutputColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What one output column holds. */
  enum Kind {
    /** rawPrediction: the logits, a Vector of K. */
    RAW,
    /** probability: softmax of the logits, a Vector of K. */
    PROBABILITY,
    /** prediction: the class id as a double. */
    CLASS,
    /** prediction: a regression value, a double. */
    VALUE,
    /** prediction: regression values, a Vector. */
    VALUES
  }

  private final Kind[] kinds;
  private final double[] thresholds;

  /**
   * @param thresholds Spark's class thresholds (K, at most one 0), or null to predict the
   *     largest logit
   */
  OutputColumns(List<Kind> kinds, double[] thresholds) {
    this.kinds = kinds.toArray(new Kind[0]);
    this.thresholds = thresholds == null ? null : thresholds.clone();
  }

  /**
   * The kinds of the columns {@code names}, in order, looked up in {@code byName}; a name
   * that is not there is an error naming it.
   */
  static List<Kind> kindsOf(List<String> names, Map<String, Kind> byName) {
    List<Kind> out = new ArrayList<>();
    for (String n : names) {
      Kind kind = byName.get(n);
      if (kind == null) {
        throw new IllegalStateException("transformSchema added column '" + n
            + "', which is none of the model's output columns " + byName.keySet());
      }
      out.add(kind);
    }
    return out;
  }

  int count() {
    return kinds.length;
  }

  /**
   * Writes one row's column values into dst[off .. off+count()).
   *
   * @param raw the last layer's outputs (logits or values), K; the callee may keep it
   * @param output the loss's output (softmax probabilities or values), K; the callee may keep it
   */
  void write(Object[] dst, int off, double[] raw, double[] output) {
    for (int c = 0; c < kinds.length; c++) {
      dst[off + c] = switch (kinds[c]) {
        case RAW -> new DenseVector(raw);
        case PROBABILITY -> new DenseVector(output);
        case CLASS -> (double) predictClass(raw, output, thresholds);
        case VALUE -> output[0];
        case VALUES -> new DenseVector(output);
      };
    }
  }

  /**
   * Spark's rule: without thresholds the index of the largest logit (the first on ties); with
   * them the index of the largest p_k / t_k.
   */
  static int predictClass(double[] raw, double[] probability, double[] thresholds) {
    if (thresholds == null) {
      return argmax(raw);
    }
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < probability.length; i++) {
      double scaled = probability[i] / thresholds[i];
      if (scaled > max) {
        max = scaled;
        best = i;
      }
    }
    return best;
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
