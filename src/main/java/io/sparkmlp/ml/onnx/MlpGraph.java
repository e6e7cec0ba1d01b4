package io.sparkmlp.ml.onnx;

import ai.onnx.proto.OnnxMl;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The ONNX graph of a trained network (opset {@value #OPSET}, float32 throughout), as nodes of
 * Tribuo's {@link ONNXContext}:
 * <pre>
 *   features [N×d] → (InputScaling: Sub, Mul) → per layer l: Gemm(W_l [in×out], b_l [out]) → φ_l → …
 * </pre>
 * then, for a classifier, the logits S [N×K] as {@value #RAW}, Softmax(S, axis 1) as
 * {@value #PROBABILITY}, and the class id as {@value #PREDICTION} [N×1] (float, Spark's
 * double prediction): ArgMax of S (the first on ties), or of probability / thresholds when the
 * model has thresholds; for a regressor the K outputs as {@value #PREDICTION} [N×K]. N is the
 * symbolic dimension {@code batch}.
 *
 * <p>θ is rounded once from float64 to float32, as a float32 transform rounds it. φ maps
 * one-to-one onto ONNX operators: identity (no node), relu (Relu), leaky_relu (LeakyRelu,
 * alpha {@value io.sparkmlp.nn.Activation#LEAKY_SLOPE}), tanh (Tanh), sigmoid (Sigmoid); gelu, our
 * exact form z·Φ(z), is written as 0.5·z·(1 + Erf(z/√2)) — the formula of ONNX's Gelu-20 with
 * {@code approximate = "none"}, from opset-13 operators so that older runtimes load it too.
 */
final class MlpGraph {
  static final int OPSET = 13;
  /** ONNX IR version 7, the one that goes with opset 13. */
  static final long IR_VERSION = 7;
  static final String INPUT = "features";
  static final String RAW = "rawPrediction";
  static final String PROBABILITY = "probability";
  static final String PREDICTION = "prediction";

  private MlpGraph() {}

  /**
   * A classifier's graph: outputs {@value #RAW}, {@value #PROBABILITY} and {@value #PREDICTION}.
   *
   * @param theta θ in {@code arch}'s layout (float64)
   * @param thresholds K positive-or-zero thresholds as Spark's, or null for none
   */
  static OnnxMl.GraphProto classifier(String name, Architecture arch, double[] theta,
      InputScaling scaling, double[] thresholds) {
    ONNXContext ctx = new ONNXContext();
    ctx.setName(name);
    int k = arch.outputSize();
    ONNXRef<?> logits = layers(ctx, arch, theta, scaling);
    // probability[N×K] = softmax(S[N×K]) along axis 1, the classes
    ONNXRef<?> probability = logits.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1));
    ONNXRef<?> scores = logits;
    if (thresholds != null) {
      // Spark's rule with thresholds: argmax of p_k / t_k
      scores = probability.apply(ONNXOperators.DIV, ctx.array("thresholds", toFloats(thresholds, 0, k)));
    }
    // prediction[N×1] = argmax_k scores[N×K], the first on ties, as a float class id
    ONNXRef<?> classId = scores.apply(OnnxOps.ARG_MAX,
        Map.of("axis", 1, "keepdims", 1, "select_last_index", 0)).cast(float.class);
    logits.assignTo(ctx.floatOutput(RAW, k));
    probability.assignTo(ctx.floatOutput(PROBABILITY, k));
    classId.assignTo(ctx.floatOutput(PREDICTION, 1));
    return ctx.buildGraph();
  }

  /** A regressor's graph: the K outputs of the last layer as {@value #PREDICTION}. */
  static OnnxMl.GraphProto regressor(String name, Architecture arch, double[] theta, InputScaling scaling) {
    ONNXContext ctx = new ONNXContext();
    ctx.setName(name);
    layers(ctx, arch, theta, scaling).assignTo(ctx.floatOutput(PREDICTION, arch.outputSize()));
    return ctx.buildGraph();
  }

  /** The input, the scaling, and every layer's Gemm and φ; returns the last layer's output. */
  private static ONNXRef<?> layers(ONNXContext ctx, Architecture arch, double[] theta, InputScaling scaling) {
    if (theta.length != arch.numParams()) {
      throw new IllegalArgumentException("architecture " + arch + " needs " + arch.numParams()
          + " parameters, got " + theta.length);
    }
    ONNXRef<?> h = scaling.apply(ctx, ctx.floatInput(INPUT, arch.inputSize()));
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l);
      int out = arch.size(l + 1);
      int wo = arch.weightOffset(l);
      // W_l is (in, out) row-major in θ, exactly the layout of an ONNX [in, out] tensor
      ONNXInitializer w = ctx.floatTensor("W" + l, List.of(in, out), buf -> {
        for (int i = 0; i < in * out; i++) {
          buf.put((float) theta[wo + i]);
        }
      });
      ONNXInitializer b = ctx.array("b" + l, toFloats(theta, arch.biasOffset(l), out));
      // (1) Z[N×out] = H[N×in] · W[in×out] + b[out]   (Gemm, transA = transB = 0, alpha = beta = 1)
      h = h.apply(ONNXOperators.GEMM, List.of(w, b));
      h = activation(ctx, h, arch.activation(l), l);
    }
    return h;
  }

  /** Y = φ(Z) for layer {@code layer}'s activation, element-wise over Z [N×out]. */
  private static ONNXRef<?> activation(ONNXContext ctx, ONNXRef<?> z, Activation a, int layer) {
    return switch (a) {
      case IDENTITY -> z;
      case RELU -> z.apply(OnnxOps.RELU);
      case LEAKY_RELU -> z.apply(OnnxOps.LEAKY_RELU, Map.of("alpha", (float) Activation.LEAKY_SLOPE));
      case TANH -> z.apply(OnnxOps.TANH);
      case SIGMOID -> z.apply(ONNXOperators.SIGMOID);
      case GELU -> {
        // φ(z) = z·Φ(z) = 0.5·z·(1 + erf(z/√2))
        ONNXRef<?> erf = z.apply(ONNXOperators.MUL, ctx.constant("gelu" + layer + "_inv_sqrt2",
            (float) (1.0 / Math.sqrt(2.0)))).apply(OnnxOps.ERF);
        ONNXRef<?> onePlusErf = erf.apply(ONNXOperators.ADD, ctx.constant("gelu" + layer + "_one", 1f));
        yield z.apply(ONNXOperators.MUL, onePlusErf)
            .apply(ONNXOperators.MUL, ctx.constant("gelu" + layer + "_half", 0.5f));
      }
    };
  }

  /** Values v[off .. off+n) rounded to float32: a new array. */
  static float[] toFloats(double[] v, int off, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) v[off + i];
    }
    return f;
  }
}
