package io.sparkmlp.ml.onnx;

import ai.onnx.proto.OnnxMl;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpRegressionModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * Fitted models as ONNX files (one {@link OnnxMl.ModelProto}, graph as {@link MlpGraph} builds
 * it). Exportable: an {@link MlpClassificationModel}, an {@link MlpRegressionModel}, or a
 * {@link PipelineModel} (nested ones flattened) whose last stage is one of them and whose only
 * other stage is a {@link StandardScalerModel} writing the MLP's features column; the scaler
 * becomes the graph's leading Sub/Mul nodes ({@link InputScaling}), so the file takes the raw
 * features. Any other stage (text features, assemblers, …) is refused by name: its work would be
 * missing from the graph.
 */
public final class OnnxExport {
  /** Written into the file as its producer version. */
  public static final String PRODUCER_VERSION = "0.1.0";

  private OnnxExport() {}

  /**
   * Writes the ONNX file of {@code model} to {@code path} (a local path or Hadoop URI; parent
   * directories are made) and returns a one-line description of its inputs and outputs.
   *
   * @throws IllegalArgumentException naming the stage when {@code model} cannot be exported
   * @throws FileAlreadyExistsException when {@code path} exists and not {@code overwrite}
   */
  public static String save(Transformer model, String path, boolean overwrite, Configuration hadoop)
      throws IOException {
    OnnxMl.ModelProto m = model(model);
    write(m, path, overwrite, hadoop);
    return describe(m);
  }

  /** The ONNX model of {@code model}; see the class comment for what is accepted. */
  static OnnxMl.ModelProto model(Transformer model) {
    List<Transformer> stages = new ArrayList<>();
    flatten(model, stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("cannot export " + describe(model) + " to ONNX: it has no stages");
    }
    Transformer last = stages.get(stages.size() - 1);
    String features;
    if (last instanceof MlpClassificationModel c) {
      features = c.getFeaturesCol();
    } else if (last instanceof MlpRegressionModel r) {
      features = r.getFeaturesCol();
    } else {
      throw new IllegalArgumentException("cannot export " + describe(last) + " to ONNX: expected a"
          + " sparkmlp MLP model (MlpClassificationModel, MlpRegressionModel) or a PipelineModel ending in one");
    }
    InputScaling scaling = InputScaling.NONE;
    for (int i = 0; i < stages.size() - 1; i++) {
      Transformer s = stages.get(i);
      if (!(s instanceof StandardScalerModel scaler) || i != stages.size() - 2) {
        throw new IllegalArgumentException("cannot export the pipeline to ONNX: stage " + i + ", "
            + describe(s) + ", has no ONNX form; only one StandardScalerModel, right before the MLP,"
            + " may precede it (export the last stage alone, with write().format(\"onnx\"), and compute its '"
            + features + "' column outside ONNX)");
      }
      if (!scaler.getOutputCol().equals(features)) {
        throw new IllegalArgumentException("cannot export the pipeline to ONNX: stage " + i + ", "
            + describe(s) + ", writes '" + scaler.getOutputCol() + "', but the MLP reads '" + features + "'");
      }
      scaling = InputScaling.of(scaler, last instanceof MlpClassificationModel c
          ? c.numFeatures() : ((MlpRegressionModel) last).numFeatures());
    }
    OnnxMl.GraphProto graph;
    String arch;
    if (last instanceof MlpClassificationModel c) {
      double[] thresholds = c.isDefined(c.thresholds()) ? c.getThresholds() : null;
      graph = MlpGraph.classifier(c.uid(), c.architecture(), c.weights(), scaling, thresholds);
      arch = c.architecture().toString();
    } else {
      MlpRegressionModel r = (MlpRegressionModel) last;
      graph = MlpGraph.regressor(r.uid(), r.architecture(), r.weights(), scaling);
      arch = r.architecture().toString();
    }
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(MlpGraph.IR_VERSION)
        .addOpsetImport(ONNXOperators.getOpsetProto())
        .setProducerName("sparkmlp")
        .setProducerVersion(PRODUCER_VERSION)
        .setDomain("io.sparkmlp")
        .setModelVersion(1)
        .setDocString("sparkmlp " + last.getClass().getSimpleName() + " " + last.uid() + ": " + arch
            + (scaling == InputScaling.NONE ? "" : ", input scaled by " + scaling.stage()))
        .addMetadataProps(entry("sparkmlp.architecture", arch))
        .addMetadataProps(entry("sparkmlp.uid", last.uid()))
        .addMetadataProps(entry("sparkmlp.scaling", scaling.stage()))
        .setGraph(graph)
        .build();
  }

  /** "input features float32 [batch, 784]; outputs rawPrediction float32 [batch, 10], …". */
  static String describe(OnnxMl.ModelProto m) {
    StringBuilder sb = new StringBuilder("opset ").append(m.getOpsetImport(0).getVersion()).append(", ")
        .append(m.getGraph().getNodeCount()).append(" nodes; input ");
    describe(sb, m.getGraph().getInputList());
    sb.append("; outputs ");
    describe(sb, m.getGraph().getOutputList());
    return sb.toString();
  }

  private static void describe(StringBuilder sb, List<OnnxMl.ValueInfoProto> values) {
    for (int i = 0; i < values.size(); i++) {
      OnnxMl.ValueInfoProto v = values.get(i);
      OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
      sb.append(i == 0 ? "" : ", ").append(v.getName()).append(' ')
          .append(OnnxMl.TensorProto.DataType.forNumber(t.getElemType()).name().toLowerCase(java.util.Locale.ROOT))
          .append(" [");
      List<OnnxMl.TensorShapeProto.Dimension> dims = t.getShape().getDimList();
      for (int j = 0; j < dims.size(); j++) {
        OnnxMl.TensorShapeProto.Dimension d = dims.get(j);
        sb.append(j == 0 ? "" : ", ").append(d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue()));
      }
      sb.append(']');
    }
  }

  /**
   * Writes {@code m}'s bytes to {@code path} (parent directories made; no checksum file),
   * refusing an existing one unless {@code overwrite}.
   */
  static void write(OnnxMl.ModelProto m, String path, boolean overwrite, Configuration hadoop)
      throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(hadoop);
    if (fs instanceof ChecksumFileSystem checksummed) {
      // one plain file for other tools: no .crc beside it on the local file system
      fs = checksummed.getRawFileSystem();
    }
    if (!overwrite && fs.exists(p)) {
      throw new FileAlreadyExistsException(path, null, "already exists (expected a new file, or overwrite)");
    }
    try (OutputStream out = fs.create(p, overwrite)) {
      m.writeTo(out);
    }
  }

  private static void flatten(Transformer t, List<Transformer> into) {
    if (t instanceof PipelineModel p) {
      for (Transformer s : p.stages()) {
        flatten(s, into);
      }
    } else {
      into.add(t);
    }
  }

  private static String describe(Transformer t) {
    return t.uid() + " (" + t.getClass().getSimpleName() + ")";
  }

  private static OnnxMl.StringStringEntryProto entry(String key, String value) {
    return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }
}
