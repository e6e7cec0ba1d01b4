package io.sparkmlp.gradcheck;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Workspace;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences in float64 of the mean loss L = (1/B)·Σ_b ℓ_b, an independent
 * reference for the closed-form gradients of {@code io.sparkmlp.nn}.
 *
 * <p>For a function f and a point v, {@link #central} estimates ∂f/∂v_i as
 * (f(v + h·e_i) − f(v − h·e_i)) / (2h), with error O(h²) from truncation plus about
 * ε·|f|/h from rounding; h = {@link #STEP} = 1e-5 balances the two for float64 at O(1) scales.
 *
 * <p>The agreement measure used everywhere in this package is {@link #relativeError}:
 * <pre>  rel(a, n) = max_i |a_i − n_i| / max(max_i |a_i|, max_i |n_i|, tiny)</pre>
 * computed per tensor (one W_l, one b_l, X, …): the largest absolute deviation relative to the
 * largest magnitude of either tensor. Unlike an element-wise ratio it does not blow up on
 * components that are zero or tiny (saturated tanh, dead ReLU), and unlike a global ratio it
 * cannot hide a small tensor such as a bias behind a large one. A gradient passes when
 * rel ≤ {@link #TOLERANCE} = 1e-6.
 */
public final class FiniteDifference {
  /** The step h of the central differences, in the units of the perturbed values. */
  public static final double STEP = 1e-5;
  /** The largest {@link #relativeError} a closed-form gradient may have against the estimate. */
  public static final double TOLERANCE = 1e-6;
  /** The floor of the denominator of {@link #relativeError}, so that two zero tensors agree. */
  public static final double TINY = Double.MIN_NORMAL;

  private FiniteDifference() {}

  /**
   * Returns n with n[i] = (f(v + h·e_{off+i}) − f(v − h·e_{off+i})) / (2h) for i &lt; len.
   * Perturbs v in place one element at a time and restores each element exactly.
   */
  public static double[] central(ToDoubleFunction<double[]> f, double[] v, int off, int len,
      double h) {
    double[] n = new double[len];
    for (int i = 0; i < len; i++) {
      double saved = v[off + i];
      v[off + i] = saved + h;
      double plus = f.applyAsDouble(v);
      v[off + i] = saved - h;
      double minus = f.applyAsDouble(v);
      v[off + i] = saved;
      n[i] = (plus - minus) / (2 * h);
    }
    return n;
  }

  /** {@link #central} over all of v. */
  public static double[] central(ToDoubleFunction<double[]> f, double[] v, double h) {
    return central(f, v, 0, v.length, h);
  }

  /**
   * θ ↦ L(θ) for the first {@code rows} rows of the batch in {@code ws} (x, and labels or
   * targets), which are copied now into a workspace of the function's own: later changes to ws
   * do not affect it, and calling it does not touch ws.
   */
  public static ToDoubleFunction<double[]> meanLossOfTheta(Network<double[]> net,
      Workspace<double[]> ws, int rows) {
    Workspace<double[]> own = copyBatch(net, ws, rows);
    return theta -> meanLoss(net, theta, own, rows);
  }

  /**
   * X ↦ L(X) for fixed θ, with X (rows × d0, row-major) and the labels or targets of the first
   * {@code rows} rows of {@code ws}, copied now into a workspace of the function's own (calling it
   * does not touch ws).
   */
  public static ToDoubleFunction<double[]> meanLossOfInput(Network<double[]> net, double[] theta,
      Workspace<double[]> ws, int rows) {
    Workspace<double[]> own = copyBatch(net, ws, rows);
    int n = rows * net.architecture().inputSize();
    return x -> {
      System.arraycopy(x, 0, own.x, 0, n);
      return meanLoss(net, theta, own, rows);
    };
  }

  /** S ↦ L(S), the loss alone on the loss input S (rows × k): seed eq. (6)'s function. */
  public static ToDoubleFunction<double[]> meanLossOfOutput(Loss loss, int rows, int k,
      int[] labels, double[] targets) {
    double[] scratch = new double[rows * k];
    return s -> loss.sumAndGradient(s, rows, k, labels, targets, 1.0, scratch) / rows;
  }

  /**
   * Z ↦ L(φ(Z)) for the last layer's pre-activation Z (rows × k), applying φ element-wise with
   * {@link Activation#value}, independently of the engine's vectorised kernels.
   */
  public static ToDoubleFunction<double[]> meanLossOfPreActivation(Activation act, Loss loss,
      int rows, int k, int[] labels, double[] targets) {
    double[] y = new double[rows * k];
    ToDoubleFunction<double[]> ofOutput = meanLossOfOutput(loss, rows, k, labels, targets);
    return z -> {
      for (int i = 0; i < y.length; i++) {
        y[i] = act.value(z[i]);
      }
      return ofOutput.applyAsDouble(y);
    };
  }

  /**
   * rel(a, n) = max_i |a_i − n_i| / max(max_i |a_i|, max_i |n_i|, {@link #TINY}) over
   * a[aOff..aOff+len) and n[nOff..nOff+len). NaN anywhere gives NaN (which fails every check).
   */
  public static double relativeError(double[] a, int aOff, double[] n, int nOff, int len) {
    double diff = 0;
    double scale = TINY;
    for (int i = 0; i < len; i++) {
      double x = a[aOff + i];
      double y = n[nOff + i];
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Double.NaN;
      }
      diff = Math.max(diff, Math.abs(x - y));
      scale = Math.max(scale, Math.max(Math.abs(x), Math.abs(y)));
    }
    return diff / scale;
  }

  /** {@link #relativeError(double[], int, double[], int, int)} over two whole arrays of one length. */
  public static double relativeError(double[] a, double[] n) {
    if (a.length != n.length) {
      throw new IllegalArgumentException("relativeError: lengths differ, " + a.length + " vs "
          + n.length);
    }
    return relativeError(a, 0, n, 0, a.length);
  }

  /** A new workspace of {@code rows} rows holding ws's first rows of x, labels and targets. */
  private static Workspace<double[]> copyBatch(Network<double[]> net, Workspace<double[]> ws,
      int rows) {
    Workspace<double[]> own = net.newWorkspace(rows, false);
    int k = net.architecture().outputSize();
    System.arraycopy(ws.x, 0, own.x, 0, rows * net.architecture().inputSize());
    System.arraycopy(ws.labels, 0, own.labels, 0, own.labels.length);
    System.arraycopy(ws.targets, 0, own.targets, 0, own.targets.length == 0 ? 0 : rows * k);
    return own;
  }

  /** L(θ) = (1/rows)·Σ_b ℓ_b: forward, then the loss with its gradient written to scratch. */
  private static double meanLoss(Network<double[]> net, double[] theta, Workspace<double[]> ws,
      int rows) {
    net.forward(theta, ws, rows);
    int last = net.architecture().numLayers() - 1;
    Loss loss = net.architecture().loss();
    return loss.sumAndGradient(ws.y(last), rows, net.architecture().outputSize(), ws.labels,
        ws.targets, 1.0, ws.dy(last)) / rows;
  }
}
