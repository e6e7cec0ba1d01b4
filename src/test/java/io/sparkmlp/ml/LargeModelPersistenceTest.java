package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * θ is saved as slices of {@link MlpWriter#SLICE} values (one Parquet record of a wide first
 * layer's 33.5M values did not fit a 4 GiB heap): more than one slice loads back bit for bit, and
 * a slice that is missing is named.
 */
class LargeModelPersistenceTest {
  @TempDir
  Path dir;

  @Test
  void aModelOfSeveralSlicesSavesAndLoadsBitForBit() throws Exception {
    Architecture arch = Architecture.of(new int[] {40_000, 30, 3}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    double[] theta = new SplittableRandom(1).doubles(arch.numParams(), -1, 1).toArray();
    assertTrue(theta.length > MlpWriter.SLICE && theta.length <= 2 * MlpWriter.SLICE, "2 slices");
    MlpClassificationModel m = new MlpClassificationModel("mlpc_large", arch, theta);
    String path = dir.resolve("m").toString();
    m.write().save(path);

    java.util.List<Row> rows = SparkTestSession.get().read().parquet(path + "/data")
        .orderBy(MlpWriter.OFFSET_COLUMN).collectAsList();
    assertEquals(2, rows.size());
    assertEquals(0, rows.get(0).getInt(0));
    assertEquals(MlpWriter.SLICE, rows.get(1).getInt(0));
    assertArrayEquals(theta, MlpClassificationModel.load(path).weights());

    // The second slice gone: the reader names where the weights stop.
    SparkTestSession.get().createDataFrame(rows.subList(0, 1), rows.get(0).schema())
        .write().mode("overwrite").parquet(dir.resolve("cut/data").toString());
    java.nio.file.Files.createDirectories(dir.resolve("cut"));
    copy(Path.of(path, "metadata"), dir.resolve("cut/metadata"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlpClassificationModel.load(dir.resolve("cut").toString()));
    assertTrue(e.getMessage().contains("holds " + MlpWriter.SLICE + " weights, but the saved architecture needs "
        + arch.numParams()), e.getMessage());
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    java.nio.file.Files.createDirectories(to);
    try (var files = java.nio.file.Files.list(from)) {
      for (Path f : files.toList()) {
        java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
