/**
 * ONNX export of fitted models: {@code model.write().format("onnx").save(path)} for both MLP
 * models ({@link io.sparkmlp.ml.onnx.OnnxFormat}, a Spark {@code MLFormatRegister}), and
 * {@link io.sparkmlp.ml.onnx.OnnxExport} for a PipelineModel whose StandardScalerModel it folds
 * in as leading Sub/Mul nodes ({@link io.sparkmlp.ml.onnx.InputScaling}).
 *
 * <p>The graph ({@link io.sparkmlp.ml.onnx.MlpGraph}) is float32, opset 13: input
 * {@code features} [batch, d]; one Gemm (W stored [in, out], the Architecture's row-major
 * layout, so transB = 0) and one activation node (or none for identity) per layer; for a
 * classifier the outputs {@code rawPrediction} [batch, K], {@code probability} [batch, K]
 * (Softmax) and {@code prediction} [batch, 1], for a regressor {@code prediction} [batch, K].
 * The protobuf classes and the node builder are Tribuo's ({@code org.tribuo:tribuo-util-onnx}),
 * shaded into the app jar with their protobuf-java.
 */
package io.sparkmlp.ml.onnx;
