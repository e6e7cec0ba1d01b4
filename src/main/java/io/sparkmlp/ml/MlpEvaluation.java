package io.sparkmlp.ml;

import io.sparkmlp.train.Evaluation;
import java.util.Locale;

/**
 * A fitted model's metrics on a DataFrame of its choosing ({@code evaluate}), as MLlib's
 * evaluation summaries give: the mean loss L over the rows (cross-entropy for the classifier,
 * the training MSE for the regressor), and accuracy (classifier) or RMSE (regressor). Computed
 * by {@link Evaluation} in the model's precision, with the loss the model was trained on.
 */
public final class MlpEvaluation {
  private final Evaluation.Result result;

  MlpEvaluation(Evaluation.Result result) {
    this.result = result;
  }

  /** Rows evaluated. */
  public long numRows() { return result.rows(); }

  /** The mean loss L = (1/n)·Σ ℓ over the rows. */
  public double loss() { return result.loss(); }

  /** Fraction of rows whose argmax of the logits is the label; NaN for a regressor. */
  public double accuracy() { return result.accuracy(); }

  /** Rows predicted right; 0 for a regressor. */
  public long numCorrect() { return result.correct(); }

  /** √(mean squared error over all outputs); NaN for a classifier. */
  public double rmse() { return result.rmse(); }

  @Override
  public String toString() {
    return result.classification()
        ? String.format(Locale.ROOT, "MlpEvaluation(%d rows, accuracy %.4f, loss %.6g)", numRows(),
            accuracy(), loss())
        : String.format(Locale.ROOT, "MlpEvaluation(%d rows, rmse %.6g, loss %.6g)", numRows(),
            rmse(), loss());
  }
}
