package io.sparkmlp.ml;

import io.sparkmlp.ml.OutputColumns.Kind;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.Packer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
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
import scala.Tuple3;

/**
 * A trained MLP classifier. {@code transform} adds, like Spark's classifiers:
 * <ul>
 *   <li>{@code rawPredictionCol}: the logits S (a Vector of K, the output layer before softmax);
 *   <li>{@code probabilityCol}: softmax(S) (a Vector of K summing to 1);
 *   <li>{@code predictionCol}: the class id as a double, argmax of the logits (or of
 *       p_k / t_k when {@code thresholds} are set).
 * </ul>
 * Rows go through the network in blocks of {@code blockSize} (one GEMM chain per block, θ
 * broadcast once per transform) in the model's {@code precision}. Empty column names are
 * skipped. The single-row methods ({@link #predictRaw}, {@link #predictProbability},
 * {@link #predict}) run the same network on the driver.
 */
public final class MlpClassificationModel
    extends ProbabilisticClassificationModel<Vector, MlpClassificationModel>
    implements MlpParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MlpClassificationModel.class);

  private final String uid;
  private final MlpParamSet mlpParamSet;
  /** Null only in a placeholder (see {@link #MlpClassificationModel(String)}). */
  private final TrainedNetwork network;
  private transient MlpTrainingSummary summary;

  /** A placeholder with a random uid; see {@link #MlpClassificationModel(String)}. */
  public MlpClassificationModel() {
    this(Identifiable.randomUID("mlpc"));
  }

  /**
   * A placeholder without weights, for Spark Connect: its server finds models through
   * {@code META-INF/services/org.apache.spark.ml.Transformer}, and Java's ServiceLoader wants
   * a public no-argument constructor of every class listed there; a (uid) constructor is what
   * Spark's reflection calls for a stage it builds by name. Only params can be set and read on
   * a placeholder; everything that needs the network (transform, predict, numFeatures, save, …)
   * throws an IllegalStateException that says so. Models come from
   * {@link MlpClassifier#fit} or {@link #load}.
   */
  public MlpClassificationModel(String uid) {
    this(ConstructionUid.begin(uid), null);
  }

  /**
   * @param arch a cross-entropy architecture; its input width is numFeatures, its output
   *     width numClasses
   * @param theta θ in {@code arch}'s layout (copied)
   */
  public MlpClassificationModel(String uid, Architecture arch, double[] theta) {
    this(ConstructionUid.begin(uid), new TrainedNetwork(arch, theta.clone()));
  }

  /** Shares {@code network} (immutable, null for a placeholder) with the model it was copied from. */
  private MlpClassificationModel(ConstructionUid pending, TrainedNetwork network) {
    super();
    this.uid = pending.end();
    this.mlpParamSet = new MlpParamSet(this);
    if (network != null && !network.architecture().loss().isClassification()) {
      throw new IllegalArgumentException("a classification model needs a cross_entropy"
          + " architecture, got " + network.architecture());
    }
    this.network = network;
    if (network != null) {
      mlpParamSet.describe(this, network.architecture());
    }
  }

  /** The network, or an IllegalStateException for a placeholder. */
  private TrainedNetwork trained() {
    if (network == null) {
      throw new IllegalStateException(uid + " is a placeholder MlpClassificationModel without"
          + " weights (built by its no-argument or uid constructor, which exist for Spark Connect's"
          + " registration); expected a model from MlpClassifier.fit or MlpClassificationModel.load");
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

  /** The layer sizes, activations and loss of the trained(). */
  public Architecture architecture() { return trained().architecture(); }

  /** A copy of θ: float64, the {@link Architecture}'s layout (per layer W (in×out, row-major), then b). */
  public double[] weights() { return trained().weights(); }

  @Override
  public int numFeatures() { return trained().architecture().inputSize(); }

  @Override
  public int numClasses() { return trained().architecture().outputSize(); }

  /** True after {@code fit}, false for a loaded model. */
  public boolean hasSummary() { return summary != null; }

  /** The training summary of the fit that made this model. */
  public MlpTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for " + uid
          + ": it exists only on a model returned by fit, not on a loaded or deserialized one");
    }
    return summary;
  }

  MlpClassificationModel setSummary(MlpTrainingSummary s) {
    this.summary = s;
    return this;
  }

  /**
   * The accuracy and the mean cross-entropy of this model on {@code dataset} ({@code featuresCol} and {@code labelCol},
   * rows checked as for a fit), as MLlib's {@code evaluate}: one job packs the rows, one
   * evaluates them in the model's precision, and nothing stays cached.
   *
   * @throws IllegalArgumentException for a bad row (with its position) or a width other than
   *     the model's
   */
  public MlpEvaluation evaluate(Dataset<?> dataset) {
    return new MlpEvaluation(trained().evaluate(dataset.toDF(), uid, getFeaturesCol(), getLabelCol(),
        Packer.Task.CLASSIFICATION, Precision.fromName(getPrecision()), getBlockSize()));
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
  public MlpClassificationModel copy(ParamMap extra) {
    MlpClassificationModel m = new MlpClassificationModel(ConstructionUid.begin(uid), network);
    return copyValues(m, extra).setSummary(summary).setParent(parent());
  }

  /** The logits of one row, computed in the model's precision. */
  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(trained().rawOutputs(features, Precision.fromName(getPrecision())));
  }

  /**
   * Softmax in place: p_k = e^{s_k − max} / Σ_j e^{s_j − max}, the same arithmetic as the
   * engine's float64 output, so a float64 transform's probability equals this of its logits.
   */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector dense)) {
      throw new IllegalArgumentException("raw2probabilityInPlace expects a DenseVector of"
          + " logits, got a " + rawPrediction.getClass().getSimpleName());
    }
    double[] s = dense.values();
    double max = s[0];
    for (int j = 1; j < s.length; j++) { max = Math.max(max, s[j]); }
    double sum = 0.0;
    for (int j = 0; j < s.length; j++) { double e = Math.exp(s[j] - max); s[j] = e; sum += e; }
    for (int j = 0; j < s.length; j++) { s[j] /= sum; }
    return dense;
  }

  /** Spark's checks, with a features column that may also be {@code array<double>} or {@code array<float>}. */
  @Override
  public StructType validateAndTransformSchema(StructType schema, boolean fitting,
      DataType featuresDataType) {
    return InputSchema.validate(schema, uid(), getFeaturesCol(), null, Packer.Task.CLASSIFICATION,
        s -> super.validateAndTransformSchema(s, fitting, featuresDataType));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    InputSchema.checkDeclaredWidth(in, uid, getFeaturesCol(), numFeatures());
    List<String> added = Arrays.asList(out.fieldNames()).subList(in.size(), out.size());
    if (added.isEmpty()) {
      LOG.warn("{}: transform() does nothing because no output columns were set", uid);
      return dataset.toDF();
    }
    double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
    if (thresholds != null && thresholds.length != numClasses()) {
      throw new IllegalArgumentException(uid + ": thresholds has " + thresholds.length
          + " values, but the model has " + numClasses() + " classes");
    }
    Map<String, Kind> byName = new HashMap<>();
    byName.put(getRawPredictionCol(), Kind.RAW);
    byName.put(getProbabilityCol(), Kind.PROBABILITY);
    byName.put(getPredictionCol(), Kind.CLASS);
    OutputColumns columns = new OutputColumns(OutputColumns.kindsOf(added, byName), thresholds);
    return trained().transform(dataset.toDF(), out, getFeaturesCol(),
        Precision.fromName(getPrecision()), getBlockSize(), columns);
  }

  /**
   * Saves, by default ({@code save(path)}, or format "internal"), {@code path/metadata}
   * (params, architecture, formatVersion) and
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
    return new MlpWriter(this, trained());
  }

  public static MLReader<MlpClassificationModel> read() {
    return new MlpReader<>(MlpClassificationModel.class,
        (uid, saved) -> new MlpClassificationModel(uid, saved.architecture(), saved.weights()));
  }

  public static MlpClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * Spark's own (used by its summaries). Scala overrides it with a narrower tuple type in
   * ProbabilisticClassificationModel, which javac sees as two inherited methods; this raw
   * override names the one that applies.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public String toString() {
    if (network == null) {
      return "MlpClassificationModel: uid=" + uid + ", a placeholder without weights";
    }
    return "MlpClassificationModel: uid=" + uid + ", " + architecture() + ", numClasses="
        + numClasses() + ", numFeatures=" + numFeatures() + ", precision=" + getPrecision();
  }
}
