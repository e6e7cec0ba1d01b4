package io.sparkmlp.ml;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.SparseRows;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.nn.Workspace;
import io.sparkmlp.train.Evaluation;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained network: its {@link Architecture} and θ (float64, the Architecture's layout), run
 * in a chosen precision either over a DataFrame in blocks ({@link #transform}) or on one row
 * on the driver ({@link #rawOutputs}). Immutable apart from a per-instance cache for the
 * single-row path. Both models delegate here.
 */
final class TrainedNetwork implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Architecture arch;
  private final double[] theta;
  /** Network, workspace and θ of one precision for single rows; built on first use. */
  private transient SingleRow<?> single;

  /** @param theta θ in {@code arch}'s layout; kept as given (callers pass a copy) */
  TrainedNetwork(Architecture arch, double[] theta) {
    if (theta.length != arch.numParams()) {
      throw new IllegalArgumentException("architecture " + arch + " needs " + arch.numParams()
          + " parameters, got " + theta.length);
    }
    this.arch = arch;
    this.theta = theta;
  }

  Architecture architecture() { return arch; }

  /** A copy of θ. */
  double[] weights() { return theta.clone(); }

  /**
   * The last layer's outputs for one row (logits for cross-entropy, the predicted values for
   * MSE), computed in {@code precision} and widened to float64: a new array of K values.
   */
  synchronized double[] rawOutputs(Vector features, Precision precision) {
    if (single == null || single.k.precision() != precision) {
      single = new SingleRow<>(arch, precision.kernels(), theta);
    }
    return single.run(features);
  }

  /**
   * {@code df} with the columns of {@code outSchema} beyond df's own, computed by
   * {@code columns} from blocks of up to {@code blockSize} rows, one {@link Network#predict} per
   * block. θ is broadcast once, in {@code precision}, when this is called; the result is lazy.
   *
   * @param outSchema df's schema followed by the output columns, in the order to emit them
   */
  Dataset<Row> transform(Dataset<Row> df, StructType outSchema, String featuresCol,
      Precision precision, int blockSize, OutputColumns columns) {
    return transform(df, outSchema, featuresCol, precision.kernels(), blockSize, columns);
  }

  private <A> Dataset<Row> transform(Dataset<Row> df, StructType outSchema, String featuresCol,
      Kernels<A> k, int blockSize, OutputColumns columns) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Broadcast<A> bc = jsc.broadcast(k.fromDoubles(theta));
    StructType in = df.schema();
    BlockTransform<A> fn = new BlockTransform<>(arch, k, bc, in.fieldIndex(featuresCol),
        featuresCol, in.size(), blockSize, columns);
    Dataset<Row> mapped = df.mapPartitions(fn, Encoders.row(outSchema));
    // mapPartitions keeps names and types but not column metadata (ML attributes): put it back
    Column[] withMetadata = new Column[outSchema.size()];
    for (int i = 0; i < withMetadata.length; i++) {
      StructField f = outSchema.fields()[i];
      withMetadata[i] = functions.col("`" + f.name().replace("`", "``") + "`").as(f.name(), f.metadata());
    }
    return mapped.select(withMetadata);
  }

  /**
   * The mean loss and the accuracy (cross-entropy) or RMSE (MSE) of θ over the
   * ({@code featuresCol}, {@code labelCol}) rows of {@code df}, computed in {@code precision}:
   * the rows are packed once as for a fit ({@link Packer}: the same row checks), evaluated where
   * they live ({@link Evaluation}) and unpersisted before this returns. A numeric label is cast
   * to double first.
   *
   * @throws IllegalArgumentException for a bad row, features of another width than the
   *     network's input, a class id ≥ K, or a target Vector of another width than K
   */
  Evaluation.Result evaluate(Dataset<Row> df, String uid, String featuresCol, String labelCol,
      Packer.Task task, Precision precision, int blockSize) {
    return evaluate(df, uid, featuresCol, labelCol, task, precision.kernels(), blockSize);
  }

  private <A> Evaluation.Result evaluate(Dataset<Row> df, String uid, String featuresCol,
      String labelCol, Packer.Task task, Kernels<A> k, int blockSize) {
    Dataset<Row> rows = ArrayFeatures.asVectors(df, featuresCol);
    if (java.util.List.of(rows.columns()).contains(labelCol)
        && rows.schema().apply(labelCol).dataType() instanceof NumericType) {
      rows = rows.withColumn(labelCol, functions.col(labelCol).cast(DataTypes.DoubleType));
    }
    PackedData<A> packed = Packer.pack(rows, featuresCol, labelCol, task, k, 0,
        uid + " evaluation data");
    try {
      String found = uid + ": the evaluation data has ";
      if (packed.numFeatures() != arch.inputSize()) {
        throw new IllegalArgumentException(found + packed.numFeatures() + " features in column '"
            + featuresCol + "', but the model was trained on " + arch.inputSize());
      }
      if (task == Packer.Task.CLASSIFICATION && packed.maxLabel() >= arch.outputSize()) {
        throw new IllegalArgumentException(found + "label " + packed.maxLabel() + " in column '"
            + labelCol + "', but the model has " + arch.outputSize() + " classes (0.."
            + (arch.outputSize() - 1) + ")");
      }
      if (task == Packer.Task.REGRESSION && packed.numOutputs() != arch.outputSize()) {
        throw new IllegalArgumentException(found + packed.numOutputs() + " targets per row in"
            + " column '" + labelCol + "', but the model predicts " + arch.outputSize());
      }
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
      return Evaluation.evaluate(jsc, packed, arch, theta, null, blockSize);
    } finally {
      packed.unpersist();
    }
  }

  /**
   * Bytes a model holding {@code numParams} parameters takes: θ as held (one float64 array:
   * a 16-byte header and 8 bytes a value) plus {@link #OVERHEAD_BYTES} for the model object,
   * its params and its architecture. What Spark's model cache counts
   * ({@code Model.estimatedSize}); the single-row cache, built on first use, is not counted.
   */
  static long estimatedBytes(long numParams) {
    return 16 + 8 * numParams + OVERHEAD_BYTES;
  }

  /** The model object, its param maps and its architecture, roughly. */
  static final long OVERHEAD_BYTES = 4096;

  /** {@link #estimatedBytes} of [d, hidden…, K]: Σ_l (in_l·out_l + out_l) parameters. */
  static long estimatedBytes(int d, int[] hidden, int k) {
    long params = 0;
    int in = d;
    for (int h : hidden) {
      params += (long) in * h + h;
      in = h;
    }
    params += (long) in * k + k;
    return estimatedBytes(params);
  }

  long estimatedBytes() {
    return estimatedBytes(theta.length);
  }

  /**
   * Writes row {@code v} of d = arch.inputSize() features into x[off .. off+d), zeros included
   * for a sparse vector. {@code where} names the row for the error when v has another size.
   */
  static <A> void copyFeatures(Kernels<A> k, Vector v, int d, A x, int off, String where) {
    if (v.size() != d) {
      throw new IllegalArgumentException(where + " has " + v.size()
          + " features, but the model was trained on " + d);
    }
    if (v instanceof DenseVector dense) {
      double[] values = dense.values();
      for (int j = 0; j < d; j++) {
        k.set(x, off + j, values[j]);
      }
    } else {
      SparseVector sparse = (SparseVector) v;
      k.zero(x, off, d);
      int[] idx = sparse.indices();
      double[] values = sparse.values();
      for (int j = 0; j < idx.length; j++) {
        k.set(x, off + idx[j], values[j]);
      }
    }
  }

  /**
   * Appends v as one row of a CSR batch: its nonzeros, in ascending index order (a dense v's
   * nonzero entries). The same width check as {@link #copyFeatures}.
   */
  static <A> void addFeatures(Vector v, int d, SparseRows<A> x, String where) {
    if (v.size() != d) {
      throw new IllegalArgumentException(where + " has " + v.size()
          + " features, but the model was trained on " + d);
    }
    SparseVector s = v.toSparse();
    x.addRow(s.indices(), s.values(), 0, s.indices().length);
  }

  /** A one-row network run: a workspace of capacity 1 and θ in the engine's precision. */
  private static final class SingleRow<A> {
    final Kernels<A> k;
    final Network<A> net;
    final Workspace<A> ws;
    final A theta;

    SingleRow(Architecture arch, Kernels<A> k, double[] theta) {
      this.k = k;
      this.net = new Network<>(arch, k);
      this.ws = net.newWorkspace(1, false);
      this.theta = k.fromDoubles(theta);
    }

    double[] run(Vector features) {
      if (features == null) {
        throw new IllegalArgumentException("the features vector is null");
      }
      Architecture arch = net.architecture();
      copyFeatures(k, features, arch.inputSize(), ws.x, 0, "the features vector");
      net.forward(theta, ws, 1);
      A s = ws.y(arch.numLayers() - 1);
      double[] out = new double[arch.outputSize()];
      for (int j = 0; j < out.length; j++) {
        out[j] = k.get(s, j);
      }
      return out;
    }
  }
}
