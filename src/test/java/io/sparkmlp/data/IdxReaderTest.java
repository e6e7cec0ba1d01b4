package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader without Spark: round trips, and each kind of bad file. */
class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void rawRoundTripGivesExactScaledPixelsAndLabels() throws IOException {
    IdxFixtures.writePair(dir, "train", 5, 2, 3, false);
    IdxDataset d = IdxDataset.read(IdxDataset.findTrain(dir).orElseThrow());
    assertEquals(5, d.size());
    assertEquals(6, d.numFeatures());
    assertEquals(2, d.rows());
    assertEquals(3, d.cols());
    // image 4, pixel 5: (7·4 + 3·5) mod 256 = 43, scaled 43/255
    assertEquals(43 / 255.0, d.features(4)[5], 0.0);
    assertEquals(43, d.rawPixel(4, 5));
    assertEquals(4.0, d.label(4), 0.0);
    assertArrayEquals(new double[] {0, 3 / 255.0, 6 / 255.0, 9 / 255.0, 12 / 255.0, 15 / 255.0}, d.features(0), 0.0);
  }

  @Test
  void gzipRoundTripEqualsRaw() throws IOException {
    Path raw = Files.createDirectory(dir.resolve("raw"));
    Path gz = Files.createDirectory(dir.resolve("gz"));
    IdxFixtures.writePair(raw, "train", 7, 4, 4, false);
    IdxFixtures.writePair(gz, "train", 7, 4, 4, true);
    assertTrue(IdxDataset.findTrain(gz).orElseThrow().images().toString().endsWith(".gz"));
    IdxDataset a = IdxDataset.read(IdxDataset.findTrain(raw).orElseThrow());
    IdxDataset b = IdxDataset.read(IdxDataset.findTrain(gz).orElseThrow());
    for (int i = 0; i < 7; i++) {
      assertArrayEquals(a.features(i), b.features(i), 0.0);
      assertEquals(a.label(i), b.label(i), 0.0);
    }
  }

  @Test
  void highPixelAndLabelBytesAreUnsigned() throws IOException {
    byte[] pixels = {(byte) 255, (byte) 128, 0, 1};
    Path im = IdxFixtures.write(dir.resolve("x-images-idx3-ubyte"), IdxFixtures.images(1, 2, 2, pixels), false);
    Path lb = IdxFixtures.write(dir.resolve("x-labels-idx1-ubyte"), IdxFixtures.labels(1, new byte[] {(byte) 200}), false);
    IdxDataset d = IdxDataset.read(im, lb);
    assertArrayEquals(new double[] {1.0, 128 / 255.0, 0.0, 1 / 255.0}, d.features(0), 0.0);
    assertEquals(200.0, d.label(0), 0.0);
  }

  @Test
  void gzipIsDetectedByMagicBytesNotByName() throws IOException {
    Path im = IdxFixtures.write(dir.resolve("a-images-idx3-ubyte"),
        IdxFixtures.images(2, 1, 2, new byte[] {1, 2, 3, 4}), true);
    assertTrue(IdxReader.isGzip(im));
    IdxReader.Images images = IdxReader.readImages(im);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, images.pixels());
  }

  @Test
  void wrongMagicNamesFileExpectedAndFound() throws IOException {
    // a labels file where an images file is expected
    Path im = IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"),
        IdxFixtures.labels(2, new byte[] {1, 2}), false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(im));
    assertTrue(e.getMessage().contains(im.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("found 0x00000801"), e.getMessage());
  }

  @Test
  void truncatedImagesFileNamesBytesExpectedAndFound() throws IOException {
    byte[] full = IdxFixtures.images(3, 2, 2, IdxFixtures.pixelPattern(3, 4)); // 16 + 12 bytes
    Path im = IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(full, 25), false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(im));
    assertTrue(e.getMessage().contains(im.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected 28 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("found 25"), e.getMessage());
  }

  @Test
  void truncatedGzippedLabelsFileNamesBytesExpectedAndFound() throws IOException {
    byte[] full = IdxFixtures.labels(10, IdxFixtures.labelPattern(10)); // 8 + 10 bytes
    Path lb = IdxFixtures.write(dir.resolve("train-labels-idx1-ubyte.gz"), Arrays.copyOf(full, 14), true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(lb));
    assertTrue(e.getMessage().contains(lb.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected 18 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("found 14"), e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path lb = IdxFixtures.write(dir.resolve("l"), new byte[] {0, 0, 8, 1, 0, 0}, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(lb));
    assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    assertTrue(e.getMessage().contains("found only 2 bytes"), e.getMessage());
  }

  @Test
  void trailingBytesAreReported() throws IOException {
    byte[] full = IdxFixtures.labels(3, new byte[] {1, 2, 3});
    Path lb = IdxFixtures.write(dir.resolve("l"), Arrays.copyOf(full, full.length + 5), false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(lb));
    assertTrue(e.getMessage().contains("expected 11 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("found 16"), e.getMessage());
  }

  @Test
  void countMismatchNamesBothFilesAndBothCounts() throws IOException {
    Path im = IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"),
        IdxFixtures.images(4, 1, 1, new byte[4]), false);
    Path lb = IdxFixtures.write(dir.resolve("train-labels-idx1-ubyte"),
        IdxFixtures.labels(3, new byte[3]), false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxDataset.read(im, lb));
    assertTrue(e.getMessage().contains(im.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(lb.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("4 images and 3 labels"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path im = dir.resolve("nope-images-idx3-ubyte");
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(im));
    assertTrue(e.getMessage().contains(im.toString()) && e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void findTrainAndTestAcrossRawAndGzip() throws IOException {
    assertFalse(IdxDataset.findTrain(dir).isPresent());
    IdxFixtures.writePair(dir, "train", 2, 1, 1, true);
    assertFalse(IdxDataset.findTest(dir).isPresent());
    IdxFixtures.writePair(dir, "t10k", 2, 1, 1, false);
    assertEquals(dir.resolve("train-labels-idx1-ubyte.gz"), IdxDataset.findTrain(dir).orElseThrow().labels());
    assertEquals(dir.resolve("t10k-images-idx3-ubyte"), IdxDataset.findTest(dir).orElseThrow().images());
    assertEquals(dir.resolve("t10k-labels-idx1-ubyte"), IdxDataset.pairFor(dir.resolve("t10k-images-idx3-ubyte")).labels());
  }

  @Test
  void imagesWithoutLabelsNamesTheMissingFile() throws IOException {
    IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"), IdxFixtures.images(1, 1, 1, new byte[1]), false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxDataset.findTrain(dir));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
  }
}
