package io.sparkmlp.gradcheck;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Workspace;
import io.sparkmlp.report.Heatmaps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The seed's gradient-checking experiment, in float64: one tanh layer 128 → 27 whose output
 * Y = tanh(X·W + b) is the logits of the cross-entropy, B = 32, with X, W, b ~ N(0, 1) and
 * t uniform in [0, 27), all drawn from one seeded generator.
 *
 * <p>The closed-form gradients of the engine — dY (eq. 6), dZ (eq. 2), dX (eq. 3), dW (eq. 4),
 * db (eq. 5) — are each checked against central finite differences ({@link FiniteDifference}),
 * an independent reference: dW, db and dX by perturbing θ and X through the whole network; dY by
 * perturbing Y in the loss alone; dZ by perturbing Z in L(tanh(Z)). The table has the seed's rows
 * y, z, x, w, b (the tensor whose gradient is checked).
 */
public final class SeedExperiment {
  public static final int B = 32;
  public static final int D = 128;
  public static final int N = 27;
  /** The default seed of the random draws. */
  public static final long DEFAULT_SEED = 42;
  /**
   * The largest mean |row sum| of ∂L/∂Y accepted; softmax rows sum to 1 so each row of
   * (softmax − δ)/B sums to 0 up to float64 rounding, about 1e-18 here.
   */
  public static final double ROW_SUM_TOLERANCE = 1e-12;

  private SeedExperiment() {}

  /**
   * What the experiment found.
   *
   * @param table closed form vs finite differences, rows y, z, x, w, b
   * @param relativeErrors {@link FiniteDifference#relativeError} per row, in table order
   * @param meanAbsRowSum mean over b of |Σ_j ∂L/∂Y[b, j]|
   * @param dy ∂L/∂Y (B×N, row-major) from the engine
   * @param labels the class ids t (B)
   */
  public record Result(long seed, double loss, ComparisonTable table,
      Map<String, Double> relativeErrors, double meanAbsRowSum, double[] dy, int[] labels) {

    /** Every row approx, every relative error ≤ 1e-6 and the row sums ≈ 0. */
    public boolean passed() {
      return table.passed() && meanAbsRowSum <= ROW_SUM_TOLERANCE
          && relativeErrors.values().stream().allMatch(e -> e <= FiniteDifference.TOLERANCE);
    }

    /** The table and the checks under it, as printed by the gradcheck job. */
    public String report() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "seed experiment: B=%d, d=%d, N=%d, tanh, cross_entropy,"
          + " seed=%d; closed form (engine, float64) vs central differences (h=%.0e)%n",
          B, D, N, seed, FiniteDifference.STEP));
      sb.append(String.format(Locale.ROOT, "loss = %.6f%n", loss));
      sb.append(table.format());
      sb.append(String.format(Locale.ROOT, "mean |row sum of dL/dy| = %.2e (y.grad.sum(dim=1).abs()"
          + ".mean(); expected <= %.0e)%n", meanAbsRowSum, ROW_SUM_TOLERANCE));
      sb.append("relative error max|a-n|/max(|a|,|n|):");
      relativeErrors.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2e", k, v)));
      sb.append(String.format(Locale.ROOT, " (expected <= %.0e)%n", FiniteDifference.TOLERANCE));
      return sb.toString();
    }
  }

  /** The architecture of the experiment: 128 → 27, tanh, cross-entropy on y = tanh(z). */
  public static Architecture architecture() {
    return new Architecture(new int[] {D, N}, new Activation[] {Activation.TANH},
        Loss.CROSS_ENTROPY);
  }

  /** Runs the experiment with the draws of {@code seed}. */
  public static Result run(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Architecture arch = architecture();
    int[] t = new int[B];
    Arrays.setAll(t, i -> rng.nextInt(N));
    double[] x = gaussian(rng, B * D);
    // θ = [W (128×27, row-major), b (27)], both N(0, 1) as in the seed
    double[] theta = gaussian(rng, arch.numParams());

    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Workspace<double[]> ws = workspace(net, x, t);
    double[] grad = new double[arch.numParams()];
    net.zeroGradient(grad);
    double loss = net.lossSumAndGradient(theta, ws, B, 1.0 / B, grad) / B;

    double h = FiniteDifference.STEP;
    double[] noTargets = new double[0];
    ToDoubleFunction<double[]> ofY = FiniteDifference.meanLossOfOutput(Loss.CROSS_ENTROPY, B, N, t, noTargets);
    ToDoubleFunction<double[]> ofZ = FiniteDifference.meanLossOfPreActivation(Activation.TANH,
        Loss.CROSS_ENTROPY, B, N, t, noTargets);
    ToDoubleFunction<double[]> ofX = FiniteDifference.meanLossOfInput(net, theta, ws, B);
    ToDoubleFunction<double[]> ofTheta = FiniteDifference.meanLossOfTheta(net, ws, B);
    int w0 = arch.weightOffset(0);
    int b0 = arch.biasOffset(0);

    Map<String, double[][]> pairs = new LinkedHashMap<>();
    pairs.put("y", new double[][] {ws.dy(0).clone(), FiniteDifference.central(ofY, ws.y(0).clone(), h)});
    pairs.put("z", new double[][] {ws.dz(0).clone(), FiniteDifference.central(ofZ, ws.z(0).clone(), h)});
    pairs.put("x", new double[][] {ws.dx().clone(), FiniteDifference.central(ofX, x.clone(), h)});
    pairs.put("w", new double[][] {Arrays.copyOfRange(grad, w0, w0 + D * N),
        FiniteDifference.central(ofTheta, theta.clone(), w0, D * N, h)});
    pairs.put("b", new double[][] {Arrays.copyOfRange(grad, b0, b0 + N),
        FiniteDifference.central(ofTheta, theta.clone(), b0, N, h)});

    Map<String, Double> rel = new LinkedHashMap<>();
    ComparisonTable table = new ComparisonTable(pairs.entrySet().stream().map(e -> {
      rel.put(e.getKey(), FiniteDifference.relativeError(e.getValue()[0], e.getValue()[1]));
      return Comparison.of(e.getKey(), e.getValue()[0], e.getValue()[1]);
    }).toList());
    double[] dy = ws.dy(0).clone();
    return new Result(seed, loss, table, rel, meanAbsRowSum(dy, B, N), dy, t);
  }

  /**
   * The seed's figure into {@code png} (width×height pixels): B·∂L/∂Y (left, with a colorbar)
   * beside −onehot(t) (right), grayscale, rows B and columns N.
   */
  public static void writeFigure(Result r, Path png, int width, int height) throws IOException {
    double[] scaled = new double[B * N];
    double[] negOneHot = new double[B * N];
    for (int i = 0; i < B * N; i++) {
      scaled[i] = B * r.dy()[i];
    }
    for (int b = 0; b < B; b++) {
      negOneHot[b * N + r.labels()[b]] = -1;
    }
    Heatmaps.writePng(png, List.of(
        new Heatmaps.Panel(scaled, B, N, "B · ∂L/∂y", "N", "B", true),
        new Heatmaps.Panel(negOneHot, B, N, "−onehot(t)", "N", "B", false)), width, height);
  }

  /** mean_b |Σ_j m[b, j]| of a rows×cols row-major matrix. */
  static double meanAbsRowSum(double[] m, int rows, int cols) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < cols; c++) {
        s += m[r * cols + c];
      }
      total += Math.abs(s);
    }
    return total / rows;
  }

  private static Workspace<double[]> workspace(Network<double[]> net, double[] x, int[] t) {
    Workspace<double[]> ws = net.newWorkspace(B, true);
    System.arraycopy(x, 0, ws.x, 0, x.length);
    System.arraycopy(t, 0, ws.labels, 0, t.length);
    return ws;
  }

  private static double[] gaussian(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }
}
