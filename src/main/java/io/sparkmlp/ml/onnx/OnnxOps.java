package io.sparkmlp.ml.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The ONNX operators the MLP graph needs that Tribuo's {@link ONNXOperators} (4.3) does not
 * list, all from the default domain at the same opset as Tribuo's
 * ({@link ONNXOperators#getOpsetVersion()}, 13). Each gives the inputs, outputs and attributes
 * of the operator's opset-13 definition; Tribuo checks a node against them when it builds it.
 */
enum OnnxOps implements ONNXOperator {
  /** Y = max(X, 0). */
  RELU("Relu", 1, 0, Map.of()),
  /** Y = X for X ≥ 0, alpha·X otherwise; alpha is a float attribute (ONNX default 0.01). */
  LEAKY_RELU("LeakyRelu", 1, 0, Map.of("alpha", new ONNXAttribute("alpha", AttributeType.FLOAT, false))),
  /** Y = tanh(X). */
  TANH("Tanh", 1, 0, Map.of()),
  /** Y = erf(X), element-wise. */
  ERF("Erf", 1, 0, Map.of()),
  /**
   * The int64 index of the largest element along {@code axis} (the first one on ties, as
   * {@code select_last_index = 0}); {@code keepdims = 1} keeps that axis with size 1.
   */
  ARG_MAX("ArgMax", 1, 0, Map.of(
      "axis", new ONNXAttribute("axis", AttributeType.INT, false),
      "keepdims", new ONNXAttribute("keepdims", AttributeType.INT, false),
      "select_last_index", new ONNXAttribute("select_last_index", AttributeType.INT, false)));

  private final String opName;
  private final int numInputs;
  private final int numOptionalInputs;
  private final Map<String, ONNXAttribute> attributes;

  OnnxOps(String opName, int numInputs, int numOptionalInputs, Map<String, ONNXAttribute> attributes) {
    this.opName = opName;
    this.numInputs = numInputs;
    this.numOptionalInputs = numOptionalInputs;
    this.attributes = attributes;
  }

  @Override public String getOpName() { return opName; }
  @Override public int getNumInputs() { return numInputs; }
  @Override public int getNumOptionalInputs() { return numOptionalInputs; }
  @Override public int getNumOutputs() { return 1; }
  @Override public Map<String, ONNXAttribute> getAttributes() { return attributes; }
  @Override public Set<String> getMandatoryAttributeNames() { return Collections.emptySet(); }
  @Override public int getOpVersion() { return ONNXOperators.getOpsetVersion(); }
  @Override public String getOpDomain() { return ONNXOperators.getOpsetProto().getDomain(); }
}
