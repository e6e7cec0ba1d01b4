package io.sparkmlp.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void roundTripsEveryDtypeAndShape() throws IOException {
    double[] d = {1.5, -2.25, Math.PI, 0, Double.MIN_VALUE, -1e300};
    assertRoundTrip(NpyArray.ofDoubles(d, 2, 3), "f8.npy");
    assertRoundTrip(NpyArray.ofFloats(new double[] {0.5, -3, 1e-3f}, 3), "f4.npy");
    assertRoundTrip(NpyArray.ofLongs(new long[] {Long.MAX_VALUE, -1, 26}, 3, 1), "i8.npy");
    assertRoundTrip(NpyArray.ofInts(new long[] {Integer.MIN_VALUE, 7}, 2), "i4.npy");
    assertRoundTrip(NpyArray.ofDoubles(new double[] {42}), "scalar.npy");
    assertRoundTrip(NpyArray.ofDoubles(new double[0], 0, 5), "empty.npy");
  }

  @Test
  void writesNumpysOwnHeaderLayout() throws IOException {
    Path f = dir.resolve("a.npy");
    Npy.write(f, NpyArray.ofDoubles(new double[] {1, 2, 3}, 3));
    byte[] b = Files.readAllBytes(f);
    assertEquals(128 + 24, b.length, "64-aligned header, then 3 doubles");
    String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", header.trim());
    assertEquals('\n', header.charAt(header.length() - 1));
  }

  @Test
  void readsTheSharedReferenceFiles() throws IOException {
    Path c = Path.of("src/test/resources/reference-gradients/seed-tanh-ce");
    NpyArray t = Npy.read(c.resolve("t.npy"));
    assertEquals(Npy.DType.I8, t.dtype());
    assertArrayEquals(new int[] {32}, t.shape());
    assertTrue(Arrays.stream(t.longs()).allMatch(v -> v >= 0 && v < 27));
    NpyArray loss = Npy.read(c.resolve("loss.npy"));
    assertEquals(0, loss.ndim());
    assertEquals("()", loss.shapeString());
    assertEquals(1, loss.size());
  }

  @Test
  void readsVersion2Headers() throws IOException {
    byte[] v1 = write(NpyArray.ofDoubles(new double[] {7, 8}, 2));
    int hlen = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
    byte[] v2 = new byte[v1.length + 2];
    System.arraycopy(v1, 0, v2, 0, 6);
    v2[6] = 2;
    v2[8] = (byte) hlen;
    v2[9] = (byte) (hlen >> 8);
    System.arraycopy(v1, 10, v2, 12, v1.length - 10);
    Path f = dir.resolve("v2.npy");
    Files.write(f, v2);
    assertArrayEquals(new double[] {7, 8}, Npy.read(f).doubles());
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nope.npy");
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f.toString(), "missing file");
  }

  @Test
  void badMagicIsNamed() throws IOException {
    Path f = dir.resolve("text.npy");
    Files.writeString(f, "hello, this is not numpy");
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f.toString(), "bad magic",
        "expected \\x93NUMPY");
  }

  @Test
  void unsupportedDtypeSaysWhichAreSupported() throws IOException {
    Path f = rewriteHeader("'<f8'", "'>f8'");
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f.toString(),
        "unsupported dtype '>f8'", "<f8", "<i4");
  }

  @Test
  void fortranOrderIsRejected() throws IOException {
    Path f = rewriteHeader("False", "True ");
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f.toString(),
        "fortran_order is True", "expected C order");
  }

  @Test
  void truncatedDataSaysExpectedAndFoundBytes() throws IOException {
    byte[] full = write(NpyArray.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2));
    Path f = dir.resolve("short.npy");
    Files.write(f, Arrays.copyOf(full, full.length - 5));
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f.toString(),
        "truncated data", "expected 32 data bytes", "(2, 2)", "found 27");
  }

  @Test
  void wrongShapeSaysExpectedAndFound() throws IOException {
    Path f = dir.resolve("m.npy");
    Npy.write(f, NpyArray.ofDoubles(new double[6], 2, 3));
    assertMessage(assertThrows(IOException.class, () -> Npy.read(f, "(batch, d)", 3, 2)),
        f.toString(), "wrong shape", "expected (3, 2) (batch, d)", "found (2, 3)");
  }

  @Test
  void floatArrayIsNotReadAsIntegers() throws IOException {
    Path f = dir.resolve("f.npy");
    Npy.write(f, NpyArray.ofDoubles(new double[] {1}, 1));
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Npy.read(f).longs()),
        f.toString(), "expected an integer dtype", "<f8");
  }

  private void assertRoundTrip(NpyArray a, String name) throws IOException {
    Path f = dir.resolve(name);
    Npy.write(f, a);
    NpyArray b = Npy.read(f);
    assertEquals(a.dtype(), b.dtype(), name);
    assertArrayEquals(a.shape(), b.shape(), name);
    if (a.isFloat()) {
      double[] expect = a.dtype() == Npy.DType.F4 ? roundToFloat(a.doubles()) : a.doubles();
      assertArrayEquals(expect, b.doubles(), 0.0, name);
    } else {
      assertArrayEquals(a.longs(), b.longs(), name);
    }
    assertEquals(0, Files.size(f) - b.size() * (long) b.dtype().bytes() & 63, name + ": data 64-aligned");
  }

  private byte[] write(NpyArray a) throws IOException {
    Path f = dir.resolve("tmp.npy");
    Npy.write(f, a);
    return Files.readAllBytes(f);
  }

  /** A valid 2×2 <f8 file whose header has {@code from} replaced by {@code to} (same length). */
  private Path rewriteHeader(String from, String to) throws IOException {
    byte[] b = write(NpyArray.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2));
    String s = new String(b, StandardCharsets.ISO_8859_1).replace(from, to);
    Path f = dir.resolve("edited.npy");
    Files.write(f, s.getBytes(StandardCharsets.ISO_8859_1));
    return f;
  }

  private static double[] roundToFloat(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }

  static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message should contain '" + p + "': " + e.getMessage());
    }
  }
}
