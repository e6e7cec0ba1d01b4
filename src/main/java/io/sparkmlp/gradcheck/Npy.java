package io.sparkmlp.gradcheck;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files, format versions 1.0 and 2.0, little-endian, C order, with the dtypes
 * {@code <f8}, {@code <f4}, {@code <i8} and {@code <i4}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length
 * (uint16 little-endian for 1.0, uint32 for 2.0), a Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (32, 128), }} padded with spaces and a
 * newline so that the data starts on a 64-byte boundary, then the elements in C order.
 *
 * <p>Every error is a {@link NpyFormatException} (an {@link IOException}) whose message names the
 * file and says what was expected and what was found.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern FORTRAN =
      Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** The element types this reader handles, with their NumPy {@code descr}. */
  public enum DType {
    F8("<f8", 8), F4("<f4", 4), I8("<i8", 8), I4("<i4", 4);

    private final String descr;
    private final int bytes;

    DType(String descr, int bytes) {
      this.descr = descr;
      this.bytes = bytes;
    }

    /** NumPy's type string, e.g. {@code <f8}. */
    public String descr() { return descr; }

    /** Bytes per element. */
    public int bytes() { return bytes; }

    /** The dtype whose descr is {@code descr}, or null. */
    static DType of(String descr) {
      for (DType t : values()) {
        if (t.descr.equals(descr)) {
          return t;
        }
      }
      return null;
    }
  }

  /** A malformed, unsupported or unexpected {@code .npy} file; the message names the file. */
  public static final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String message) {
      super(file + ": " + message);
    }
  }

  private Npy() {}

  /** Reads the whole file. Throws {@link NpyFormatException} for a missing or malformed file. */
  public static NpyArray read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NpyFormatException(file, "missing file: expected a .npy file here, found nothing");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int dataStart = checkPreamble(file, buf);
    String header = new String(bytes, buf.position(), dataStart - buf.position(),
        StandardCharsets.ISO_8859_1);
    DType dtype = parseDtype(file, header);
    int[] shape = parseShape(file, header);
    long n = count(shape);
    long need = n * dtype.bytes();
    long found = bytes.length - (long) dataStart;
    if (found != need) {
      throw new NpyFormatException(file, (found < need ? "truncated data" : "trailing bytes")
          + ": expected " + need + " data bytes for " + dtype.descr() + " " + shapeString(shape)
          + ", found " + found);
    }
    buf.position(dataStart);
    return decode(file, buf, dtype, shape);
  }

  /**
   * Reads the file and checks that its shape is {@code expected}; {@code what} says what the
   * shape is made of (e.g. "(batch, layers[0].in)") for the message.
   */
  public static NpyArray read(Path file, String what, int... expected) throws IOException {
    NpyArray a = read(file);
    if (!a.hasShape(expected)) {
      throw new NpyFormatException(file, "wrong shape: expected " + shapeString(expected)
          + (what == null || what.isEmpty() ? "" : " " + what) + ", found " + a.shapeString());
    }
    return a;
  }

  /** Writes {@code a} in format 1.0 (2.0 if the header would not fit), replacing the file. */
  public static void write(Path file, NpyArray a) throws IOException {
    String dict = "{'descr': '" + a.dtype().descr() + "', 'fortran_order': False, 'shape': "
        + shapeString(a.shape()) + ", }";
    int v1Pre = MAGIC.length + 2 + 2;
    boolean v2 = v1Pre + dict.length() + 1 > 65535;
    int pre = v2 ? v1Pre + 2 : v1Pre;
    int total = pre + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - total) + "\n";
    long dataBytes = (long) a.size() * a.dtype().bytes();
    ByteBuffer buf = ByteBuffer.allocate((int) (padded + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
    if (v2) {
      buf.putInt(header.length());
    } else {
      buf.putShort((short) header.length());
    }
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    encode(file, buf, a);
    Files.write(file, buf.array());
  }

  /** Product of the dimensions (1 for a scalar). */
  static long count(int[] shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** The shape as NumPy prints it: {@code ()}, {@code (27,)}, {@code (32, 128)}. */
  public static String shapeString(int... shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  /** Checks magic and version; leaves buf at the header start and returns the data start. */
  private static int checkPreamble(Path file, ByteBuffer buf) throws NpyFormatException {
    byte[] magic = new byte[MAGIC.length];
    if (buf.remaining() < MAGIC.length + 4) {
      throw new NpyFormatException(file, "bad magic: expected a .npy file starting with \\x93NUMPY,"
          + " found only " + buf.remaining() + " bytes");
    }
    buf.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new NpyFormatException(file, "bad magic: expected \\x93NUMPY, found "
          + printable(magic) + " (not a .npy file)");
    }
    int major = buf.get() & 0xff;
    int minor = buf.get() & 0xff;
    long headerLen;
    if (major == 1) {
      headerLen = buf.getShort() & 0xffff;
    } else if (major == 2 && buf.remaining() >= 4) {
      headerLen = buf.getInt() & 0xffffffffL;
    } else {
      throw new NpyFormatException(file, "unsupported .npy format version " + major + "." + minor
          + ": expected 1.0 or 2.0");
    }
    long dataStart = buf.position() + headerLen;
    if (dataStart > buf.limit()) {
      throw new NpyFormatException(file, "truncated header: expected " + headerLen
          + " header bytes, found " + buf.remaining());
    }
    return (int) dataStart;
  }

  private static DType parseDtype(Path file, String header) throws NpyFormatException {
    Matcher d = DESCR.matcher(header);
    if (!d.find()) {
      throw new NpyFormatException(file, "bad header: expected a 'descr' entry, found " + header.trim());
    }
    DType dtype = DType.of(d.group(1));
    if (dtype == null) {
      throw new NpyFormatException(file, "unsupported dtype '" + d.group(1) + "': expected one of "
          + Arrays.stream(DType.values()).map(DType::descr).toList()
          + " (little-endian float64, float32, int64, int32)");
    }
    Matcher f = FORTRAN.matcher(header);
    if (!f.find()) {
      throw new NpyFormatException(file, "bad header: expected a 'fortran_order' entry, found "
          + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new NpyFormatException(file, "fortran_order is True: expected C order (False);"
          + " save with numpy.ascontiguousarray");
    }
    return dtype;
  }

  private static int[] parseShape(Path file, String header) throws NpyFormatException {
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new NpyFormatException(file, "bad header: expected a 'shape' tuple, found " + header.trim());
    }
    List<Integer> dims = new ArrayList<>();
    long n = 1;
    for (String part : m.group(1).split(",")) {
      String p = part.trim().toUpperCase(Locale.ROOT).replace("L", "");
      if (p.isEmpty()) {
        continue;
      }
      long v;
      try {
        v = Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new NpyFormatException(file, "bad shape: expected non-negative integers, found ("
            + m.group(1) + ")");
      }
      n *= Math.max(v, 1);
      if (v < 0 || v > MAX_ELEMENTS || n > MAX_ELEMENTS) {
        throw new NpyFormatException(file, "bad shape (" + m.group(1) + "): expected at most "
            + MAX_ELEMENTS + " elements in all, each dimension >= 0");
      }
      dims.add((int) v);
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  private static NpyArray decode(Path file, ByteBuffer buf, DType dtype, int[] shape) {
    int n = (int) count(shape);
    switch (dtype) {
      case F8: {
        double[] d = new double[n];
        buf.asDoubleBuffer().get(d);
        return NpyArray.fromFile(file, dtype, shape, d, null);
      }
      case F4: {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = buf.getFloat();
        }
        return NpyArray.fromFile(file, dtype, shape, d, null);
      }
      case I8: {
        long[] l = new long[n];
        buf.asLongBuffer().get(l);
        return NpyArray.fromFile(file, dtype, shape, null, l);
      }
      default: {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = buf.getInt();
        }
        return NpyArray.fromFile(file, dtype, shape, null, l);
      }
    }
  }

  private static void encode(Path file, ByteBuffer buf, NpyArray a) throws NpyFormatException {
    switch (a.dtype()) {
      case F8 -> { for (double v : a.doubles()) { buf.putDouble(v); } }
      case F4 -> { for (double v : a.doubles()) { buf.putFloat((float) v); } }
      case I8 -> { for (long v : a.longs()) { buf.putLong(v); } }
      case I4 -> {
        for (long v : a.longs()) {
          if (v != (int) v) {
            throw new NpyFormatException(file, "cannot write " + v + " as <i4: expected values in"
                + " the int32 range");
          }
          buf.putInt((int) v);
        }
      }
      default -> throw new IllegalStateException(a.dtype().toString());
    }
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.toString();
  }
}
