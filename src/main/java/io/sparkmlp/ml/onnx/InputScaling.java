package io.sparkmlp.ml.onnx;

import org.apache.spark.ml.feature.StandardScalerModel;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A fitted StandardScalerModel as the graph's first nodes: x'[B×d] = (x − shift[d]) ⊙ scale[d],
 * row by row, exactly Spark's rule: shift is the mean when {@code withMean} (else no Sub node),
 * scale is 1/std when {@code withStd}, and 0 for a feature whose std is 0 (else no Mul node).
 * The graph then takes the raw features the pipeline took.
 *
 * @param shift d values, or null for none
 * @param scale d values, or null for none
 * @param stage the stage it came from, for the file's metadata and doc string
 */
record InputScaling(double[] shift, double[] scale, String stage) {
  /** No scaling: the graph's input feeds the first Gemm. */
  static final InputScaling NONE = new InputScaling(null, null, "none");

  /**
   * The scaling {@code s} applies.
   *
   * @throws IllegalArgumentException when s's mean or std does not have {@code d} values
   */
  static InputScaling of(StandardScalerModel s, int d) {
    double[] mean = s.mean().toArray();
    double[] std = s.std().toArray();
    if (mean.length != d || std.length != d) {
      throw new IllegalArgumentException("stage " + s.uid() + " (StandardScalerModel) scales "
          + std.length + " features, but the MLP after it takes " + d);
    }
    double[] scale = null;
    if (s.getWithStd()) {
      scale = new double[d];
      for (int j = 0; j < d; j++) {
        scale[j] = std[j] == 0.0 ? 0.0 : 1.0 / std[j];
      }
    }
    return new InputScaling(s.getWithMean() ? mean : null, scale,
        s.uid() + " (StandardScalerModel, withMean=" + s.getWithMean() + ", withStd=" + s.getWithStd() + ")");
  }

  /**
   * Appends the nodes to {@code ctx} after {@code x} (B×d) and returns x' (B×d): a Sub of the
   * float32 shift, then a Mul by the float32 scale, each broadcast over the rows.
   */
  ONNXRef<?> apply(ONNXContext ctx, ONNXRef<?> x) {
    ONNXRef<?> out = x;
    if (shift != null) {
      // x'[B×d] = x[B×d] − shift[d]  (broadcast over the B rows)
      out = out.apply(ONNXOperators.SUB, ctx.array("scaler_shift", MlpGraph.toFloats(shift, 0, shift.length)));
    }
    if (scale != null) {
      // x'[B×d] = x'[B×d] ⊙ scale[d]  (broadcast over the B rows)
      out = out.apply(ONNXOperators.MUL, ctx.array("scaler_scale", MlpGraph.toFloats(scale, 0, scale.length)));
    }
    return out;
  }
}
