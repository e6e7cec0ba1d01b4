package io.sparkmlp.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The losses on the last layer's output S (B×K, row-major), with L = (1/B)·Σ_b ℓ_b, or with
 * sample weights L = Σ_b w_b·ℓ_b / Σ_b w_b.
 *
 * <p>{@code sumAndGradient} returns the <b>sum</b> Σ_b w_b·ℓ_b over the rows it is given and
 * writes dS = scale·∂(Σ_b w_b·ℓ_b)/∂S (w_b = 1 without weights). A single process asking for
 * ∂L/∂S passes scale = 1/B (or 1/Σw); an executor computing its share of a distributed batch
 * passes scale = 1 and the driver divides once, by B or by the batch's Σ_b w_b.
 * dS may be the same array as S.
 * <ul>
 *   <li>{@link #CROSS_ENTROPY}: ℓ_b = −s_{b,t_b} + log Σ_k e^{s_{b,k}} with a stable log-sum-exp,
 *       and dS = scale·(softmax(S) − δ), seed eq. (6). Targets are class ids in [0, K).
 *   <li>{@link #MSE}: ℓ_b = (1/K)·Σ_k (s_{b,k} − t_{b,k})², so L is the mean over all B·K
 *       elements, and dS = scale·(2/K)·(S − T). Targets are a B×K row-major matrix.
 * </ul>
 */
public enum Loss {
  CROSS_ENTROPY("cross_entropy") {
    @Override
    public double sumAndGradient(double[] s, int rows, int k, int[] labels, double[] targets,
        double[] weights, double scale, double[] ds) {
      double sum = 0.0;
      for (int r = 0, o = 0; r < rows; r++, o += k) {
        int t = checkLabel(labels[r], k, r);
        double w = weights == null ? 1.0 : weights[r];
        if (w == 0.0) {
          Arrays.fill(ds, o, o + k, 0.0);
          continue;
        }
        double max = s[o];
        for (int j = 1; j < k; j++) { max = Math.max(max, s[o + j]); }
        double sumExp = 0.0;
        for (int j = 0; j < k; j++) { sumExp += Math.exp(s[o + j] - max); }
        sum += w * (max + Math.log(sumExp) - s[o + t]);
        // (6) dS[b, j] = scale·w_b·(softmax(s_b)_j − δ_{j, t_b})
        double rs = scale * w;
        for (int j = 0; j < k; j++) { ds[o + j] = rs * (Math.exp(s[o + j] - max) / sumExp); }
        ds[o + t] -= rs;
      }
      return sum;
    }

    @Override
    public double sumAndGradient(float[] s, int rows, int k, int[] labels, float[] targets,
        double[] weights, double scale, float[] ds) {
      double sum = 0.0;
      for (int r = 0, o = 0; r < rows; r++, o += k) {
        int t = checkLabel(labels[r], k, r);
        double w = weights == null ? 1.0 : weights[r];
        if (w == 0.0) {
          Arrays.fill(ds, o, o + k, 0f);
          continue;
        }
        double max = s[o];
        for (int j = 1; j < k; j++) { max = Math.max(max, s[o + j]); }
        double sumExp = 0.0;
        for (int j = 0; j < k; j++) { sumExp += Math.exp(s[o + j] - max); }
        double st = s[o + t];
        sum += w * (max + Math.log(sumExp) - st);
        // (6) dS[b, j] = scale·w_b·(softmax(s_b)_j − δ_{j, t_b})
        double rs = scale * w;
        for (int j = 0; j < k; j++) { ds[o + j] = (float) (rs * (Math.exp(s[o + j] - max) / sumExp)); }
        ds[o + t] = (float) (rs * (Math.exp(st - max) / sumExp - 1.0));
      }
      return sum;
    }

    @Override
    public void output(double[] s, int rows, int k, double[] p) {
      for (int o = 0; o < rows * k; o += k) { softmaxRow(s, o, k, p); }
    }

    @Override
    public void output(float[] s, int rows, int k, float[] p) {
      double[] row = new double[k];
      for (int o = 0; o < rows * k; o += k) {
        for (int j = 0; j < k; j++) { row[j] = s[o + j]; }
        softmaxRow(row, 0, k, row);
        for (int j = 0; j < k; j++) { p[o + j] = (float) row[j]; }
      }
    }
  },

  MSE("mse") {
    @Override
    public double sumAndGradient(double[] s, int rows, int k, int[] labels, double[] targets,
        double[] weights, double scale, double[] ds) {
      double sum = 0.0;
      double g = scale * 2.0 / k;
      for (int r = 0, i = 0; r < rows; r++) {
        double w = weights == null ? 1.0 : weights[r];
        double gw = g * w;
        for (int end = i + k; i < end; i++) {
          double e = s[i] - targets[i];
          sum += w * (e * e);
          ds[i] = gw * e; // dS = scale·w_b·(2/K)·(S − T)
        }
      }
      return sum / k;
    }

    @Override
    public double sumAndGradient(float[] s, int rows, int k, int[] labels, float[] targets,
        double[] weights, double scale, float[] ds) {
      double sum = 0.0;
      double g = scale * 2.0 / k;
      for (int r = 0, i = 0; r < rows; r++) {
        double w = weights == null ? 1.0 : weights[r];
        double gw = g * w;
        for (int end = i + k; i < end; i++) {
          double e = (double) s[i] - targets[i];
          sum += w * (e * e);
          ds[i] = (float) (gw * e); // dS = scale·w_b·(2/K)·(S − T)
        }
      }
      return sum / k;
    }

    @Override
    public void output(double[] s, int rows, int k, double[] p) {
      System.arraycopy(s, 0, p, 0, rows * k);
    }

    @Override
    public void output(float[] s, int rows, int k, float[] p) {
      System.arraycopy(s, 0, p, 0, rows * k);
    }
  };

  private final String id;

  Loss(String id) {
    this.id = id;
  }

  /** The name used in configs, Params and reference specs. */
  public String id() {
    return id;
  }

  /**
   * Returns Σ_b w_b·ℓ_b over the first {@code rows} rows of S (rows×k) and writes
   * dS = scale·w_b·∂ℓ_b/∂S (rows×k). Cross-entropy reads {@code labels[0..rows)}; MSE reads
   * {@code targets} (rows×k). {@code weights[0..rows)} are the rows' sample weights (finite,
   * ≥ 0), or null for w_b = 1. Weights of 1 give the bits that null gives (x·1 = x), and a row
   * of weight 0 adds nothing to the sum and gets dS = 0 whatever its ℓ.
   */
  public abstract double sumAndGradient(double[] s, int rows, int k, int[] labels,
      double[] targets, double[] weights, double scale, double[] ds);

  /** float32 twin; the loss sum is accumulated in double. */
  public abstract double sumAndGradient(float[] s, int rows, int k, int[] labels,
      float[] targets, double[] weights, double scale, float[] ds);

  /** Unweighted: {@link #sumAndGradient(double[], int, int, int[], double[], double[], double, double[])} with w_b = 1. */
  public final double sumAndGradient(double[] s, int rows, int k, int[] labels, double[] targets,
      double scale, double[] ds) {
    return sumAndGradient(s, rows, k, labels, targets, null, scale, ds);
  }

  /** Unweighted float32 twin. */
  public final double sumAndGradient(float[] s, int rows, int k, int[] labels, float[] targets,
      double scale, float[] ds) {
    return sumAndGradient(s, rows, k, labels, targets, null, scale, ds);
  }

  /** The prediction for each row: softmax probabilities for cross-entropy, S itself for MSE. */
  public abstract void output(double[] s, int rows, int k, double[] p);

  /** float32 twin of {@link #output(double[], int, int, double[])}. */
  public abstract void output(float[] s, int rows, int k, float[] p);

  /** True when targets are class ids (cross-entropy), false when they are a K-vector (MSE). */
  public boolean isClassification() {
    return this == CROSS_ENTROPY;
  }

  /** The loss named {@code name} (case-insensitive, '-' taken as '_'). */
  public static Loss fromName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Loss l : values()) {
      if (l.id.equals(key)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of "
        + Arrays.stream(values()).map(Loss::id).toList());
  }

  private static int checkLabel(int t, int k, int row) {
    if (t < 0 || t >= k) {
      throw new IllegalArgumentException("label " + t + " in batch row " + row
          + " is outside the " + k + " classes [0, " + k + ")");
    }
    return t;
  }

  /** p[o..o+k) = softmax(s[o..o+k)), stable; p may alias s. */
  static void softmaxRow(double[] s, int o, int k, double[] p) {
    double max = s[o];
    for (int j = 1; j < k; j++) { max = Math.max(max, s[o + j]); }
    double sum = 0.0;
    for (int j = 0; j < k; j++) { double e = Math.exp(s[o + j] - max); p[o + j] = e; sum += e; }
    for (int j = 0; j < k; j++) { p[o + j] /= sum; }
  }
}
