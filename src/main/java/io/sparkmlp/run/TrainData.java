package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.config.TrainSpec;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.data.LabeledFrames;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.BitSet;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * The data of a train run, loaded ({@link DataLoader}), optionally standardized, and packed for
 * the trainer ({@link Packer}) in the run's precision and partitioning:
 * <ul>
 *   <li>training rows from {@code data} (the validation hold-out is taken from them later, by
 *       the Trainer);
 *   <li>test rows from {@code test-data}, else an IDX directory's t10k pair, else none;
 *   <li>with {@code standardize}, a StandardScaler (mean and std) fitted on the rows the Trainer
 *       trains on (neither the validation hold-out nor the test rows), applied to all of them.
 * </ul>
 * Call {@link #unpersist()} when done.
 */
public final class TrainData {
  /** The column the scaler writes and the saved MLP then reads. */
  public static final String SCALED_FEATURES = "features_standardized";

  public final DataFormat format;
  /** Raw training frame (before scaling), for the Pipeline's schema check. */
  public final Dataset<Row> rawTrain;
  /**
   * Packed training rows: with a validation indicator column, only its false rows; else all of
   * them, the seeded validation hold-out included.
   */
  public final PackedData<?> train;
  /** The rows the indicator column marks true, packed; null without that column. */
  public final PackedData<?> validation;
  /** Packed test rows, or null. */
  public final PackedData<?> test;
  /** Where the test rows came from, or null. */
  public final String testSource;
  /** Text: the fitted tokenizer, HashingTF and IDF, or null for the other formats. */
  public final PipelineModel featurizer;
  /** The fitted scaler, or null without standardize. */
  public final StandardScalerModel scaler;

  private TrainData(DataFormat format, Dataset<Row> rawTrain, PackedData<?> train, PackedData<?> validation,
      PackedData<?> test, String testSource, PipelineModel featurizer, StandardScalerModel scaler) {
    this.featurizer = featurizer;
    this.format = format;
    this.rawTrain = rawTrain;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.testSource = testSource;
    this.scaler = scaler;
  }

  /** The features column the network reads: the scaler's output, or the loader's. */
  public String featuresColumn() {
    return scaler != null ? SCALED_FEATURES : LabeledFrames.FEATURES;
  }

  /** The fitted stages that make the MLP's input from the raw data: text's, then the scaler. */
  public java.util.List<org.apache.spark.ml.Transformer> stagesBefore() {
    java.util.List<org.apache.spark.ml.Transformer> stages = new java.util.ArrayList<>();
    if (featurizer != null) {
      stages.addAll(java.util.Arrays.asList(featurizer.stages()));
    }
    if (scaler != null) {
      stages.add(scaler);
    }
    return stages;
  }

  public static TrainData load(SparkSession spark, TrainSpec spec) {
    return load(spark, spec, null);
  }

  /**
   * @param init the model the run starts from, or null: its fitted stages are reused instead of
   *     fitting new ones, and LIBSVM data is read as wide as its input
   */
  static TrainData load(SparkSession spark, TrainSpec spec, InitModel init) {
    DataFormat format = spec.format() != null ? spec.format() : DataFormat.infer(spec.data());
    if (init != null) {
      init.checkStages(spec, format);
    }
    DataOptions options = new DataOptions().format(format).labelCol(spec.labelCol())
        .featuresCol(spec.featuresCol()).textCol(spec.textCol()).numPartitions(spec.partitions());
    spec.extraColumns().forEach(options::extraColumn);
    if (init != null && format == DataFormat.LIBSVM) {
      options.numFeatures(init.numFeatures());
    }
    Dataset<Row> train = DataLoader.load(spark, spec.data(), options);
    Test t = loadTest(spark, spec, train, options);
    Dataset<Row> test = t.frame();
    Dataset<Row> rawTrain = train;
    PipelineModel featurizer = null;
    if (format == DataFormat.TEXT) {
      featurizer = init != null ? stages(init.textStages, train)
          : TextFeatures.fit(fittingRows(spark, train, spec), spec.textCol(), spec.textFeatures());
      train = featurizer.transform(train);
      test = test == null ? null : featurizer.transform(test);
    }
    StandardScalerModel scaler = init != null ? init.scaler : null;
    if (scaler == null && spec.standardize()) {
      // Centring would turn every zero of sparse features into a nonzero (a dense copy of X):
      // sparse input is scaled to unit variance only, as MLlib's withMean=false does.
      boolean centre = Packer.sampleDensity(train, LabeledFrames.FEATURES) >= Packer.SPARSE_BELOW;
      scaler = new StandardScaler().setInputCol(LabeledFrames.FEATURES).setOutputCol(SCALED_FEATURES)
          .setWithMean(centre).setWithStd(true).fit(fittingRows(spark, train, spec));
    }
    if (scaler != null) {
      train = scaler.transform(train);
      test = test == null ? null : scaler.transform(test);
    }
    return pack(spec, format, rawTrain, train, new Test(test, t.source()), featurizer, scaler);
  }

  /** The test rows and where they came from, both null when there are none. */
  private record Test(Dataset<Row> frame, String source) {}

  /** test-data, else the t10k pair of an IDX --data directory, else none. */
  private static Test loadTest(SparkSession spark, TrainSpec spec, Dataset<Row> train, DataOptions options) {
    String source = spec.testData();
    if (source == null) {
      Dataset<Row> test = DataLoader.loadDefaultTest(spark, spec.data(), options).orElse(null);
      return new Test(test, test == null ? null : spec.data() + " (its t10k pair)");
    }
    DataOptions testOptions = new DataOptions().format(spec.format()).labelCol(spec.labelCol())
        .featuresCol(spec.featuresCol()).textCol(spec.textCol());
    spec.extraColumns().forEach(c -> testOptions.skipColumn(c.name())); // test data may have them too
    DataFormat testFormat = spec.format() != null ? spec.format() : DataFormat.infer(source);
    if (testFormat == DataFormat.LIBSVM) {
      testOptions.numFeatures(LabeledFrames.numFeatures(train));
    }
    if (testFormat == DataFormat.IDX) { // a directory's test split, as evaluate and predict read it
      Dataset<Row> test = DataLoader.loadDefaultTest(spark, source, testOptions.format(testFormat)).orElse(null);
      if (test != null) {
        return new Test(test, source + " (its t10k pair)");
      }
    }
    return new Test(DataLoader.load(spark, source, testOptions), source);
  }

  /**
   * Packs the featurized frames in the run's precision: with a validation indicator column, its
   * true rows apart as the validation set; a failure unpersists what was packed.
   */
  private static TrainData pack(TrainSpec spec, DataFormat format, Dataset<Row> rawTrain, Dataset<Row> train,
      Test test, PipelineModel featurizer, StandardScalerModel scaler) {
    String features = scaler != null ? SCALED_FEATURES : LabeledFrames.FEATURES;
    Precision precision = Precision.fromName(spec.train().get(PRECISION));
    String indicator = spec.validationIndicatorCol();
    String weights = spec.weightCol();
    PackedData<?> packedValidation = null;
    if (indicator != null) {
      packedValidation = Packer.pack(train.filter(functions.col(indicator)), features, LabeledFrames.LABEL,
          weights, spec.task(), precision.kernels(), 0, "validation rows of " + spec.data() + " (those with "
          + indicator + " true, --validation-indicator-col)", null);
      train = train.filter(functions.not(functions.col(indicator)));
    }
    List<PackedData<?>> packed = new ArrayList<>();
    try {
      PackedData<?> packedTrain = Packer.pack(train, features, LabeledFrames.LABEL, weights, spec.task(),
          precision.kernels(), spec.partitions(), "training data " + spec.data() + (indicator == null ? ""
          : " (those with " + indicator + " false, --validation-indicator-col)"), null);
      packed.add(packedTrain);
      PackedData<?> packedTest = test.frame() == null ? null : Packer.pack(test.frame(), features,
          LabeledFrames.LABEL, spec.task(), precision.kernels(), 0, "test data " + test.source());
      if (packedTest != null) {
        packed.add(packedTest);
      }
      return new TrainData(format, rawTrain, packedTrain, packedValidation, packedTest, test.source(),
          featurizer, scaler);
    } catch (RuntimeException e) {
      packed.forEach(PackedData::unpersist);
      if (packedValidation != null) {
        packedValidation.unpersist();
      }
      throw e;
    }
  }

  /** The saved, fitted stages as one model (a Pipeline of transformers only fits nothing). */
  private static PipelineModel stages(List<Transformer> fitted, Dataset<Row> train) {
    return new Pipeline().setStages(fitted.toArray(new PipelineStage[0])).fit(train);
  }

  /**
   * The rows the fitted stages (text's, the scaler) learn from: those the Trainer trains on, so
   * that the validation rows (marked by the indicator column, or the seeded hold-out) never teach them.
   */
  private static Dataset<Row> fittingRows(SparkSession spark, Dataset<Row> train, TrainSpec spec) {
    String indicator = spec.validationIndicatorCol();
    return indicator != null ? train.filter(functions.not(functions.col(indicator)))
        : withoutHoldOut(spark, train, spec.train());
  }

  /**
   * The rows of {@code train} the Trainer will train on: all but its validation hold-out (the
   * same positions, {@link Trainer#heldOutPositions}), so that the scaler never sees them.
   */
  private static Dataset<Row> withoutHoldOut(SparkSession spark, Dataset<Row> train, TrainConfig cfg) {
    if (cfg.get(VALIDATION_FRACTION) == 0) {
      return train;
    }
    BitSet held = new BitSet();
    for (int p : Trainer.heldOutPositions(train.count(), cfg.get(VALIDATION_FRACTION), cfg.get(SEED))) {
      held.set(p);
    }
    JavaRDD<Row> kept = train.javaRDD().zipWithIndex()
        .filter(r -> !held.get(Math.toIntExact(r._2()))).map(Tuple2::_1);
    return spark.createDataFrame(kept, train.schema());
  }

  /** The class count K = largest training label + 1; the test labels must lie below it. */
  public int numClasses() {
    int k = train.maxLabel() + 1;
    if (test != null && test.maxLabel() >= k) {
      throw new ConfigException("test data " + testSource + ": label " + test.maxLabel()
          + " is not among the training labels 0.." + (k - 1));
    }
    return k;
  }

  /** One line per data set, for the console. */
  public void describe(PrintWriter out, TrainSpec spec, boolean classification) {
    out.println(String.format(Locale.ROOT, "data: %s (%s): %,d rows × %d features%s, %d partitions",
        spec.data(), format.name().toLowerCase(Locale.ROOT), dataRows(), train.numFeatures(),
        classification ? ", " + (train.maxLabel() + 1) + " classes" : "", train.numPartitions()));
    double f = spec.train().get(VALIDATION_FRACTION);
    if (validation != null) {
      out.println(String.format(Locale.ROOT, "validation: %,d rows, those of --data with %s true; %,d rows"
          + " train", validation.numRows(), spec.validationIndicatorCol(), train.numRows()));
    } else if (f > 0) {
      out.println(String.format(Locale.ROOT, "validation: %,d rows held out of the training data "
          + "(validation-fraction %s, seed %d)", (long) Math.ceil(f * train.numRows()),
          VALIDATION_FRACTION.format(f), spec.train().get(SEED)));
    }
    out.println(test == null ? "test: none (give --test-data to get test metrics)"
        : String.format(Locale.ROOT, "test: %s: %,d rows", testSource, test.numRows()));
    if (featurizer != null) {
      out.println("text: " + spec.textCol() + " → RegexTokenizer → HashingTF (" + spec.textFeatures()
          + " features) → IDF, fitted on the training rows, without the validation hold-out");
    }
    if (scaler != null && scaler.getWithMean()) {
      out.println("standardize: features scaled to mean 0, variance 1 (fitted on the training rows, "
          + "without the validation hold-out)");
    } else if (scaler != null) {
      out.println("standardize: sparse features (density below " + Packer.SPARSE_BELOW + ") scaled to"
          + " variance 1, not centred, which would densify them (fitted on the training rows, without"
          + " the validation hold-out)");
    }
  }

  /** The rows of --data: those that train and, with an indicator column, its validation rows. */
  public long dataRows() {
    return train.numRows() + (validation != null ? validation.numRows() : 0);
  }

  /** The validation rows: those the indicator column marks, else the seeded hold-out of {@code fraction}. */
  public long validationRows(double fraction) {
    return validation != null ? validation.numRows() : (long) Math.ceil(fraction * train.numRows());
  }

  public void unpersist() {
    train.unpersist();
    if (validation != null) {
      validation.unpersist();
    }
    if (test != null) {
      test.unpersist();
    }
  }
}
