package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving over an existing path, a save that fails half-way, and loading what is not one of our
 * models: each error names the path and what was found.
 */
class MlpSaveLoadTest {
  @TempDir
  Path dir;

  private static MlpClassificationModel model(long seed) {
    Architecture arch = Architecture.of(new int[] {2, 3}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    return new MlpClassificationModel("mlpc_save", arch, Init.initialize(arch, seed));
  }

  @Test
  void savingOverAPathNeedsOverwrite() throws IOException {
    SparkTestSession.get();
    String path = dir.resolve("m").toString();
    model(1).write().save(path);
    IOException e = assertThrows(IOException.class, () -> model(2).write().save(path));
    System.out.println("save over an existing path: " + e.getMessage());
    assertTrue(e.getMessage().contains(path) && e.getMessage().contains("already exists")
        && e.getMessage().contains("overwrite()"), e.getMessage());
    assertArrayEquals(model(1).weights(), MlpClassificationModel.load(path).weights(), "unchanged");
    model(2).write().overwrite().save(path);
    assertArrayEquals(model(2).weights(), MlpClassificationModel.load(path).weights(), "overwritten");
    assertEquals(List.of("m"), names(dir), "no sibling is left behind");
  }

  @Test
  void aSaveThatFailsHalfWayLeavesNothingToLoad() throws IOException {
    SparkSession spark = SparkTestSession.get();
    String path = dir.resolve("crashed").toString();
    MlpClassificationModel m = model(3);
    // the model's metadata/ and data/ are written in full, then the "crash" comes before the end;
    // at that moment (what a killed driver leaves) path does not exist for a load either
    String[] duringSave = new String[1];
    RuntimeException crash = assertThrows(RuntimeException.class, () -> MlpWriter.saveAtomically(spark, path,
        into -> {
          m.internalWriter().saveImpl(into);
          assertTrue(Files.isDirectory(Path.of(java.net.URI.create(into)).resolve("data")));
          duringSave[0] = assertThrows(IllegalArgumentException.class,
              () -> MlpClassificationModel.load(path)).getMessage();
          throw new IllegalStateException("simulated crash after writing " + into);
        }));
    assertTrue(crash.getMessage().startsWith("simulated crash"), crash.getMessage());
    assertTrue(duringSave[0].contains(path) && duringSave[0].contains("does not exist"), duringSave[0]);
    assertFalse(Files.exists(Path.of(path)));
    assertEquals(List.of(), names(dir), "the unfinished sibling is deleted");

    MlpWriter.saveAtomically(spark, path, into -> m.internalWriter().saveImpl(into));
    assertArrayEquals(m.weights(), MlpClassificationModel.load(path).weights(), "a save that ends is loadable");
    assertEquals(List.of("crashed"), names(dir));
  }

  @Test
  void loadingWhatIsNotOurModelNamesThePathAndWhatWasFound() throws IOException {
    SparkSession spark = SparkTestSession.get();
    String lr = dir.resolve("lr").toString();
    LogisticRegressionModel lrModel = new LogisticRegression().setMaxIter(1)
        .fit(MlpTestData.xor(spark, 2));
    lrModel.write().save(lr);
    assertMessage(() -> MlpClassificationModel.load(lr), lr, "holds a org.apache.spark.ml.classification.LogisticRegressionModel");

    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertMessage(() -> MlpClassificationModel.load(empty.toString()), empty.toString(),
        "no metadata/ directory", "found an empty directory");

    Path file = Files.writeString(dir.resolve("random.bin"), "not a model");
    assertMessage(() -> MlpRegressionModel.load(file.toString()), file.toString(), "is a file of 11 bytes");
    assertMessage(() -> MlpClassifier.load(file.toString()), file.toString(), "is a file");

    String newer = dir.resolve("newer").toString();
    model(4).write().save(newer);
    try (Stream<Path> files = Files.list(Path.of(newer, "metadata"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".crc")) {
          Files.delete(f);
        } else if (f.getFileName().toString().startsWith("part-")) {
          Files.writeString(f, Files.readString(f).replace("\"formatVersion\":1", "\"formatVersion\":2"));
        }
      }
    }
    assertMessage(() -> MlpClassificationModel.load(newer), newer, "formatVersion is 2",
        "reads formatVersion 1 only");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable load, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load);
    System.out.println("load: " + e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  /** The names in {@code d}, hidden ones included, sorted. */
  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
