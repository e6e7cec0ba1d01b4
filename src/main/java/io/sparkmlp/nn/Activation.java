package io.sparkmlp.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * Element-wise activations φ with their diagonal Jacobian φ′ (seed eq. 2), in both precisions.
 *
 * <p>Each kind implements two kernels per precision, over one row-major span:
 * <ul>
 *   <li>{@code forward}: z ← z + b (bias broadcast over the row), y ← φ(z), one fused pass
 *       (eq. 1 after its GEMM);
 *   <li>{@code backward}: dz ← dy ⊙ φ′(z), with φ′ read from z or y, whichever is cheaper
 *       (eq. 2). dz may be the same array as dy.
 * </ul>
 * Scalar math is done in double; float32 rounds once on store.
 */
public enum Activation {
  IDENTITY("identity") {
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = v; }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = v; }
    }
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      System.arraycopy(dy, o, dz, o, n);
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      System.arraycopy(dy, o, dz, o, n);
    }
    @Override public double value(double z) { return z; }
  },

  RELU("relu") {
    // Branch-free: on activations of either sign, a "v > 0 ? v : 0" branch is mispredicted about
    // half the time; with it a 784-300-100-10 pass at B=1024 ran at 83% of its GEMMs' GFLOP/s
    // (float32, one thread), without it at 95%. max(v, +0) maps -0 to +0 and keeps NaN, so a
    // diverged step stays visible.
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = Math.max(v, 0.0); }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = Math.max(v, 0f); }
    }
    // φ′(z) = 1 for z > 0, else 0; read from y = max(z, +0), which is > 0 exactly where z > 0 and
    // otherwise +0, whose bit pattern is 0: the mask is all ones where y's bits are non-zero.
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) {
        long yb = Double.doubleToRawLongBits(y[i]);
        long mask = (yb | -yb) >> 63;
        dz[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(dy[i]) & mask);
      }
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) {
        int yb = Float.floatToRawIntBits(y[i]);
        int mask = (yb | -yb) >> 31;
        dz[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
      }
    }
    @Override public double value(double z) { return z > 0 ? z : 0.0; }
  },

  LEAKY_RELU("leaky_relu") {
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = v > 0 ? v : LEAKY_SLOPE * v; }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = v > 0 ? v : (float) LEAKY_SLOPE * v; }
    }
    // φ′(z) = 1 for z > 0, else the slope 0.01
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = z[i] > 0 ? dy[i] : LEAKY_SLOPE * dy[i]; }
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = z[i] > 0 ? dy[i] : (float) LEAKY_SLOPE * dy[i]; }
    }
    @Override public double value(double z) { return z > 0 ? z : LEAKY_SLOPE * z; }
  },

  TANH("tanh") {
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = Math.tanh(v); }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = (float) Math.tanh(v); }
    }
    // φ′(z) = 1 − tanh²(z) = 1 − y²
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = dy[i] * (1.0 - y[i] * y[i]); }
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = dy[i] * (1f - y[i] * y[i]); }
    }
    @Override public double value(double z) { return Math.tanh(z); }
  },

  SIGMOID("sigmoid") {
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = sigmoid(v); }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = (float) sigmoid(v); }
    }
    // φ′(z) = σ(z)(1 − σ(z)) = y(1 − y)
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = dy[i] * y[i] * (1.0 - y[i]); }
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = dy[i] * y[i] * (1f - y[i]); }
    }
    @Override public double value(double z) { return sigmoid(z); }
  },

  GELU("gelu") {
    @Override public void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { double v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = v * Erf.normalCdf(v); }
    }
    @Override public void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n) {
      for (int i = 0; i < n; i++) { float v = z[zo + i] + b[bo + i]; z[zo + i] = v; y[yo + i] = (float) (v * Erf.normalCdf(v)); }
    }
    // φ(z) = z·Φ(z), so φ′(z) = Φ(z) + z·N(z), with N the standard normal density
    @Override public void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = dy[i] * geluDerivative(z[i]); }
    }
    @Override public void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n) {
      for (int i = o; i < o + n; i++) { dz[i] = (float) (dy[i] * geluDerivative(z[i])); }
    }
    @Override public double value(double z) { return z * Erf.normalCdf(z); }
  };

  /** The negative slope of {@link #LEAKY_RELU}, as in PyTorch's default. */
  public static final double LEAKY_SLOPE = 0.01;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  /** The name used in configs, Params and reference specs, e.g. {@code "leaky_relu"}. */
  public String id() {
    return id;
  }

  /** z[zo+i] ← z[zo+i] + b[bo+i]; y[yo+i] ← φ(z[zo+i]) for i &lt; n (one row of eq. 1). */
  public abstract void forward(double[] z, int zo, double[] b, int bo, double[] y, int yo, int n);

  /** float32 twin of the double forward. */
  public abstract void forward(float[] z, int zo, float[] b, int bo, float[] y, int yo, int n);

  /** dz[i] ← dy[i]·φ′(z[i]) for i in [o, o+n), with y = φ(z) (eq. 2). dz may alias dy. */
  public abstract void backward(double[] z, double[] y, double[] dy, double[] dz, int o, int n);

  /** float32 twin of the double backward. */
  public abstract void backward(float[] z, float[] y, float[] dy, float[] dz, int o, int n);

  /** φ(z) for one scalar; for tests and reporting, not for hot loops. */
  public abstract double value(double z);

  /** He initialisation suits the ReLU family; Xavier/Glorot suits the rest. */
  public boolean usesHeInit() {
    return this == RELU || this == LEAKY_RELU || this == GELU;
  }

  /** The kind named {@code name} (case-insensitive, '-' taken as '_'). */
  public static Activation fromName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Activation a : values()) {
      if (a.id.equals(key)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
        + Arrays.stream(values()).map(Activation::id).toList());
  }

  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  static double geluDerivative(double z) {
    return Erf.normalCdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }
}
