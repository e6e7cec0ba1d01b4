package io.sparkmlp.gradcheck;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One array read from (or to be written to) a NumPy {@code .npy} file: its dtype, its shape and
 * its elements in C (row-major) order. Float dtypes hold their values in {@link #doubles()},
 * integer dtypes in {@link #longs()}; the other accessor converts where that is exact.
 *
 * <p>Immutable in shape; the element arrays are shared, not copied.
 */
public final class NpyArray {
  private final Path source;
  private final Npy.DType dtype;
  private final int[] shape;
  private final double[] doubles;
  private final long[] longs;

  private NpyArray(Path source, Npy.DType dtype, int[] shape, double[] doubles, long[] longs) {
    this.source = source;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.doubles = doubles;
    this.longs = longs;
    long n = Npy.count(shape);
    long have = doubles != null ? doubles.length : longs.length;
    if (n != have) {
      throw new IllegalArgumentException("shape " + Npy.shapeString(shape) + " holds " + n
          + " elements but " + have + " were given");
    }
  }

  /** A float64 ({@code <f8}) array of the given shape over {@code data} (not copied). */
  public static NpyArray ofDoubles(double[] data, int... shape) {
    return new NpyArray(null, Npy.DType.F8, shape, data, null);
  }

  /** A float32 ({@code <f4}) array; the values are rounded to float when written. */
  public static NpyArray ofFloats(double[] data, int... shape) {
    return new NpyArray(null, Npy.DType.F4, shape, data, null);
  }

  /** An int64 ({@code <i8}) array of the given shape over {@code data} (not copied). */
  public static NpyArray ofLongs(long[] data, int... shape) {
    return new NpyArray(null, Npy.DType.I8, shape, null, data);
  }

  /** An int32 ({@code <i4}) array; every value must fit an int when written. */
  public static NpyArray ofInts(long[] data, int... shape) {
    return new NpyArray(null, Npy.DType.I4, shape, null, data);
  }

  static NpyArray fromFile(Path source, Npy.DType dtype, int[] shape, double[] doubles, long[] longs) {
    return new NpyArray(source, dtype, shape, doubles, longs);
  }

  /** The file it was read from, or null for an array built in memory. */
  public Path source() { return source; }

  public Npy.DType dtype() { return dtype; }

  public int[] shape() { return shape.clone(); }

  /** Number of dimensions; 0 for a scalar. */
  public int ndim() { return shape.length; }

  /** Number of elements, the product of the shape (1 for a scalar). */
  public int size() { return (int) Npy.count(shape); }

  /** True for {@code <f8} and {@code <f4}. */
  public boolean isFloat() { return doubles != null; }

  /** The elements as doubles: the stored values for float dtypes, converted for integer ones. */
  public double[] doubles() {
    if (doubles != null) {
      return doubles;
    }
    double[] d = new double[longs.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = longs[i];
    }
    return d;
  }

  /** The elements of an integer dtype; throws naming the file for a float dtype. */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalArgumentException(where() + ": expected an integer dtype (<i8 or <i4), found "
          + dtype.descr());
    }
    return longs;
  }

  /** The shape as NumPy prints it, e.g. {@code (32, 128)}, {@code (27,)} or {@code ()}. */
  public String shapeString() { return Npy.shapeString(shape); }

  /** True when the shape equals {@code expected} exactly. */
  public boolean hasShape(int... expected) { return Arrays.equals(shape, expected); }

  private String where() {
    return source == null ? "array" : source.toString();
  }

  @Override
  public String toString() {
    return where() + " " + dtype.descr() + " " + shapeString();
  }
}
