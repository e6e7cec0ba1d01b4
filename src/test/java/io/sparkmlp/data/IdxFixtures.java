package io.sparkmlp.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
public final class IdxFixtures {
  private IdxFixtures() {}

  /** Bytes of an images file: magic 0x803, count, rows, cols, then {@code pixels} (count·rows·cols bytes). */
  static byte[] images(int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    out.write(pixels);
    return bytes.toByteArray();
  }

  /** Bytes of a labels file: magic 0x801, count, then {@code labels}. */
  static byte[] labels(int count, byte[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000801);
    out.writeInt(count);
    out.write(labels);
    return bytes.toByteArray();
  }

  /** Pixel j of image i is {@code (7·i + 3·j) mod 256}, so every value is known. */
  static byte[] pixelPattern(int count, int perImage) {
    byte[] p = new byte[count * perImage];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < perImage; j++) {
        p[i * perImage + j] = (byte) ((7 * i + 3 * j) % 256);
      }
    }
    return p;
  }

  /** Label of item i is {@code i mod 10}. */
  static byte[] labelPattern(int count) {
    byte[] l = new byte[count];
    for (int i = 0; i < count; i++) {
      l[i] = (byte) (i % 10);
    }
    return l;
  }

  static Path write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  /** Writes {@code <split>-images-idx3-ubyte[.gz]} and {@code <split>-labels-idx1-ubyte[.gz]} with the patterns. */
  public static void writePair(Path dir, String split, int count, int rows, int cols, boolean gzip) throws IOException {
    String gz = gzip ? ".gz" : "";
    write(dir.resolve(split + "-images-idx3-ubyte" + gz),
        images(count, rows, cols, pixelPattern(count, rows * cols)), gzip);
    write(dir.resolve(split + "-labels-idx1-ubyte" + gz), labels(count, labelPattern(count)), gzip);
  }
}
