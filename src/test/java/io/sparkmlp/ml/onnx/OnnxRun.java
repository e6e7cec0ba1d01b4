package io.sparkmlp.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Runs an ONNX file in ONNX Runtime (CPU) on rows of features, for the export tests. */
final class OnnxRun {
  private OnnxRun() {}

  /** Row i of the result is {@code rows.get(i).getAs(featuresCol)} as float32. */
  static float[][] features(List<Row> rows, String featuresCol) {
    float[][] x = new float[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      double[] v = rows.get(i).<Vector>getAs(featuresCol).toArray();
      x[i] = new float[v.length];
      for (int j = 0; j < v.length; j++) {
        x[i][j] = (float) v[j];
      }
    }
    return x;
  }

  /** Every output of the graph for input {@code features} [N×d]: name → [N×width] floats. */
  static Map<String, float[][]> run(Path onnx, float[][] features) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
         OrtSession session = env.createSession(onnx.toString(), options);
         OnnxTensor x = OnnxTensor.createTensor(env, features);
         OrtSession.Result result = session.run(Map.of(MlpGraph.INPUT, x))) {
      Map<String, float[][]> out = new HashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        out.put(e.getKey(), (float[][]) e.getValue().getValue());
      }
      return out;
    }
  }

  /** max over rows i and columns k of |onnx[i][k] − spark_i[k]|, spark_i the Vector in row i. */
  static double maxAbsDiff(float[][] onnx, List<Row> rows, String sparkCol) {
    double max = 0;
    for (int i = 0; i < onnx.length; i++) {
      double[] s = rows.get(i).<Vector>getAs(sparkCol).toArray();
      if (s.length != onnx[i].length) {
        throw new AssertionError("row " + i + ": Spark's " + sparkCol + " has " + s.length
            + " values, ONNX's " + onnx[i].length);
      }
      for (int k = 0; k < s.length; k++) {
        max = Math.max(max, Math.abs(onnx[i][k] - s[k]));
      }
    }
    return max;
  }

  /** Rows where ONNX's class id (column 0 of {@code onnx}) differs from Spark's prediction. */
  static int classMismatches(float[][] onnx, List<Row> rows) {
    int bad = 0;
    for (int i = 0; i < onnx.length; i++) {
      if (onnx[i][0] != rows.get(i).<Double>getAs("prediction")) {
        bad++;
      }
    }
    return bad;
  }
}
