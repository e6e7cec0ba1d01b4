package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Bad rows are refused while packing, with the global row, the column and what is wrong. */
class PackerValidationTest {
  private static List<Row> good(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, 1.0, -i), (double) (i % 3)));
    }
    return rows;
  }

  private static String packError(List<Row> rows, Packer.Task task, int... sizes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Packer.pack(TestFrames.partitioned(rows, sizes), "features", "label", task,
            Kernels.F32, 0, "training data"));
    return e.getMessage();
  }

  @Test
  void aNonFiniteFeatureNamesTheRowAndIndex() {
    List<Row> rows = good(30);
    rows.set(17, RowFactory.create(Vectors.dense(1.0, Double.NaN, 2.0), 1.0));
    String m = packError(rows, Packer.Task.CLASSIFICATION, 10, 10, 10);
    assertTrue(m.contains("training data: row 17") && m.contains("NaN at index 1"), m);
    rows.set(17, RowFactory.create(Vectors.sparse(3, new int[] {2}, new double[] {Double.POSITIVE_INFINITY}), 1.0));
    m = packError(rows, Packer.Task.CLASSIFICATION, 10, 10, 10);
    assertTrue(m.contains("row 17") && m.contains("Infinity at index 2"), m);
  }

  @Test
  void aNonFiniteRegressionTargetNamesTheRow() {
    List<Row> rows = good(12);
    rows.set(5, RowFactory.create(Vectors.dense(1, 2, 3), Double.NEGATIVE_INFINITY));
    String m = packError(rows, Packer.Task.REGRESSION, 6, 6);
    assertTrue(m.contains("row 5") && m.contains("label is -Infinity"), m);
  }

  @Test
  void featureVectorsOfVaryingLengthAreRefusedWithinAndAcrossPartitions() {
    List<Row> rows = good(20);
    rows.set(4, RowFactory.create(Vectors.dense(1, 2), 0.0));
    String m = packError(rows, Packer.Task.CLASSIFICATION, 10, 10);
    assertTrue(m.contains("row 4") && m.contains("2 features") && m.contains("have 3"), m);
    // the first row of the second partition differs: found when the partitions are compared
    rows = good(20);
    for (int i = 10; i < 20; i++) {
      rows.set(i, RowFactory.create(Vectors.dense(1, 2, 3, 4), 0.0));
    }
    m = packError(rows, Packer.Task.CLASSIFICATION, 10, 10);
    assertTrue(m.contains("row 10") && m.contains("4 features") && m.contains("have 3"), m);
  }

  @Test
  void classLabelsMustBeWholeNonNegativeNumbers() {
    List<Row> rows = good(9);
    rows.set(7, RowFactory.create(Vectors.dense(1, 2, 3), 2.5));
    String m = packError(rows, Packer.Task.CLASSIFICATION, 9);
    assertTrue(m.contains("row 7") && m.contains("2.5 is not a class id"), m);
    rows.set(7, RowFactory.create(Vectors.dense(1, 2, 3), -1.0));
    m = packError(rows, Packer.Task.CLASSIFICATION, 4, 5);
    assertTrue(m.contains("row 7") && m.contains("-1.0 is not a class id"), m);
  }

  @Test
  void aLabelAtOrAboveTheConfiguredClassCountIsRefused() {
    PackedData<float[]> data = Packer.pack(TestFrames.partitioned(good(9), 9), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F32, 0, "training data");
    try {
      Architecture two = Architecture.of(new int[] {3, 4, 2}, Activation.RELU, Activation.IDENTITY,
          Loss.CROSS_ENTROPY);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Trainer<>(SparkTestSession.jsc(), data, null, two, new TrainConfig(), null, null));
      assertTrue(e.getMessage().contains("label 2") && e.getMessage().contains("2 classes"), e.getMessage());
    } finally {
      data.unpersist();
    }
  }

  @Test
  void anEmptyDataSetIsAClearError() {
    StructType schema = TestFrames.SCHEMA;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Packer.pack(SparkTestSession.get().createDataFrame(new ArrayList<Row>(), schema),
            "features", "label", Packer.Task.CLASSIFICATION, Kernels.F32, 2, "training data"));
    assertEquals("training data is empty: it has no rows", e.getMessage());
  }

  @Test
  void wrongColumnsAreNamed() {
    StructType schema = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.DoubleType);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Packer.pack(SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a", 1.0)), schema),
            "features", "label", Packer.Task.CLASSIFICATION, Kernels.F32, 0, "training data"));
    assertTrue(e.getMessage().contains("column 'features' is string") && e.getMessage().contains("VectorAssembler"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Packer.pack(TestFrames.partitioned(good(3), 3),
        "features", "target", Packer.Task.CLASSIFICATION, Kernels.F32, 0, "training data"));
    assertTrue(e.getMessage().contains("no label column 'target'"), e.getMessage());
  }
}
