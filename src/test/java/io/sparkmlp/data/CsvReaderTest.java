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
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV through Spark: values, order, partitions, and each malformed line named by file, line and column. */
class CsvReaderTest extends SparkTestBase {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private Dataset<Row> load(Path p, String labelCol, int n) {
    return DataLoader.load(spark, p.toString(), DataFormat.CSV, labelCol, n);
  }

  private DataFormatException bad(Path p, String labelCol) {
    return assertThrows(DataFormatException.class, () -> load(p, labelCol, 0));
  }

  @Test
  void happyPathLabelInTheMiddleAndQuotedHeader() throws IOException {
    Path p = write("iris.csv", "\"a\", y ,b", "1.5,0,2", "-3,2,4e-1", "", "  7 , 1 , \"8\" ");
    List<Row> rows = rows(load(p, "y", 0));
    assertEquals(3, rows.size());
    assertEquals(0.0, label(rows.get(0)), 0.0);
    assertArrayEquals(new double[] {1.5, 2}, features(rows.get(0)).toArray(), 0.0);
    assertEquals(2.0, label(rows.get(1)), 0.0);
    assertArrayEquals(new double[] {-3, 0.4}, features(rows.get(1)).toArray(), 0.0);
    assertArrayEquals(new double[] {7, 8}, features(rows.get(2)).toArray(), 0.0);
    assertTrue(features(rows.get(0)) instanceof DenseVector);
    assertEquals(2, LabeledFrames.numFeatures(load(p, "y", 0)));
  }

  /** Many lines over several partitions: exact order, exact partition count, and a bad line deep in the file. */
  @Test
  void withoutALabelColumnEveryColumnIsAFeatureAndTheLabelNaN() throws IOException {
    Path p = write("score.csv", "a,y,b", "1.5,0,2", "-3,2,4e-1");
    List<Row> rows = rows(DataLoader.load(spark, p.toString(), new DataOptions().noLabel()));
    assertEquals(2, rows.size());
    assertTrue(Double.isNaN(label(rows.get(0))));
    assertArrayEquals(new double[] {1.5, 0, 2}, features(rows.get(0)).toArray(), 0.0);
    assertArrayEquals(new double[] {-3, 2, 0.4}, features(rows.get(1)).toArray(), 0.0);
    // a bad field is still named by line and column
    Path bad = write("score-bad.csv", "a,b", "1,2", "3,x");
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> rows(DataLoader.load(spark, bad.toString(), new DataOptions().noLabel())));
    assertTrue(e.getMessage().contains("line 3, column 'b'"), e.getMessage());
  }

  @Test
  void orderPartitionsAndLineNumbersAcrossPartitions() throws IOException {
    List<String> lines = new ArrayList<>(List.of("label,x,z"));
    for (int i = 0; i < 3000; i++) {
      lines.add((i % 3) + "," + i + "," + (i * 0.5));
    }
    Path p = Files.write(dir.resolve("big.csv"), lines);
    Dataset<Row> frame = load(p, "label", 5);
    assertEquals(5, frame.rdd().getNumPartitions());
    List<Row> rows = rows(frame);
    assertEquals(3000, rows.size());
    for (int i = 0; i < 3000; i++) {
      assertEquals(i, features(rows.get(i)).apply(0), 0.0, "row " + i);
      assertEquals(i % 3, label(rows.get(i)), 0.0);
    }
    // line 2501 is data row 2500, far past the first of 5 splits
    lines.set(2500, "1,2500,oops");
    Path q = Files.write(dir.resolve("bad-big.csv"), lines);
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(q, "label", 5));
    assertEquals(2501, e.record(), e.getMessage());
    assertTrue(e.getMessage().contains("bad-big.csv, line 2501, column 'z'"), e.getMessage());
  }

  @Test
  void directoryOfFilesIsReadInNameOrderEachWithItsHeader() throws IOException {
    Path d = Files.createDirectory(dir.resolve("parts"));
    Files.write(d.resolve("part-00001.csv"), List.of("label,f", "1,30", "1,40"));
    Files.write(d.resolve("part-00000.csv"), List.of("label,f", "0,10", "0,20"));
    Files.write(d.resolve("_SUCCESS"), List.of());
    List<Row> rows = rows(DataLoader.load(spark, d.toString(), null, null, 0));
    double[] f = rows.stream().mapToDouble(r -> features(r).apply(0)).toArray();
    assertArrayEquals(new double[] {10, 20, 30, 40}, f, 0.0);
  }

  @Test
  void nonNumericValueNamesFileLineAndColumn() throws IOException {
    Path p = write("train.csv", "label,x1,x2", "0,1,2", "1,abc,3");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("column 'x1'"), e.getMessage());
    assertTrue(e.getMessage().contains("found 'abc'"), e.getMessage());
  }

  @Test
  void emptyFieldNamesFileLineAndColumn() throws IOException {
    Path p = write("train.csv", "label,x1,x2", "0,1,2", "", "1,5,");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p + ", line 4, column 'x2'"), e.getMessage());
    assertTrue(e.getMessage().contains("empty field"), e.getMessage());
  }

  @Test
  void tooFewFieldsNamesTheFirstMissingColumn() throws IOException {
    Path p = write("train.csv", "label,x1,x2", "0,1");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p + ", line 2, column 'x2'"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 3 fields"), e.getMessage());
    assertTrue(e.getMessage().contains("found 2"), e.getMessage());
  }

  @Test
  void tooManyFieldsNamesLineAndCounts() throws IOException {
    Path p = write("train.csv", "label,x1,x2", "0,1,2", "0,1,2", "0,1,2,9");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p + ", line 4"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 3 fields as in the header, found 4"), e.getMessage());
    assertTrue(e.getMessage().contains("'x2'"), e.getMessage());
  }

  @Test
  void nonFiniteValueIsRejected() throws IOException {
    Path p = write("train.csv", "label,x1", "NaN,1");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p + ", line 2, column 'label'"), e.getMessage());
  }

  @Test
  void missingLabelColumnListsTheColumnsFound() throws IOException {
    Path p = write("train.csv", "target,x1,x2", "0,1,2");
    DataFormatException e = bad(p, "label");
    assertTrue(e.getMessage().contains(p + ", line 1"), e.getMessage());
    assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("target, x1, x2"), e.getMessage());
  }

  @Test
  void emptyFileAndHeaderOnlyFileAreErrors() throws IOException {
    Path empty = write("empty.csv");
    assertTrue(bad(empty, "label").getMessage().contains("found an empty file"));
    Path headerOnly = write("h.csv", "label,x");
    DataFormatException e = bad(headerOnly, "label");
    assertTrue(e.getMessage().contains("h.csv") && e.getMessage().contains("found none"), e.getMessage());
  }

  @Test
  void gzippedCsvIsReadThroughItsCodec() throws IOException {
    Path p = dir.resolve("t.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("label,x\n1,2\n0,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    List<Row> rows = rows(DataLoader.load(spark, p.toString(), null, null, 0));
    assertEquals(2, rows.size());
    assertEquals(3.0, features(rows.get(1)).apply(0), 0.0);
  }

  /** A file Spark cannot decode fails inside a task; the caller still gets the file named, not only a job failure. */
  @Test
  void corruptGzipNamesTheFileNotOnlyASparkFailure() throws IOException {
    Path p = dir.resolve("t.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("label,x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(new byte[100_000]);
    }
    byte[] bytes = Files.readAllBytes(p);
    Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length - 30));
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, "label", 0));
    assertTrue(e.getMessage().startsWith(p + ": cannot read"), e.getMessage());
  }

  @Test
  void missingPathIsNamed() {
    String p = dir.resolve("no-such.csv").toString();
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, DataFormat.CSV, null, 0));
    assertTrue(e.getMessage().contains(p) && e.getMessage().contains("no such file"), e.getMessage());
  }
}
