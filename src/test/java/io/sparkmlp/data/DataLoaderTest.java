package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point: IDX frames, the default IDX test set, partition counts and missing paths. */
class DataLoaderTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void idxDirectoryGivesScaledPixelsInFileOrderOverNPartitions() throws IOException {
    IdxFixtures.writePair(dir, "train", 23, 2, 2, true);
    Dataset<Row> frame = DataLoader.load(spark, dir.toString(), null, null, 4);
    assertEquals(4, frame.rdd().getNumPartitions());
    assertEquals(4, LabeledFrames.numFeatures(frame));
    assertEquals(List.of("label", "features"), List.of(frame.columns()));
    List<Row> rows = rows(frame);
    assertEquals(23, rows.size());
    for (int i = 0; i < 23; i++) {
      double[] expected = new double[4];
      for (int j = 0; j < 4; j++) {
        expected[j] = ((7 * i + 3 * j) % 256) / 255.0;
      }
      assertArrayEquals(expected, features(rows.get(i)).toArray(), 0.0, "row " + i);
      assertEquals(i % 10, label(rows.get(i)), 0.0);
      assertTrue(features(rows.get(i)) instanceof DenseVector);
    }
    // partition p holds [p·23/4, (p+1)·23/4): 5, 6, 6, 6 rows
    List<Integer> sizes = frame.javaRDD().glom().map(List::size).collect();
    assertEquals(List.of(5, 6, 6, 6), sizes);
  }

  @Test
  void idxDefaultTestSetIsTheT10kPairWhenPresent() throws IOException {
    IdxFixtures.writePair(dir, "train", 6, 1, 3, false);
    DataOptions options = new DataOptions().numPartitions(2);
    assertFalse(DataLoader.loadDefaultTest(spark, dir.toString(), options).isPresent());
    IdxFixtures.writePair(dir, "t10k", 3, 1, 3, true);
    Optional<Dataset<Row>> test = DataLoader.loadDefaultTest(spark, dir.toString(), options);
    assertTrue(test.isPresent());
    assertEquals(3, test.get().count());
    assertEquals(2.0, label(rows(test.get()).get(2)), 0.0);
  }

  @Test
  void idxImagesFileGivenDirectlyFindsItsLabels() throws IOException {
    IdxFixtures.writePair(dir, "t10k", 3, 1, 2, false);
    Dataset<Row> frame = DataLoader.load(spark, dir.resolve("t10k-images-idx3-ubyte").toString(), DataFormat.IDX, null, 1);
    assertEquals(3, frame.count());
  }

  @Test
  void idxWithoutLabelsReadsTheImagesAloneWithNaNLabels() throws IOException {
    // An images file with no labels file beside it: a labelled read fails, an unlabelled one works.
    IdxFixtures.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFixtures.images(4, 1, 2, IdxFixtures.pixelPattern(4, 2)), false);
    String images = dir.resolve("t10k-images-idx3-ubyte").toString();
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, images, DataFormat.IDX, null, 1));
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());

    DataOptions unlabeled = new DataOptions().format(DataFormat.IDX).numPartitions(2).noLabel();
    List<Row> rows = rows(DataLoader.load(spark, images, unlabeled));
    assertEquals(4, rows.size());
    for (int i = 0; i < 4; i++) {
      assertTrue(Double.isNaN(label(rows.get(i))), "row " + i);
      assertArrayEquals(new double[] {(7 * i) / 255.0, (7 * i + 3) / 255.0}, features(rows.get(i)).toArray(), 0.0);
    }
    // A directory: its train images (none here) when loaded, its t10k images as the default test set.
    DataFormatException noTrain = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, dir.toString(), unlabeled));
    assertTrue(noTrain.getMessage().contains("expected train-images-idx3-ubyte[.gz] in this directory"), noTrain.getMessage());
    Optional<Dataset<Row>> test = DataLoader.loadDefaultTest(spark, dir.toString(), unlabeled);
    assertEquals(4, test.orElseThrow().count());
    DataFormatException noLabels = assertThrows(DataFormatException.class,
        () -> DataLoader.loadDefaultTest(spark, dir.toString(), new DataOptions().format(DataFormat.IDX)));
    assertTrue(noLabels.getMessage().contains("expected t10k-labels-idx1-ubyte[.gz]"), noLabels.getMessage());
  }

  @Test
  void idxDirectoryWithoutTrainPairIsAnError() {
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, dir.toString(), DataFormat.IDX, null, 0));
    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("train-images-idx3-ubyte"),
        e.getMessage());
  }

  @Test
  void fewerAndMorePartitionsThanTheFileSplitsKeepRowOrder() throws IOException {
    StringBuilder sb = new StringBuilder("label,x\n");
    for (int i = 0; i < 500; i++) {
      sb.append(i % 2).append(',').append(i).append('\n');
    }
    Path csv = Files.writeString(dir.resolve("t.csv"), sb);
    for (int n : new int[] {1, 3, 7}) {
      Dataset<Row> frame = DataLoader.load(spark, csv.toString(), null, null, n);
      assertEquals(n, frame.rdd().getNumPartitions());
      double[] x = rows(frame).stream().mapToDouble(r -> features(r).apply(0)).toArray();
      assertEquals(500, x.length);
      for (int i = 0; i < 500; i++) {
        assertEquals(i, x[i], 0.0, "n=" + n + " row " + i);
      }
    }
  }

  @Test
  void missingPathIsNamedForEveryFormat() {
    String p = dir.resolve("missing").toString();
    for (DataFormat f : DataFormat.values()) {
      DataFormatException e = assertThrows(DataFormatException.class, () -> DataLoader.load(spark, p, f, null, 0));
      assertTrue(e.getMessage().contains(p) && e.getMessage().contains("no such file"), f + ": " + e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.load(spark, p, null, null, 0));
    assertTrue(e.getMessage().contains(p), e.getMessage());
  }
}
