package io.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkmlp.gradcheck.FiniteDifference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test layer (a): the closed-form gradients of the float64 engine against central finite
 * differences of the mean loss L, for every activation, both losses, batches of 1 and 5 and
 * depths 1 to 4, with respect to every parameter (each W_l and b_l) and the input X.
 *
 * <p>Agreement is {@link FiniteDifference#relativeError} per tensor ≤ 1e-6. Test points are
 * drawn again (next seed) until every pre-activation of a ReLU-family layer is at least
 * {@link #KINK_MARGIN} from the kink at 0; the step 1e-5 then moves no Z across it.
 */
class GradientCheckTest {
  /** Input width, hidden widths (the first depth−1 are used), output width. */
  private static final int D0 = 4;
  private static final int[] HIDDEN = {6, 5, 7};
  private static final int K = 3;
  /** Smallest |z| allowed at a ReLU/leaky ReLU unit: 100× the step. */
  static final double KINK_MARGIN = 1e-3;
  /** float32 against float64 on the same float32-representable inputs, same relative error (observed ≤ 3e-7). */
  static final double F32_TOLERANCE = 1e-5;

  static Stream<Arguments> everyActivationLossBatchAndDepth() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation act : Activation.values()) {
      for (Loss loss : Loss.values()) {
        for (int batch : new int[] {1, 5}) {
          for (int depth = 1; depth <= 4; depth++) {
            cases.add(Arguments.of(act, loss, batch, depth));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} B={2} depth={3}")
  @MethodSource("everyActivationLossBatchAndDepth")
  void closedFormMatchesCentralDifferences(Activation act, Loss loss, int batch, int depth) {
    Activation[] acts = new Activation[depth];
    Arrays.fill(acts, act);
    checkAgainstFiniteDifferences(architecture(acts, loss), batch, act + " " + loss);
  }

  @Test
  void mixedActivationsInOneNetwork() {
    Activation[] acts = {Activation.RELU, Activation.GELU, Activation.SIGMOID, Activation.IDENTITY};
    checkAgainstFiniteDifferences(architecture(acts, Loss.CROSS_ENTROPY), 3, "mixed, cross_entropy");
    Activation[] acts2 = {Activation.LEAKY_RELU, Activation.TANH, Activation.IDENTITY};
    checkAgainstFiniteDifferences(architecture(acts2, Loss.MSE), 4, "mixed, mse");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void float32AgreesWithFloat64(Activation act) {
    for (Loss loss : Loss.values()) {
      Activation[] acts = {act, act, act};
      Architecture arch = architecture(acts, loss);
      Point p = Point.draw(arch, 8, 7);
      // the same float32-representable inputs in both precisions, so only the arithmetic differs
      double[] theta = roundToFloat(p.theta);
      double[] x = roundToFloat(p.x);
      double[] targets = roundToFloat(p.targets);
      Grad g64 = engine(Kernels.F64, arch, theta, x, p.labels, targets, 8);
      Grad g32 = engine(Kernels.F32, arch, theta, x, p.labels, targets, 8);
      String what = act + " " + loss;
      assertEquals(g64.loss, g32.loss, F32_TOLERANCE * Math.max(1, Math.abs(g64.loss)), what + " loss");
      assertTensorsClose(arch, g32, g64, F32_TOLERANCE, what + " float32 vs float64");
    }
  }

  /**
   * The gradient of a batch equals the sum of the gradients of its halves, each accumulated into
   * the same array with scale 1/B: backward passes add to dW and db, they do not overwrite.
   */
  @ParameterizedTest
  @EnumSource(Loss.class)
  void halvesOfABatchAccumulateToTheWholeBatchGradient(Loss loss) {
    Activation[] acts = {Activation.TANH, Activation.SIGMOID, Activation.IDENTITY};
    Architecture arch = architecture(acts, loss);
    int batch = 6;
    int half = batch / 2;
    Point p = Point.draw(arch, batch, 5);
    Grad whole = engine(Kernels.F64, arch, p.theta, p.x, p.labels, p.targets, batch);

    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Workspace<double[]> ws = net.newWorkspace(half, false);
    double[] grad = new double[arch.numParams()];
    net.zeroGradient(grad);
    double lossSum = 0;
    int d0 = arch.inputSize();
    int k = arch.outputSize();
    for (int start = 0; start < batch; start += half) {
      System.arraycopy(p.x, start * d0, ws.x, 0, half * d0);
      System.arraycopy(p.labels, Math.min(start, p.labels.length), ws.labels, 0, ws.labels.length);
      System.arraycopy(p.targets, Math.min(start * k, p.targets.length), ws.targets, 0, ws.targets.length);
      lossSum += net.lossSumAndGradient(p.theta, ws, half, 1.0 / batch, grad);
    }
    assertEquals(whole.loss, lossSum / batch, 1e-14 * Math.max(1, Math.abs(whole.loss)));
    List<String> bad = new ArrayList<>();
    for (int l = 0; l < arch.numLayers(); l++) {
      check(bad, "dW" + l, grad, whole.theta, arch.weightOffset(l), arch.size(l) * arch.size(l + 1), 1e-12);
      check(bad, "db" + l, grad, whole.theta, arch.biasOffset(l), arch.size(l + 1), 1e-12);
    }
    assertTrue(bad.isEmpty(), loss + ": " + bad);
  }

  // ------------------------------------------------------------------------------- helpers

  static Architecture architecture(Activation[] acts, Loss loss) {
    int[] sizes = new int[acts.length + 1];
    sizes[0] = D0;
    for (int l = 1; l < acts.length; l++) {
      sizes[l] = HIDDEN[l - 1];
    }
    sizes[acts.length] = K;
    return new Architecture(sizes, acts, loss);
  }

  private static void checkAgainstFiniteDifferences(Architecture arch, int batch, String what) {
    Point p = Point.awayFromKinks(arch, batch);
    Grad closed = engine(Kernels.F64, arch, p.theta, p.x, p.labels, p.targets, batch);

    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Workspace<double[]> ws = fill(net, p.x, p.labels, p.targets, batch);
    double h = FiniteDifference.STEP;
    Grad numeric = new Grad(
        FiniteDifference.meanLossOfTheta(net, ws, batch).applyAsDouble(p.theta),
        FiniteDifference.central(FiniteDifference.meanLossOfTheta(net, ws, batch), p.theta.clone(), h),
        FiniteDifference.central(FiniteDifference.meanLossOfInput(net, p.theta, ws, batch), p.x.clone(), h));
    String where = what + ", B=" + batch + ", " + arch;
    assertEquals(numeric.loss, closed.loss, 1e-12 * Math.max(1, Math.abs(numeric.loss)), where + " loss");
    assertTensorsClose(arch, closed, numeric, FiniteDifference.TOLERANCE, where);
  }

  /** Every W_l, b_l and X of {@code a} against {@code ref}, each by relative error. */
  private static void assertTensorsClose(Architecture arch, Grad a, Grad ref, double tol, String where) {
    List<String> bad = new ArrayList<>();
    for (int l = 0; l < arch.numLayers(); l++) {
      int nw = arch.size(l) * arch.size(l + 1);
      check(bad, "dW" + l, a.theta, ref.theta, arch.weightOffset(l), nw, tol);
      check(bad, "db" + l, a.theta, ref.theta, arch.biasOffset(l), arch.size(l + 1), tol);
    }
    check(bad, "dX", a.x, ref.x, 0, a.x.length, tol);
    if (!bad.isEmpty()) {
      fail(where + ": " + String.join("; ", bad));
    }
  }

  private static void check(List<String> bad, String name, double[] a, double[] ref, int off, int n,
      double tol) {
    double rel = FiniteDifference.relativeError(a, off, ref, off, n);
    if (!(rel <= tol)) {
      bad.add(String.format(Locale.ROOT, "%s relative error %.2e > %.0e", name, rel, tol));
    }
  }

  /** Loss and gradients from the engine in precision {@code k}, returned in float64. */
  static <A> Grad engine(Kernels<A> k, Architecture arch, double[] theta, double[] x, int[] labels,
      double[] targets, int batch) {
    Network<A> net = new Network<>(arch, k);
    Workspace<A> ws = net.newWorkspace(batch, true);
    k.copy(k.fromDoubles(x), 0, ws.x, 0, x.length);
    System.arraycopy(labels, 0, ws.labels, 0, ws.labels.length);
    k.copy(k.fromDoubles(targets), 0, ws.targets, 0, k.length(ws.targets));
    A grad = k.alloc(arch.numParams());
    net.zeroGradient(grad);
    double loss = net.lossSumAndGradient(k.fromDoubles(theta), ws, batch, 1.0 / batch, grad) / batch;
    double[] g = new double[arch.numParams()];
    double[] dx = new double[k.length(ws.dx())];
    k.toDoubles(grad, g);
    k.toDoubles(ws.dx(), dx);
    return new Grad(loss, g, dx);
  }

  private static Workspace<double[]> fill(Network<double[]> net, double[] x, int[] labels,
      double[] targets, int batch) {
    Workspace<double[]> ws = net.newWorkspace(batch, false);
    System.arraycopy(x, 0, ws.x, 0, x.length);
    System.arraycopy(labels, 0, ws.labels, 0, ws.labels.length);
    System.arraycopy(targets, 0, ws.targets, 0, ws.targets.length);
    return ws;
  }

  private static double[] roundToFloat(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }

  /** L and ∂L/∂θ (the Architecture layout) and ∂L/∂X (B×d0). */
  record Grad(double loss, double[] theta, double[] x) {}

  /** A test point: θ, X and the labels (cross-entropy) or targets (mse) of a batch. */
  record Point(double[] theta, double[] x, int[] labels, double[] targets) {
    /** W ~ N(0, 1/in), b ~ N(0, 0.25), X ~ N(0, 1), t uniform or N(0, 1): no saturation. */
    static Point draw(Architecture arch, int batch, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] theta = new double[arch.numParams()];
      for (int l = 0; l < arch.numLayers(); l++) {
        double std = 1 / Math.sqrt(arch.size(l));
        int w0 = arch.weightOffset(l);
        int b0 = arch.biasOffset(l);
        for (int i = w0; i < b0; i++) { theta[i] = std * rng.nextGaussian(); }
        for (int i = b0; i < b0 + arch.size(l + 1); i++) { theta[i] = 0.5 * rng.nextGaussian(); }
      }
      double[] x = new double[batch * arch.inputSize()];
      Arrays.setAll(x, i -> rng.nextGaussian());
      boolean ce = arch.loss().isClassification();
      int[] labels = new int[ce ? batch : 0];
      Arrays.setAll(labels, i -> rng.nextInt(arch.outputSize()));
      double[] targets = new double[ce ? 0 : batch * arch.outputSize()];
      Arrays.setAll(targets, i -> rng.nextGaussian());
      return new Point(theta, x, labels, targets);
    }

    /** The first point (seeds 1, 2, …) whose ReLU-family units all have |z| ≥ KINK_MARGIN. */
    static Point awayFromKinks(Architecture arch, int batch) {
      for (long seed = 1; seed <= 1000; seed++) {
        Point p = draw(arch, batch, seed);
        if (minKinkDistance(arch, p, batch) >= KINK_MARGIN) {
          return p;
        }
      }
      throw new AssertionError("no test point of 1000 keeps every ReLU unit of " + arch
          + " at least " + KINK_MARGIN + " from 0");
    }

    private static double minKinkDistance(Architecture arch, Point p, int batch) {
      Network<double[]> net = new Network<>(arch, Kernels.F64);
      Workspace<double[]> ws = fill(net, p.x, p.labels, p.targets, batch);
      net.forward(p.theta, ws, batch);
      double min = Double.POSITIVE_INFINITY;
      for (int l = 0; l < arch.numLayers(); l++) {
        Activation a = arch.activation(l);
        if (a == Activation.RELU || a == Activation.LEAKY_RELU) {
          for (int i = 0; i < batch * arch.size(l + 1); i++) {
            min = Math.min(min, Math.abs(ws.z(l)[i]));
          }
        }
      }
      return min;
    }
  }

  @Test
  void kinkAvoidanceFindsPointsAwayFromZero() {
    Activation[] acts = {Activation.RELU, Activation.RELU, Activation.RELU, Activation.RELU};
    Architecture arch = architecture(acts, Loss.MSE);
    assertTrue(Point.minKinkDistance(arch, Point.awayFromKinks(arch, 5), 5) >= KINK_MARGIN);
  }
}
