package io.sparkmlp.ml;

import io.sparkmlp.ml.OutputColumns.Kind;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.Packer;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained MLP regressor. {@code transform} adds {@code predictionCol}: a double when the model
 * was fit on a numeric label, a Vector of {@link #numOutputs()} values when it was fit on a
 * Vector label ({@link #hasVectorPrediction()}). Rows go through the network in blocks of
 * {@code blockSize}, θ broadcast once per transform, in the model's {@code precision}.
 */
public final class MlpRegressionModel extends RegressionModel<Vector, MlpRegressionModel>
    implements MlpParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MlpRegressionModel.class);

  private final String uid;
  private final MlpParamSet mlpParamSet;
  /** Null only in a placeholder (see {@link #MlpRegressionModel(String)}). */
  private final TrainedNetwork network;
  private final boolean vectorPrediction;
  private transient MlpTrainingSummary summary;

  /** A placeholder with a random uid; see {@link #MlpRegressionModel(String)}. */
  public MlpRegressionModel() {
    this(Identifiable.randomUID("mlpr"));
  }

  /**
   * A placeholder without weights, for Spark Connect: its server finds models through
   * {@code META-INF/services/org.apache.spark.ml.Transformer}, and Java's ServiceLoader wants
   * a public no-argument constructor of every class listed there; a (uid) constructor is what
   * Spark's reflection calls for a stage it builds by name. Only params can be set and read on
   * a placeholder; everything that needs the network (transform, predict, numFeatures, save, …)
   * throws an IllegalStateException that says so. Models come from {@link MlpRegressor#fit}
   * or {@link #load}.
   */
  public MlpRegressionModel(String uid) {
    this(ConstructionUid.begin(uid), null, false);
  }

  /**
   * @param arch an MSE architecture; its input width is numFeatures, its output width numOutputs
   * @param theta θ in {@code arch}'s layout (copied)
   * @param vectorPrediction true to emit a Vector prediction (the label was a Vector), false
   *     for a double (then the architecture must have one output)
   */
  public MlpRegressionModel(String uid, Architecture arch, double[] theta, boolean vectorPrediction) {
    this(ConstructionUid.begin(uid), new TrainedNetwork(arch, theta.clone()), vectorPrediction);
  }

  /** Shares {@code network} (immutable, null for a placeholder) with the model it was copied from. */
  private MlpRegressionModel(ConstructionUid pending, TrainedNetwork network,
      boolean vectorPrediction) {
    super();
    this.uid = pending.end();
    this.mlpParamSet = new MlpParamSet(this);
    this.network = network;
    this.vectorPrediction = vectorPrediction;
    if (network == null) {
      return;
    }
    Architecture arch = network.architecture();
    if (arch.loss().isClassification()) {
      throw new IllegalArgumentException("a regression model needs an mse architecture, got " + arch);
    }
    if (!vectorPrediction && arch.outputSize() != 1) {
      throw new IllegalArgumentException("a scalar prediction needs 1 output, the architecture has "
          + arch.outputSize() + ": " + arch);
    }
    mlpParamSet.describe(this, arch);
  }

  /** The network, or an IllegalStateException for a placeholder. */
  private TrainedNetwork trained() {
    if (network == null) {
      throw new IllegalStateException(uid + " is a placeholder MlpRegressionModel without"
          + " weights (built by its no-argument or uid constructor, which exist for Spark Connect's"
          + " registration); expected a model from MlpRegressor.fit or MlpRegressionModel.load");
    }
    return network;
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  @Override
  public MlpParamSet mlpParamSet() {
    return mlpParamSet;
  }

  public Architecture architecture() { return trained().architecture(); }

  /** A copy of θ (float64, the {@link Architecture}'s layout). */
  public double[] weights() { return trained().weights(); }

  @Override
  public int numFeatures() { return trained().architecture().inputSize(); }

  /** Values predicted per row (K). */
  public int numOutputs() { return trained().architecture().outputSize(); }

  /** True when {@code predictionCol} holds Vectors (the model was fit on a Vector label). */
  public boolean hasVectorPrediction() { return vectorPrediction; }

  public boolean hasSummary() { return summary != null; }

  public MlpTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for " + uid
          + ": it exists only on a model returned by fit, not on a loaded or deserialized one");
    }
    return summary;
  }

  MlpRegressionModel setSummary(MlpTrainingSummary s) {
    this.summary = s;
    return this;
  }

  /**
   * The RMSE and the mean MSE loss of this model on {@code dataset} ({@code featuresCol} and {@code labelCol},
   * rows checked as for a fit), as MLlib's {@code evaluate}: one job packs the rows, one
   * evaluates them in the model's precision, and nothing stays cached.
   *
   * @throws IllegalArgumentException for a bad row (with its position) or a width other than
   *     the model's
   */
  public MlpEvaluation evaluate(Dataset<?> dataset) {
    return new MlpEvaluation(trained().evaluate(dataset.toDF(), uid, getFeaturesCol(), getLabelCol(),
        Packer.Task.REGRESSION, Precision.fromName(getPrecision()), getBlockSize()));
  }

  /**
   * Bytes this model takes in memory: θ as held (float64, 8 bytes a parameter) plus a few KiB
   * for the object, its params and architecture. Spark's ML cache (Spark Connect) asks models
   * for {@code estimatedSize} from Spark 4.1; Spark 4.0.1's {@code Model} does not declare it,
   * so here it is a method of this class, with the signature that then overrides it.
   */
  public long estimatedSize() {
    return trained().estimatedBytes();
  }

  @Override
  public MlpRegressionModel copy(ParamMap extra) {
    MlpRegressionModel m = new MlpRegressionModel(ConstructionUid.begin(uid), network,
        vectorPrediction);
    return copyValues(m, extra).setSummary(summary).setParent(parent());
  }

  /**
   * The prediction for one row of a single-output model.
   *
   * @throws UnsupportedOperationException when the model predicts several values; use
   *     {@link #predictVector}
   */
  @Override
  public double predict(Vector features) {
    if (numOutputs() != 1) {
      throw new UnsupportedOperationException(uid + " predicts " + numOutputs()
          + " values per row (it was fit on a Vector label); use predictVector");
    }
    return trained().rawOutputs(features, Precision.fromName(getPrecision()))[0];
  }

  /** The K predicted values for one row, computed in the model's precision. */
  public Vector predictVector(Vector features) {
    return Vectors.dense(trained().rawOutputs(features, Precision.fromName(getPrecision())));
  }

  /**
   * Spark's schema for a double prediction; for a Vector prediction, Spark's features check
   * plus a Vector column of size K.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    if (!vectorPrediction) {
      return super.transformSchema(schema);
    }
    DataType ft = featuresDataType();
    validateAndTransformSchema(schema, false, ft); // checks the features column only
    return MlpRegressor.vectorPredictionSchema(schema, getPredictionCol(), numOutputs());
  }

  /** Spark's checks, with a features column that may also be {@code array<double>} or {@code array<float>}. */
  @Override
  public StructType validateAndTransformSchema(StructType schema, boolean fitting,
      DataType featuresDataType) {
    return InputSchema.validate(schema, uid(), getFeaturesCol(), null, Packer.Task.REGRESSION,
        s -> super.validateAndTransformSchema(s, fitting, featuresDataType));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    InputSchema.checkDeclaredWidth(dataset.schema(), uid, getFeaturesCol(), numFeatures());
    if (getPredictionCol().isEmpty()) {
      LOG.warn("{}: transform() does nothing because predictionCol is empty", uid);
      return dataset.toDF();
    }
    OutputColumns columns = new OutputColumns(
        List.of(vectorPrediction ? Kind.VALUES : Kind.VALUE), null);
    return trained().transform(dataset.toDF(), out, getFeaturesCol(),
        Precision.fromName(getPrecision()), getBlockSize(), columns);
  }

  /**
   * Saves, by default ({@code save(path)}, or format "internal"), {@code path/metadata}
   * (params, architecture, formatVersion, vectorPrediction) and
   * {@code path/data} (θ, Parquet); {@link #load} reads it back, in any session.
   * With {@code format("onnx")} it writes one ONNX file at {@code path} instead
   * ({@link io.sparkmlp.ml.onnx.OnnxExport}; {@link #load} does not read it). The formats are
   * registered in {@code META-INF/services/org.apache.spark.ml.util.MLFormatRegister}.
   */
  @Override
  public GeneralMLWriter write() {
    return new GeneralMLWriter(this);
  }

  /** The writer of the default ("internal") format, {@link MlpInternalFormat}. */
  MlpWriter internalWriter() {
    return new MlpWriter(this, trained(), Map.of(MlpWriter.VECTOR_PREDICTION, vectorPrediction));
  }

  public static MLReader<MlpRegressionModel> read() {
    return new MlpReader<>(MlpRegressionModel.class, (uid, saved) -> new MlpRegressionModel(uid,
        saved.architecture(), saved.weights(), saved.flag(MlpWriter.VECTOR_PREDICTION)));
  }

  public static MlpRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    if (network == null) {
      return "MlpRegressionModel: uid=" + uid + ", a placeholder without weights";
    }
    return "MlpRegressionModel: uid=" + uid + ", " + architecture() + ", numOutputs="
        + numOutputs() + (vectorPrediction ? " (Vector prediction)" : "") + ", numFeatures="
        + numFeatures() + ", precision=" + getPrecision();
  }
}
