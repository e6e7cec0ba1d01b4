package io.sparkmlp.ml;

import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainingResult;
import java.util.Arrays;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A multi-layer perceptron regressor: mean squared error over K outputs, trained data-parallel
 * by {@link io.sparkmlp.train.Trainer}. A Spark ML {@code Regressor} taking a Vector
 * {@code featuresCol} and a {@code labelCol} that is either
 * <ul>
 *   <li>numeric: one target, K = 1, and the model's {@code predictionCol} is a double; or
 *   <li>a Vector of K targets (the same K in every row): the model's {@code predictionCol} is a
 *       Vector of K (not a double, unlike Spark's own regressors).
 * </ul>
 * Params: {@link MlpParams}; every default comes from {@link io.sparkmlp.train.TrainConfig}.
 * MSE is (1/K)·Σ_k (ŷ_k − y_k)² per row, averaged over rows; standardise targets of very
 * different scales.
 */
public final class MlpRegressor extends Regressor<Vector, MlpRegressor, MlpRegressionModel>
    implements MlpEstimatorParams<MlpRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MlpParamSet mlpParamSet;
  private final Param<String> validationIndicatorCol;
  private final Param<String> weightCol;
  private WarmStart warmStart;

  public MlpRegressor() {
    this(Identifiable.randomUID("mlpr"));
  }

  /** With a given uid; what {@code defaultCopy} and loading call. */
  public MlpRegressor(String uid) {
    this(ConstructionUid.begin(uid));
  }

  private MlpRegressor(ConstructionUid pending) {
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

  @Override
  public MlpRegressor copy(ParamMap extra) {
    MlpRegressor copy = defaultCopy(extra);
    copy.warmStart = warmStart;
    return copy;
  }

  /** Warm start from {@code model}'s weights (see {@link MlpEstimatorParams#initialModelUid}); null clears it. */
  public MlpRegressor setInitialModel(MlpRegressionModel model) {
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
   * As Spark's {@code Predictor.fit} for a numeric label (which casts it to double); for a
   * Vector label, the same schema check and param copy without the cast.
   */
  @Override
  public MlpRegressionModel fit(Dataset<?> dataset) {
    if (!hasVectorLabel(dataset.schema())) {
      return super.fit(dataset);
    }
    transformSchema(dataset.schema());
    return copyValues(train(dataset).setParent(this), ParamMap.empty());
  }

  /**
   * Spark's check for a numeric label; a Vector label passes too, and then the prediction
   * column is a Vector. The features column may also be {@code array<double>} or
   * {@code array<float>} ({@link InputSchema}).
   */
  @Override
  public StructType validateAndTransformSchema(StructType schema, boolean fitting,
      DataType featuresDataType) {
    String label = fitting ? getLabelCol() : null;
    if (!fitting || !hasVectorLabel(schema)) {
      return InputSchema.validate(schema, uid(), getFeaturesCol(), label, Packer.Task.REGRESSION,
          s -> super.validateAndTransformSchema(s, fitting, featuresDataType));
    }
    InputSchema.validate(schema, uid(), getFeaturesCol(), label, Packer.Task.REGRESSION, s -> {
      StructType withoutLabel = new StructType(Arrays.stream(s.fields())
          .filter(f -> !f.name().equals(getLabelCol())).toArray(StructField[]::new));
      super.validateAndTransformSchema(withoutLabel, false, featuresDataType);
      return s;
    });
    return vectorPredictionSchema(schema, getPredictionCol(), -1);
  }

  @Override
  public MlpRegressionModel train(Dataset<?> dataset) {
    boolean vectorLabel = hasVectorLabel(dataset.schema());
    TrainingResult result = MlpFitting.fit(this, dataset, getFeaturesCol(), getLabelCol(),
        Packer.Task.REGRESSION, packed -> packed.numOutputs(), warmStart);
    return new MlpRegressionModel(uid(), result.architecture(), result.theta(), vectorLabel)
        .setSummary(new MlpTrainingSummary(result));
  }

  private boolean hasVectorLabel(StructType schema) {
    return Arrays.asList(schema.fieldNames()).contains(getLabelCol())
        && schema.apply(getLabelCol()).dataType() instanceof VectorUDT;
  }

  /**
   * {@code schema} plus a Vector column {@code name} (size {@code size} in its ML attribute
   * metadata, or unknown when −1); an existing column of that name is an error.
   */
  static StructType vectorPredictionSchema(StructType schema, String name, int size) {
    if (name.isEmpty()) {
      return schema;
    }
    if (Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("Output column " + name + " already exists in "
          + Arrays.toString(schema.fieldNames()));
    }
    AttributeGroup group = size > 0 ? new AttributeGroup(name, size) : new AttributeGroup(name);
    return schema.add(group.toStructField());
  }

  /**
   * Bytes the model a fit on {@code dataset} would give takes in memory, from the widths
   * [d, hidden…, K] alone ({@link ModelSizeEstimate}: metadata when the columns carry it, else
   * one small job), by the rule of the model's {@code estimatedSize}. Spark's ML cache asks
   * estimators for {@code estimateModelSize} from Spark 4.1; Spark 4.0.1's {@code Estimator}
   * does not declare it, so here it is a method of this class with that signature.
   */
  public long estimateModelSize(Dataset<?> dataset) {
    return ModelSizeEstimate.regressor(this, dataset);
  }

  /** Saves the params (no data): {@code path/metadata}, loadable with {@link #load}. */
  @Override
  public MLWriter write() {
    return new MlpWriter(this, null);
  }

  public static MLReader<MlpRegressor> read() {
    return new MlpReader<>(MlpRegressor.class, (uid, saved) -> new MlpRegressor(uid));
  }

  public static MlpRegressor load(String path) {
    return read().load(path);
  }
}
