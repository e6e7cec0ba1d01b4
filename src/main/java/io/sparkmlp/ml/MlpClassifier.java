package io.sparkmlp.ml;

import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.PackedPartition;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainingResult;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A multi-layer perceptron classifier: softmax cross-entropy over K classes, trained
 * data-parallel by {@link io.sparkmlp.train.Trainer}. A Spark ML {@code ProbabilisticClassifier}:
 * it takes a {@code featuresCol} of Vectors, {@code array<double>} or {@code array<float>}
 * ({@link InputSchema}) and a numeric {@code labelCol} of class ids 0, 1, …, K−1 and produces an
 * {@link MlpClassificationModel}. Data of one class only is an error.
 *
 * <p>K is the label column's class count when its ML attribute metadata declares one
 * (e.g. after {@code StringIndexer}), else the largest label + 1. A label that is not a whole
 * number ≥ 0 fails the fit with the row's position. Params: {@link MlpParams}; every default
 * comes from {@link io.sparkmlp.train.TrainConfig}.
 *
 * <pre>{@code
 * MlpClassificationModel model = new MlpClassifier()
 *     .setHiddenLayers(128, 64).setLearningRate(3e-3).setMaxEpochs(20)
 *     .fit(train);
 * model.transform(test);   // adds rawPrediction, probability, prediction
 * }</pre>
 */
public final class MlpClassifier
    extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
    implements MlpEstimatorParams<MlpClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MlpParamSet mlpParamSet;
  private final Param<String> validationIndicatorCol;
  private final Param<String> weightCol;
  private WarmStart warmStart;

  public MlpClassifier() {
    this(Identifiable.randomUID("mlpc"));
  }

  /** With a given uid; what {@code defaultCopy} and loading call. */
  public MlpClassifier(String uid) {
    this(ConstructionUid.begin(uid));
  }

  private MlpClassifier(ConstructionUid pending) {
    super();
    this.uid = pending.end();
    this.mlpParamSet = new MlpParamSet(this);
    this.validationIndicatorCol = MlpFitting.validationIndicatorParam(this);
    this.weightCol = MlpFitting.weightParam(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  @Override
  public MlpParamSet mlpParamSet() {
    return mlpParamSet;
  }

  /**
   * Spark's checks, with a features column that may also be {@code array<double>} or
   * {@code array<float>}, and a label that must be numeric ({@link InputSchema}).
   */
  @Override
  public StructType validateAndTransformSchema(StructType schema, boolean fitting,
      DataType featuresDataType) {
    return InputSchema.validate(schema, uid(), getFeaturesCol(), fitting ? getLabelCol() : null,
        Packer.Task.CLASSIFICATION, s -> super.validateAndTransformSchema(s, fitting, featuresDataType));
  }

  @Override
  public MlpClassifier copy(ParamMap extra) {
    MlpClassifier copy = defaultCopy(extra);
    copy.warmStart = warmStart;
    return copy;
  }

  /** Warm start from {@code model}'s weights (see {@link MlpEstimatorParams#initialModelUid}); null clears it. */
  public MlpClassifier setInitialModel(MlpClassificationModel model) {
    warmStart = model == null ? null : new WarmStart(model.uid(), model.architecture(), model.weights());
    return this;
  }

  @Override
  public String initialModelUid() {
    return warmStart == null ? null : warmStart.model();
  }

  @Override
  public Param<String> validationIndicatorCol() {
    return validationIndicatorCol;
  }

  @Override
  public Param<String> weightCol() {
    return weightCol;
  }

  /**
   * Trains on {@code dataset} (label already cast to double by {@code fit}, its metadata kept).
   * The packed rows are unpersisted before this returns.
   */
  @Override
  public MlpClassificationModel train(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    int declared = ScalaInterop.numClassesInMetadata(schema.apply(getLabelCol()));
    TrainingResult result = MlpFitting.fit(this, dataset, getFeaturesCol(), getLabelCol(),
        Packer.Task.CLASSIFICATION, packed -> numClasses(packed, declared), warmStart);
    return new MlpClassificationModel(uid(), result.architecture(), result.theta())
        .setSummary(new MlpTrainingSummary(result));
  }

  /**
   * K from the label metadata when declared, else the largest label + 1. Data of one class is
   * an error even when the metadata declares more: softmax would only learn that class's bias
   * (this costs one small job over the cached packed rows).
   */
  private int numClasses(PackedData<?> packed, int declared) {
    int maxLabel = packed.maxLabel();
    if (declared > 0 && maxLabel >= declared) {
      throw new IllegalArgumentException(uid() + ": label column '" + getLabelCol()
          + "' declares " + declared + " classes in its ML attribute metadata, but the data has"
          + " label " + maxLabel + " (classes must be 0.." + (declared - 1) + ")");
    }
    int minLabel = packed.rdd().map(MlpClassifier::minLabel).reduce(Math::min);
    if (minLabel == maxLabel) {
      throw new IllegalArgumentException(uid() + ": a classifier needs at least 2 classes, but"
          + " every one of the " + packed.numRows() + " rows of label column '" + getLabelCol()
          + "' is " + maxLabel + ".0" + (declared > 1 ? " (its metadata declares " + declared
          + " classes, but only this one is present)" : "") + "; check the filter or split that"
          + " made this DataFrame");
    }
    return declared > 0 ? declared : maxLabel + 1;
  }

  /** The smallest class id of a partition, or Integer.MAX_VALUE when it has no rows. */
  private static int minLabel(PackedPartition<?> p) {
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < p.rows; i++) {
      min = Math.min(min, p.labels[i]);
    }
    return min;
  }

  /**
   * Bytes the model a fit on {@code dataset} would give takes in memory, from the widths
   * [d, hidden…, K] alone ({@link ModelSizeEstimate}: metadata when the columns carry it, else
   * one small job), by the rule of the model's {@code estimatedSize}. Spark's ML cache asks
   * estimators for {@code estimateModelSize} from Spark 4.1; Spark 4.0.1's {@code Estimator}
   * does not declare it, so here it is a method of this class with that signature.
   */
  public long estimateModelSize(Dataset<?> dataset) {
    return ModelSizeEstimate.classifier(this, dataset);
  }

  /** Saves the params (no data): {@code path/metadata}, loadable with {@link #load}. */
  @Override
  public MLWriter write() {
    return new MlpWriter(this, null);
  }

  /** The reader of {@link #write()}'s output; also what Pipeline loading calls. */
  public static MLReader<MlpClassifier> read() {
    return new MlpReader<>(MlpClassifier.class, (uid, saved) -> new MlpClassifier(uid));
  }

  public static MlpClassifier load(String path) {
    return read().load(path);
  }
}
