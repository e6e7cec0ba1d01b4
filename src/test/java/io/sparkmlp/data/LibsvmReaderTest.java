package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIBSVM through Spark: sparse vectors sized by the largest index, comments, and malformed lines. */
class LibsvmReaderTest extends SparkTestBase {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private Dataset<Row> load(Path p, int numFeatures) {
    return DataLoader.load(spark, p.toString(), new DataOptions().format(DataFormat.LIBSVM).numFeatures(numFeatures));
  }

  @Test
  void sparseVectorsSizedByTheLargestIndexOfTheFile() throws IOException {
    Path p = write("a.libsvm", "# a comment", "1 1:0.5 3:2", "", "0 7:-1", "   ", "2.5", "1\t2:4  5:1e2");
    Dataset<Row> frame = load(p, 0);
    assertEquals(7, LabeledFrames.numFeatures(frame));
    List<Row> rows = rows(frame);
    assertEquals(4, rows.size());
    SparseVector v0 = (SparseVector) features(rows.get(0));
    assertEquals(7, v0.size());
    assertArrayEquals(new int[] {0, 2}, v0.indices());
    assertArrayEquals(new double[] {0.5, 2}, v0.values(), 0.0);
    assertEquals(1.0, label(rows.get(0)), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, -1}, features(rows.get(1)).toArray(), 0.0);
    assertEquals(2.5, label(rows.get(2)), 0.0);
    assertEquals(0, ((SparseVector) features(rows.get(2))).indices().length);
    assertEquals(7, features(rows.get(2)).size());
    assertArrayEquals(new double[] {0, 4, 0, 0, 100, 0, 0}, features(rows.get(3)).toArray(), 0.0);
  }

  @Test
  void withoutLabelsALineMayStartWithItsFirstItemAndALeadingLabelIsNotRead() throws IOException {
    Path p = write("u.libsvm", "1:0.5 3:2", "7 2:4", "x 1:1", "4:1");
    List<Row> rows = rows(DataLoader.load(spark, p.toString(),
        new DataOptions().format(DataFormat.LIBSVM).numFeatures(4).noLabel()));
    assertEquals(4, rows.size());
    assertArrayEquals(new double[] {0.5, 0, 2, 0}, features(rows.get(0)).toArray(), 0.0);
    assertArrayEquals(new double[] {0, 4, 0, 0}, features(rows.get(1)).toArray(), 0.0);
    assertArrayEquals(new double[] {1, 0, 0, 0}, features(rows.get(2)).toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 1}, features(rows.get(3)).toArray(), 0.0);
    for (Row r : rows) {
      assertTrue(Double.isNaN(label(r)));
    }
    // Items are still checked, numbered from the first idx:val of the line.
    Path bad = write("bad.libsvm", "1:1 2:1", "2:1 1:3");
    DataFormatException e = assertThrows(DataFormatException.class, () -> rows(DataLoader.load(spark, bad.toString(),
        new DataOptions().format(DataFormat.LIBSVM).noLabel())));
    assertTrue(e.getMessage().contains(bad + ", line 2, column 'item 2'"), e.getMessage());
    assertTrue(e.getMessage().contains("found index 1 after index 2"), e.getMessage());
    // With labels, a line that starts with an item is a bad label, as before.
    DataFormatException labeled = assertThrows(DataFormatException.class, () -> load(p, 4));
    assertTrue(labeled.getMessage().contains(p + ", line 1, column 'label'"), labeled.getMessage());
  }

  @Test
  void explicitNumFeaturesSizesEveryVector() throws IOException {
    Path p = write("a.svm", "1 1:1", "0 2:1");
    Dataset<Row> frame = load(p, 10);
    assertEquals(10, LabeledFrames.numFeatures(frame));
    assertEquals(10, features(rows(frame).get(1)).size());
  }

  @Test
  void indexAboveNumFeaturesNamesLine() throws IOException {
    Path p = write("a.svm", "1 1:1", "0 2:1 11:3");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 10));
    assertTrue(e.getMessage().contains(p + ", line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("numFeatures = 10, found 11"), e.getMessage());
  }

  @Test
  void badLabelNamesFileLineAndLabel() throws IOException {
    Path p = write("a.libsvm", "1 1:1", "# comment", "x 2:1");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains(p + ", line 3, column 'label'"), e.getMessage());
    assertTrue(e.getMessage().contains("found 'x'"), e.getMessage());
  }

  @Test
  void badPairNamesLineAndItem() throws IOException {
    Path p = write("a.libsvm", "1 1:1", "0 2:1 3-4");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains(p + ", line 2, column 'item 2'"), e.getMessage());
    assertTrue(e.getMessage().contains("expected idx:val, found '3-4'"), e.getMessage());
  }

  @Test
  void badValueNamesLine() throws IOException {
    Path p = write("a.libsvm", "1 1:1 2:zz");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains(p + ", line 1"), e.getMessage());
    assertTrue(e.getMessage().contains("'2:zz'"), e.getMessage());
  }

  @Test
  void nonAscendingIndicesNameLine() throws IOException {
    Path p = write("a.libsvm", "1 1:1", "1 1:1", "0 3:1 2:1");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains(p + ", line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("found index 2 after index 3"), e.getMessage());
  }

  @Test
  void repeatedIndexIsNotAscending() throws IOException {
    Path p = write("a.libsvm", "0 3:1 3:1");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains("found index 3 after index 3"), e.getMessage());
  }

  @Test
  void zeroIndexIsRejectedAsNotOneBased() throws IOException {
    Path p = write("a.libsvm", "0 0:1 3:1");
    DataFormatException e = assertThrows(DataFormatException.class, () -> load(p, 0));
    assertTrue(e.getMessage().contains(p + ", line 1, column 'item 1'"), e.getMessage());
    assertTrue(e.getMessage().contains("1-based"), e.getMessage());
  }

  @Test
  void missingPathIsNamed() {
    String p = dir.resolve("none.libsvm").toString();
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, DataFormat.LIBSVM, null, 0));
    assertTrue(e.getMessage().contains(p) && e.getMessage().contains("no such file"), e.getMessage());
  }
}
