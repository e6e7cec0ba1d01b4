package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet: a vector column as it is, or numeric columns assembled; clear errors otherwise. */
class ParquetReaderTest extends SparkTestBase {
  @TempDir Path dir;

  private String writeOneFile(String name, StructType schema, List<Row> rows) {
    String p = dir.resolve(name).toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p);
    return p;
  }

  private static StructType numericSchema() {
    return new StructType()
        .add("a", DataTypes.IntegerType)
        .add("name", DataTypes.StringType)
        .add("y", DataTypes.LongType)
        .add("b", DataTypes.FloatType)
        .add("c", DataTypes.DoubleType);
  }

  @Test
  void vectorColumnIsTakenAsItIsAndOtherColumnsIgnored() {
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    String p = writeOneFile("vec.parquet", schema, List.of(
        RowFactory.create(7, 1.0, Vectors.sparse(4, new int[] {1, 3}, new double[] {2, 5})),
        RowFactory.create(8, 0.0, Vectors.dense(1, 2, 3, 4))));
    Dataset<Row> frame = DataLoader.load(spark, p, null, null, 0);
    assertEquals(4, LabeledFrames.numFeatures(frame));
    List<Row> rows = rows(frame);
    assertEquals(2, rows.size());
    assertTrue(features(rows.get(0)) instanceof SparseVector);
    assertArrayEquals(new double[] {0, 2, 0, 5}, features(rows.get(0)).toArray(), 0.0);
    assertEquals(1.0, label(rows.get(0)), 0.0);
    assertArrayEquals(new double[] {1, 2, 3, 4}, features(rows.get(1)).toArray(), 0.0);

    // A features column named by the user must be there: no fallback to the numeric columns.
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, new DataOptions().featuresCol("pixels")));
    assertTrue(e.getMessage().contains("expected a vector column 'pixels' (--features-col), found the columns"), e.getMessage());
    assertTrue(e.getMessage().contains("features"), e.getMessage());
  }

  @Test
  void numericColumnsAreAssembledInSchemaOrderWithoutTheLabel() {
    String p = writeOneFile("num.parquet", numericSchema(), List.of(
        RowFactory.create(1, "x", 3L, 0.5f, -2.0),
        RowFactory.create(4, "z", 1L, 1.5f, 9.0)));
    Dataset<Row> frame = DataLoader.load(spark, p, DataFormat.PARQUET, "y", 0);
    assertEquals(3, LabeledFrames.numFeatures(frame));
    List<Row> rows = rows(frame);
    assertEquals(3.0, label(rows.get(0)), 0.0);
    assertArrayEquals(new double[] {1, 0.5, -2}, features(rows.get(0)).toArray(), 0.0);
    assertEquals(1.0, label(rows.get(1)), 0.0);
    assertArrayEquals(new double[] {4, 1.5, 9}, features(rows.get(1)).toArray(), 0.0);
  }

  @Test
  void withoutALabelColumnEveryNumericColumnOrTheVectorIsTheFeatures() {
    String p = writeOneFile("num-nolabel.parquet", numericSchema(), List.of(
        RowFactory.create(1, "x", 3L, 0.5f, -2.0)));
    List<Row> rows = rows(DataLoader.load(spark, p, new DataOptions().format(DataFormat.PARQUET).noLabel()));
    assertTrue(Double.isNaN(label(rows.get(0))));
    assertArrayEquals(new double[] {1, 3, 0.5, -2}, features(rows.get(0)).toArray(), 0.0);

    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
    String v = writeOneFile("vec-nolabel.parquet", schema, List.of(RowFactory.create(7, Vectors.dense(4, 5))));
    rows = rows(DataLoader.load(spark, v, new DataOptions().noLabel()));
    assertTrue(Double.isNaN(label(rows.get(0))));
    assertArrayEquals(new double[] {4, 5}, features(rows.get(0)).toArray(), 0.0);
  }

  @Test
  void nullValueNamesFileRowAndColumn() {
    String p = writeOneFile("nul.parquet", numericSchema(), List.of(
        RowFactory.create(1, "x", 3L, 0.5f, -2.0),
        RowFactory.create(2, "x", 3L, 0.5f, -2.0),
        RowFactory.create(4, "z", 1L, null, 9.0)));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, DataFormat.PARQUET, "y", 0));
    assertTrue(e.getMessage().contains("nul.parquet"), e.getMessage());
    assertTrue(e.getMessage().contains("row 3, column 'b'"), e.getMessage());
    assertTrue(e.getMessage().contains("found null"), e.getMessage());
  }

  @Test
  void neitherVectorNorNumericColumnsListsTheColumnsFound() {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("text", DataTypes.StringType);
    String p = writeOneFile("str.parquet", schema, List.of(RowFactory.create(1.0, "hello")));
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, p, null, null, 0));
    assertTrue(e.getMessage().contains("str.parquet"), e.getMessage());
    assertTrue(e.getMessage().contains("'features'"), e.getMessage());
    assertTrue(e.getMessage().contains("label (double), text (string)"), e.getMessage());
  }

  @Test
  void missingOrNonNumericLabelListsTheColumnsFound() {
    String p = writeOneFile("lab.parquet", numericSchema(), List.of(RowFactory.create(1, "x", 3L, 0.5f, -2.0)));
    DataFormatException missing = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, p, null, null, 0));
    assertTrue(missing.getMessage().contains("expected a label column 'label'"), missing.getMessage());
    assertTrue(missing.getMessage().contains("a (int), name (string), y (bigint), b (float), c (double)"),
        missing.getMessage());
    DataFormatException text = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, p, null, "name", 0));
    assertTrue(text.getMessage().contains("column 'name': expected a numeric label column"), text.getMessage());
  }

  /** Writes rows with x = from..to-1 (label x mod 2) as one Parquet file named {@code name} in {@code target}. */
  private void writeRange(Path target, String name, int from, int to) throws IOException {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("x", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(RowFactory.create((double) (i % 2), (double) i));
    }
    Path tmp = dir.resolve("tmp-" + name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(tmp.toString());
    try (Stream<Path> files = Files.list(tmp)) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.createDirectories(target);
      Files.move(part, target.resolve(name));
    }
  }

  @Test
  void filesOfADirectoryAreConcatenatedInNameOrderNotSizeOrder() throws IOException {
    Path d = dir.resolve("multi");
    writeRange(d, "b.parquet", 5, 405); // the largest: Spark's own scan would read it first
    writeRange(d, "a.parquet", 0, 5);
    writeRange(d, "c.parquet", 405, 410);
    Dataset<Row> frame = DataLoader.load(spark, d.toString(), null, null, 3);
    assertEquals(3, frame.rdd().getNumPartitions());
    double[] x = rows(frame).stream().mapToDouble(r -> features(r).apply(0)).toArray();
    assertEquals(410, x.length);
    for (int i = 0; i < x.length; i++) {
      assertEquals(i, x[i], 0.0, "row " + i);
    }
  }

  @Test
  void missingPathIsNamed() {
    String p = dir.resolve("gone.parquet").toString();
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, DataFormat.PARQUET, null, 0));
    assertTrue(e.getMessage().contains(p) && e.getMessage().contains("no such file"), e.getMessage());
  }
}
