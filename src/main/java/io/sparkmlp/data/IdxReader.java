package io.sparkmlp.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one IDX file (the MNIST format) into memory, without Spark.
 *
 * <p>Layout, big-endian: a 4-byte magic {@code 0x0000TTDD} (TT = 0x08 for unsigned bytes, DD = the
 * number of dimensions), then DD 4-byte sizes, then the product of the sizes in bytes of data.
 * Images are {@code 0x00000803} (count, rows, cols); labels are {@code 0x00000801} (count).
 * A file is read raw or gzipped; gzip is detected from its first two bytes (0x1f 0x8b), whatever
 * its name. The file must hold exactly the bytes its header announces (uncompressed).
 */
public final class IdxReader {
  /** Magic number of an images file: unsigned bytes, 3 dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of a labels file: unsigned bytes, 1 dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Images as read: {@code pixels} is (count, rows·cols) row-major, one unsigned byte per pixel. */
  public record Images(Path file, int count, int rows, int cols, byte[] pixels) {
    /** Pixels per image, rows·cols. */
    public int pixelsPerImage() {
      return rows * cols;
    }
  }

  /** Labels as read: {@code labels[i]} is the unsigned byte label of item i. */
  public record Labels(Path file, int count, byte[] labels) {}

  private IdxReader() {}

  /**
   * Reads an images file ({@code *-images-idx3-ubyte[.gz]}).
   *
   * @throws DataFormatException naming the file for a missing file, a wrong magic, a bad dimension
   *     header, a truncated file (bytes expected and found) or trailing bytes
   */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in, IMAGES_MAGIC, "an images file (unsigned bytes, 3 dimensions)");
      int count = readSize(file, in, "image count");
      int rows = readSize(file, in, "rows per image");
      int cols = readSize(file, in, "columns per image");
      long dataBytes = (long) count * rows * cols;
      byte[] pixels = readExactly(file, in, 16, dataBytes,
          count + " images of " + rows + "x" + cols + " pixels");
      return new Images(file, count, rows, cols, pixels);
    } catch (IOException e) {
      throw DataFormatException.inFile(file.toString(), "cannot read the IDX images file: " + e);
    }
  }

  /**
   * Reads a labels file ({@code *-labels-idx1-ubyte[.gz]}).
   *
   * @throws DataFormatException naming the file, as {@link #readImages}
   */
  public static Labels readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in, LABELS_MAGIC, "a labels file (unsigned bytes, 1 dimension)");
      int count = readSize(file, in, "label count");
      byte[] labels = readExactly(file, in, 8, count, count + " labels");
      return new Labels(file, count, labels);
    } catch (IOException e) {
      throw DataFormatException.inFile(file.toString(), "cannot read the IDX labels file: " + e);
    }
  }

  /** True when the file starts with the gzip magic bytes 0x1f 0x8b. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw DataFormatException.inFile(file.toString(),
          Files.exists(file) ? "expected an IDX file, found a directory" : "no such file");
    }
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw DataFormatException.inFile(file.toString(), "no such file");
    }
    InputStream in = isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  private static void checkMagic(Path file, DataInputStream in, int expected, String what) throws IOException {
    byte[] head = new byte[4];
    int got = in.readNBytes(head, 0, 4);
    if (got < 4) {
      throw DataFormatException.inFile(file.toString(), "truncated header: expected the 4-byte magic number 0x"
          + hex(expected) + ", found only " + got + " bytes");
    }
    int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    if (magic != expected) {
      throw DataFormatException.inFile(file.toString(), "wrong magic number: expected 0x" + hex(expected)
          + " for " + what + ", found 0x" + hex(magic));
    }
  }

  private static int readSize(Path file, DataInputStream in, String what) throws IOException {
    byte[] b = new byte[4];
    int got = in.readNBytes(b, 0, 4);
    if (got < 4) {
      throw DataFormatException.inFile(file.toString(), "truncated header: expected a 4-byte " + what
          + ", found only " + got + " bytes");
    }
    int size = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (size < 0) {
      throw DataFormatException.inFile(file.toString(), "bad dimension header: expected a non-negative "
          + what + ", found " + size);
    }
    return size;
  }

  /** Reads exactly {@code dataBytes} data bytes and checks that nothing follows them. */
  private static byte[] readExactly(Path file, DataInputStream in, int headerBytes, long dataBytes, String what)
      throws IOException {
    if (dataBytes > Integer.MAX_VALUE - 16) {
      throw DataFormatException.inFile(file.toString(), "the header announces " + what + " = " + dataBytes
          + " bytes: expected at most " + (Integer.MAX_VALUE - 16) + " bytes (one Java array)");
    }
    byte[] data = new byte[(int) dataBytes];
    int got = in.readNBytes(data, 0, data.length);
    if (got < data.length) {
      throw DataFormatException.inFile(file.toString(), "truncated file: the header announces " + what
          + ", so expected " + (headerBytes + dataBytes) + " bytes (uncompressed), found "
          + (headerBytes + got));
    }
    long extra = in.skip(Long.MAX_VALUE);
    while (in.read() >= 0) {
      extra++;
      extra += in.skip(Long.MAX_VALUE);
    }
    if (extra > 0) {
      throw DataFormatException.inFile(file.toString(), "the header announces " + what + ", so expected "
          + (headerBytes + dataBytes) + " bytes (uncompressed), found " + (headerBytes + dataBytes + extra));
    }
    return data;
  }

  private static String hex(int v) {
    return String.format("%08x", v);
  }
}
