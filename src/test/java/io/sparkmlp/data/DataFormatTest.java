package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format names and inference from paths, without Spark. */
class DataFormatTest {
  @TempDir Path dir;

  @Test
  void fromNameIsCaseInsensitiveAndListsValidNamesOnError() {
    assertEquals(DataFormat.IDX, DataFormat.fromName("idx"));
    assertEquals(DataFormat.LIBSVM, DataFormat.fromName("LibSVM"));
    assertEquals(DataFormat.LIBSVM, DataFormat.fromName("svm"));
    assertEquals(DataFormat.PARQUET, DataFormat.fromName(" parquet "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.fromName("json"));
    assertTrue(e.getMessage().contains("'json'") && e.getMessage().contains("idx, libsvm, csv, parquet"), e.getMessage());
  }

  @Test
  void infersFilesByExtension() throws IOException {
    assertEquals(DataFormat.LIBSVM, DataFormat.infer(Files.createFile(dir.resolve("a.libsvm")).toString()));
    assertEquals(DataFormat.LIBSVM, DataFormat.infer(Files.createFile(dir.resolve("a.SVM")).toString()));
    assertEquals(DataFormat.CSV, DataFormat.infer(Files.createFile(dir.resolve("a.csv")).toString()));
    assertEquals(DataFormat.CSV, DataFormat.infer(Files.createFile(dir.resolve("a.csv.gz")).toString()));
    assertEquals(DataFormat.PARQUET, DataFormat.infer(Files.createFile(dir.resolve("a.parquet")).toString()));
    assertEquals(DataFormat.CSV, DataFormat.infer("hdfs://nn:8020/data/train.csv"));
  }

  @Test
  void infersDirectories() throws IOException {
    Path idx = Files.createDirectory(dir.resolve("mnist"));
    IdxFixtures.writePair(idx, "train", 1, 1, 1, true);
    assertEquals(DataFormat.IDX, DataFormat.infer(idx.toString()));
    // Test images alone, without labels (data to predict on): the directory and the file are IDX.
    Path imagesOnly = Files.createDirectory(dir.resolve("to-score"));
    Path images = IdxFixtures.write(imagesOnly.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.images(1, 1, 1, new byte[1]), true);
    assertEquals(DataFormat.IDX, DataFormat.infer(imagesOnly.toString()));
    assertEquals(DataFormat.IDX, DataFormat.infer(images.toString()));
    assertEquals(DataFormat.IDX, DataFormat.infer(Files.createFile(dir.resolve("train-images.idx3-ubyte")).toString()));
    Path pq = Files.createDirectory(dir.resolve("table"));
    Files.createFile(pq.resolve("part-00000-x.snappy.parquet"));
    Files.createFile(pq.resolve("_SUCCESS"));
    assertEquals(DataFormat.PARQUET, DataFormat.infer(pq.toString()));
    assertEquals(DataFormat.PARQUET, DataFormat.infer(pq + "/"));
    Path csv = Files.createDirectory(dir.resolve("csvs"));
    Files.createFile(csv.resolve("a.csv"));
    assertEquals(DataFormat.CSV, DataFormat.infer(csv.toString()));
  }

  @Test
  void unknownAsksForFormat() throws IOException {
    Path txt = Files.createFile(dir.resolve("data.txt"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.infer(txt.toString()));
    assertTrue(e.getMessage().contains(txt.toString()) && e.getMessage().contains("--format"), e.getMessage());
    Path mixed = Files.createDirectory(dir.resolve("mixed"));
    Files.createFile(mixed.resolve("a.csv"));
    Files.createFile(mixed.resolve("b.parquet"));
    e = assertThrows(IllegalArgumentException.class, () -> DataFormat.infer(mixed.toString()));
    assertTrue(e.getMessage().contains("--format"), e.getMessage());
  }

  @Test
  void missingPathIsNamed() {
    String p = dir.resolve("absent.csv").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.infer(p));
    assertTrue(e.getMessage().contains(p) && e.getMessage().contains("no such file"), e.getMessage());
  }
}
