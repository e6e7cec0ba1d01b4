package io.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkmlp.gradcheck.FiniteDifference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first layer with X in CSR ({@link SparseRows}, {@link DenseLayer#forwardSparse},
 * {@link DenseLayer#backwardSparse} and the sparse overloads of {@link Network}):
 * <ul>
 *   <li>(a) its gradients against central finite differences in float64, every parameter,
 *       every activation, both losses, per-tensor {@link FiniteDifference#relativeError} ≤ 1e-6;
 *   <li>the same loss, gradients, layer outputs and predictions as the dense path on the CSR
 *       densified into ws.x, normwise ‖a − b‖/‖b‖ ≤ 1e-12 in float64 and ≤ {@link #F32_NORMWISE}
 *       in float32;
 *   <li>a row with no nonzeros, and columns that never occur (their W_0 rows get exactly zero
 *       gradient), the distinct-columns helper, and the rejection of bad CSR.
 * </ul>
 * Every batch here has {@link #EMPTY_ROW} without nonzeros and never uses the columns
 * {@link #UNUSED}. Test points are redrawn until every ReLU-family pre-activation is at least
 * {@link GradientCheckTest#KINK_MARGIN} from 0.
 */
class SparseFirstLayerTest {
  private static final int D0 = 12;
  private static final int[] HIDDEN = {6, 5};
  private static final int K = 3;
  private static final int BATCH = 5;
  private static final int EMPTY_ROW = 2;
  private static final int[] UNUSED = {3, 9};
  private static final double DENSITY = 0.4;
  private static final double F64_NORMWISE = 1e-12;
  /** Sparse float32 against dense float32: only the summation order of Z and dW_0 differs. */
  private static final double F32_NORMWISE = 1e-5;

  private static double maxFiniteDifference;
  private static double maxF64Normwise;
  private static double maxF32Normwise;

  @AfterAll
  static void report() {
    System.out.printf(Locale.ROOT, "sparse first layer: max finite-difference rel error %.2e, max"
        + " sparse-vs-dense normwise %.2e (float64), %.2e (float32)%n", maxFiniteDifference,
        maxF64Normwise, maxF32Normwise);
  }

  static Stream<Arguments> everyActivationLossAndDepth() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation act : Activation.values()) {
      for (Loss loss : Loss.values()) {
        for (int depth = 1; depth <= 3; depth++) {
          cases.add(Arguments.of(act, loss, depth));
        }
      }
    }
    return cases.stream();
  }

  // ---------------------------------------------------------------- (a) finite differences

  @ParameterizedTest(name = "{0} {1} depth={2}")
  @MethodSource("everyActivationLossAndDepth")
  void sparseGradientMatchesCentralDifferences(Activation act, Loss loss, int depth) {
    Architecture arch = architecture(act, loss, depth);
    Batch p = Batch.awayFromKinks(arch);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    SparseRows<double[]> x = p.csr(Kernels.F64);
    Workspace<double[]> ws = p.sparseWorkspace(net);
    double[] grad = new double[arch.numParams()];
    net.zeroGradient(grad);
    double loss0 = net.lossSumAndGradient(p.theta, x, ws, 1.0 / BATCH, grad) / BATCH;

    Workspace<double[]> own = p.sparseWorkspace(net);
    ToDoubleFunction<double[]> meanLoss = theta -> net.lossSum(theta, x, own) / BATCH;
    double[] numeric = FiniteDifference.central(meanLoss, p.theta.clone(), FiniteDifference.STEP);
    String where = act + " " + loss + ", " + arch;
    assertEquals(meanLoss.applyAsDouble(p.theta), loss0, 1e-12 * Math.max(1, Math.abs(loss0)),
        where + " loss");
    List<String> bad = new ArrayList<>();
    for (int l = 0; l < arch.numLayers(); l++) {
      int nw = arch.size(l) * arch.size(l + 1);
      maxFiniteDifference = Math.max(maxFiniteDifference, checkRel(bad, "dW" + l, grad, numeric,
          arch.weightOffset(l), nw, FiniteDifference.TOLERANCE));
      maxFiniteDifference = Math.max(maxFiniteDifference, checkRel(bad, "db" + l, grad, numeric,
          arch.biasOffset(l), arch.size(l + 1), FiniteDifference.TOLERANCE));
    }
    if (!bad.isEmpty()) {
      fail(where + ": " + String.join("; ", bad));
    }
    // the rows of W_0 of columns that never occur: exactly zero, in closed form and numerically
    for (int c : UNUSED) {
      for (int j = 0; j < arch.size(1); j++) {
        int i = arch.weightOffset(0) + c * arch.size(1) + j;
        assertEquals(0.0, grad[i], 0.0, where + " dW0[" + c + ", " + j + "]");
        assertEquals(0.0, numeric[i], 0.0, where + " numeric dW0[" + c + ", " + j + "]");
      }
    }
  }

  @Test
  void mixedActivationsBehindASparseLayer() {
    Activation[] acts = {Activation.RELU, Activation.TANH, Activation.IDENTITY};
    for (Loss loss : Loss.values()) {
      Architecture arch = new Architecture(new int[] {D0, 6, 5, K}, acts, loss);
      Batch p = Batch.awayFromKinks(arch);
      Network<double[]> net = new Network<>(arch, Kernels.F64);
      SparseRows<double[]> x = p.csr(Kernels.F64);
      double[] grad = new double[arch.numParams()];
      net.lossSumAndGradient(p.theta, x, p.sparseWorkspace(net), 1.0 / BATCH, grad);
      Workspace<double[]> own = p.sparseWorkspace(net);
      double[] numeric = FiniteDifference.central(t -> net.lossSum(t, x, own) / BATCH,
          p.theta.clone(), FiniteDifference.STEP);
      List<String> bad = new ArrayList<>();
      for (int l = 0; l < arch.numLayers(); l++) {
        checkRel(bad, "dW" + l, grad, numeric, arch.weightOffset(l), arch.size(l) * arch.size(l + 1),
            FiniteDifference.TOLERANCE);
        checkRel(bad, "db" + l, grad, numeric, arch.biasOffset(l), arch.size(l + 1),
            FiniteDifference.TOLERANCE);
      }
      assertTrue(bad.isEmpty(), loss + ": " + bad);
    }
  }

  // ------------------------------------------------------------------ sparse equals dense

  @ParameterizedTest(name = "{0} {1} depth={2}")
  @MethodSource("everyActivationLossAndDepth")
  void sparseEqualsDenseInFloat64(Activation act, Loss loss, int depth) {
    Architecture arch = architecture(act, loss, depth);
    Batch p = Batch.awayFromKinks(arch);
    double worst = compareSparseWithDense(Kernels.F64, arch, p, F64_NORMWISE, act + " " + loss);
    maxF64Normwise = Math.max(maxF64Normwise, worst);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void sparseEqualsDenseInFloat32(Activation act) {
    for (Loss loss : Loss.values()) {
      Architecture arch = architecture(act, loss, 3);
      Batch p = Batch.awayFromKinks(arch).roundedToFloat();
      double worst = compareSparseWithDense(Kernels.F32, arch, p, F32_NORMWISE, act + " " + loss);
      maxF32Normwise = Math.max(maxF32Normwise, worst);
    }
  }

  /**
   * Loss, every dW_l and db_l, every Y_l and the predictions of the sparse path against the dense
   * path on the densified X, normwise; returns the worst.
   */
  private static <A> double compareSparseWithDense(Kernels<A> k, Architecture arch, Batch p,
      double tol, String what) {
    Network<A> net = new Network<>(arch, k);
    A theta = k.fromDoubles(p.theta);
    Workspace<A> dense = net.newWorkspace(BATCH, false);
    k.copy(k.fromDoubles(p.densified()), 0, dense.x, 0, BATCH * D0);
    p.fillTargets(k, dense);
    A gDense = k.alloc(arch.numParams());
    double lossDense = net.lossSumAndGradient(theta, dense, BATCH, 1.0 / BATCH, gDense);

    Workspace<A> sparse = p.sparseWorkspace(net);
    SparseRows<A> x = p.csr(k);
    A gSparse = k.alloc(arch.numParams());
    double lossSparse = net.lossSumAndGradient(theta, x, sparse, 1.0 / BATCH, gSparse);

    List<String> bad = new ArrayList<>();
    double worst = Math.abs(lossSparse - lossDense) / Math.abs(lossDense);
    if (!(worst <= tol)) {
      bad.add("loss " + lossSparse + " vs " + lossDense);
    }
    double[] gs = toDoubles(k, gSparse);
    double[] gd = toDoubles(k, gDense);
    for (int l = 0; l < arch.numLayers(); l++) {
      int out = arch.size(l + 1);
      worst = Math.max(worst, checkNormwise(bad, "dW" + l, gs, gd, arch.weightOffset(l),
          arch.size(l) * out, tol));
      worst = Math.max(worst, checkNormwise(bad, "db" + l, gs, gd, arch.biasOffset(l), out, tol));
      worst = Math.max(worst, checkNormwise(bad, "Y" + l, toDoubles(k, sparse.y(l)),
          toDoubles(k, dense.y(l)), 0, BATCH * out, tol));
    }
    A predDense = k.alloc(BATCH * K);
    A predSparse = k.alloc(BATCH * K);
    net.predict(theta, dense, BATCH, predDense);
    net.predict(theta, x, sparse, predSparse);
    worst = Math.max(worst, checkNormwise(bad, "predictions", toDoubles(k, predSparse),
        toDoubles(k, predDense), 0, BATCH * K, tol));
    if (!bad.isEmpty()) {
      fail(what + " " + k.precision().id() + ", " + arch + ": " + String.join("; ", bad));
    }
    return worst;
  }

  // ------------------------------------------------- empty row, unused columns, accumulation

  @Test
  void emptyRowGetsTheBiasAndUnusedColumnsKeepTheirGradientBits() {
    Architecture arch = architecture(Activation.TANH, Loss.CROSS_ENTROPY, 2);
    Batch p = Batch.awayFromKinks(arch);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    SparseRows<double[]> x = p.csr(Kernels.F64);
    assertEquals(x.rowPtr()[EMPTY_ROW], x.rowPtr()[EMPTY_ROW + 1], "the fixture's empty row");
    Workspace<double[]> ws = p.sparseWorkspace(net);
    double[] start = new double[arch.numParams()];
    Arrays.setAll(start, i -> 0.001 * (i % 17) - 0.008);
    double[] grad = start.clone();
    net.lossSumAndGradient(p.theta, x, ws, 1.0 / BATCH, grad);

    int h = arch.size(1);
    // (1) for a row without nonzeros Z[b, :] = 0 + b, exactly
    for (int j = 0; j < h; j++) {
      assertEquals(p.theta[arch.biasOffset(0) + j], ws.z(0)[EMPTY_ROW * h + j], 0.0, "Z0[empty, " + j + "]");
    }
    // (4) the W_0 rows of columns that never occur are not touched: same bits as before
    for (int c : UNUSED) {
      int o = arch.weightOffset(0) + c * h;
      assertArrayEquals(Arrays.copyOfRange(start, o, o + h), Arrays.copyOfRange(grad, o, o + h),
          "dW0 row " + c);
    }
    // every used column's row did change
    int[] touched = new int[x.nnz()];
    int n = x.distinctColumns(touched);
    for (int i = 0; i < n; i++) {
      int o = arch.weightOffset(0) + touched[i] * h;
      assertTrue(!Arrays.equals(Arrays.copyOfRange(start, o, o + h), Arrays.copyOfRange(grad, o, o + h)),
          "dW0 row " + touched[i] + " unchanged");
    }
    // accumulation: grad − start is the gradient from zero
    double[] fromZero = new double[arch.numParams()];
    net.lossSumAndGradient(p.theta, x, ws, 1.0 / BATCH, fromZero);
    for (int i = 0; i < grad.length; i++) {
      assertEquals(start[i] + fromZero[i], grad[i], 1e-15, "grad[" + i + "]");
    }
  }

  @Test
  void allRowsEmptyGivesTheBiasNetworkAndNoTouchedRows() {
    Architecture arch = architecture(Activation.SIGMOID, Loss.MSE, 2);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Batch p = Batch.draw(arch, 4);
    SparseRows<double[]> x = new SparseRows<>(Kernels.F64, D0, BATCH, 0);
    for (int b = 0; b < BATCH; b++) {
      x.addRow(new int[0], new double[0], 0, 0);
    }
    Workspace<double[]> ws = p.sparseWorkspace(net);
    double[] grad = new double[arch.numParams()];
    net.lossSumAndGradient(p.theta, x, ws, 1.0 / BATCH, grad);
    for (int i = arch.weightOffset(0); i < arch.biasOffset(0); i++) {
      assertEquals(0.0, grad[i], 0.0, "dW0 element " + i);
    }
    double db = 0;
    for (int j = 0; j < arch.size(1); j++) {
      db = Math.max(db, Math.abs(grad[arch.biasOffset(0) + j]));
    }
    assertTrue(db > 0, "db0 is still driven by the loss");
    assertEquals(0, x.distinctColumns(new int[0]));
  }

  // ---------------------------------------------------------------------- distinct columns

  @Test
  void distinctColumnsAreExactlyTheBatchsColumnsSorted() {
    SplittableRandom rng = new SplittableRandom(11);
    int cols = 1 << 18;
    SparseRows<float[]> x = new SparseRows<>(Kernels.F32, cols, 4, 8);
    int[] out = new int[0];
    for (int round = 0; round < 20; round++) {
      x.clear();
      TreeSet<Integer> expected = new TreeSet<>();
      int rows = 1 + rng.nextInt(40);
      for (int b = 0; b < rows; b++) {
        // few distinct values in a small range, so that rows share columns
        TreeSet<Integer> row = new TreeSet<>();
        int n = b % 7 == 3 ? 0 : rng.nextInt(12);
        int base = rng.nextInt(cols - 64);
        for (int i = 0; i < n; i++) {
          row.add(round % 2 == 0 ? rng.nextInt(30) : base + rng.nextInt(64));
        }
        int[] idx = row.stream().mapToInt(Integer::intValue).toArray();
        x.addRow(idx, new double[idx.length], 0, idx.length);
        expected.addAll(row);
      }
      if (out.length < x.nnz()) {
        out = new int[x.nnz()];
      }
      int n = x.distinctColumns(out);
      assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(),
          Arrays.copyOf(out, n), "round " + round);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> x.distinctColumns(new int[Math.min(x.nnz(), cols) - 1]));
    assertTrue(e.getMessage().contains("at least"), e.getMessage());
  }

  // --------------------------------------------------------------------------- buffers

  @Test
  void refillingWithinCapacityReusesTheBuffersAndGrowingKeepsTheRows() {
    SparseRows<double[]> x = new SparseRows<>(Kernels.F64, 100, 3, 6);
    int[] rowPtr = x.rowPtr();
    int[] colIdx = x.colIdx();
    double[] values = x.values();
    for (int round = 0; round < 3; round++) {
      x.clear();
      x.addRow(new int[] {1, 5}, new double[] {1.5, -2}, 0, 2);
      x.addRow(new int[] {0, 2, 99, 7}, new double[] {9, 3, 4, 8}, 1, 2);
      x.fill(2, new int[] {0, 1, 3}, new int[] {4, 6, 8}, new double[] {1, 2, 3});
    }
    assertSame(rowPtr, x.rowPtr());
    assertSame(colIdx, x.colIdx());
    assertSame(values, x.values());
    assertEquals(2, x.rows());
    assertEquals(3, x.nnz());

    x.addRow(new int[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4}, 0, 4);
    x.addRow(new int[] {50}, new double[] {5}, 0, 1);
    assertNotSame(colIdx, x.colIdx());
    assertEquals(4, x.rows());
    assertArrayEquals(new int[] {0, 1, 3, 7, 8}, Arrays.copyOf(x.rowPtr(), 5));
    assertArrayEquals(new int[] {4, 6, 8, 10, 20, 30, 40, 50}, Arrays.copyOf(x.colIdx(), 8));
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 4, 5}, Arrays.copyOf(x.values(), 8));
  }

  // ----------------------------------------------------------------------- bad input

  @Test
  void badCsrIsRejectedWithTheRowNamed() {
    SparseRows<double[]> x = new SparseRows<>(Kernels.F64, 10, 4, 8);
    double[] v = new double[8];
    assertRejected("row 1: column 10 at position 1 is outside [0, 10)",
        () -> x.fill(2, new int[] {0, 1, 3}, new int[] {2, 4, 10}, v));
    assertRejected("row 0: column -1 at position 0 is outside",
        () -> x.fill(1, new int[] {0, 1}, new int[] {-1}, v));
    assertRejected("row 1: rowPtr not monotone, rowPtr[1] = 3 > rowPtr[2] = 2",
        () -> x.fill(3, new int[] {0, 3, 2, 4}, new int[] {0, 1, 2, 3}, v));
    assertRejected("row 2: column 3 at position 1 follows column 5",
        () -> x.fill(3, new int[] {0, 1, 2, 4}, new int[] {0, 1, 5, 3}, v));
    assertRejected("row 0: column 4 at position 2 follows column 4",
        () -> x.fill(1, new int[] {0, 3}, new int[] {1, 4, 4}, v));
    assertRejected("rowPtr[0] = 0, found 1", () -> x.fill(1, new int[] {1, 2}, new int[] {0, 1}, v));
    assertRejected("nonzeros, but colIdx has 1",
        () -> x.fill(1, new int[] {0, 2}, new int[] {0}, v));
    assertEquals(0, x.rows(), "a rejected fill leaves the batch empty");

    x.addRow(new int[] {1, 2}, v, 0, 2);
    assertRejected("row 1: column 2 at position 1 follows column 7",
        () -> x.addRow(new int[] {7, 2}, v, 0, 2));
    assertRejected("row 1: column 12 at position 0 is outside [0, 10)",
        () -> x.addRow(new int[] {12}, v, 0, 1));
    assertEquals(1, x.rows(), "a rejected row is not appended");
    assertEquals(2, x.nnz());
  }

  @Test
  void mismatchedWidthsAndWorkspacesAreRejected() {
    Architecture arch = architecture(Activation.RELU, Loss.CROSS_ENTROPY, 2);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    double[] theta = new double[arch.numParams()];
    Workspace<double[]> ws = net.newSparseWorkspace(BATCH);
    assertEquals(0, ws.x.length, "a sparse workspace holds no dense X");
    SparseRows<double[]> wide = new SparseRows<>(Kernels.F64, D0 + 1, 1, 1);
    wide.addRow(new int[] {D0}, new double[] {1}, 0, 1);
    assertRejected("expected 12 columns (the layer's input size), found 13",
        () -> net.forward(theta, wide, ws));
    assertRejected("workspace was made for sparse input", () -> net.forward(theta, ws, 1));
    SparseRows<double[]> tooMany = new SparseRows<>(Kernels.F64, D0, BATCH + 1, 0);
    for (int b = 0; b <= BATCH; b++) {
      tooMany.addRow(new int[0], new double[0], 0, 0);
    }
    assertRejected("batch of 6 rows for a workspace of capacity 5",
        () -> net.forward(theta, tooMany, ws));
  }

  /** HashingTF's width: the sparse workspace has no 2^18 × B buffer, and the pass runs. */
  @Test
  void hashingTfWidthTrainsWithoutADenseInput() {
    int d = 1 << 18;
    Architecture arch = new Architecture(new int[] {d, 4, 2},
        new Activation[] {Activation.TANH, Activation.IDENTITY}, Loss.CROSS_ENTROPY);
    Network<float[]> net = new Network<>(arch, Kernels.F32);
    float[] theta = net.kernels().fromDoubles(Init.initialize(arch, 3));
    SparseRows<float[]> x = new SparseRows<>(Kernels.F32, d, 2, 4);
    x.addRow(new int[] {7, 200_000}, new double[] {1, 2}, 0, 2);
    x.addRow(new int[] {7, d - 1}, new double[] {3, 1}, 0, 2);
    Workspace<float[]> ws = net.newSparseWorkspace(2);
    ws.labels[0] = 0;
    ws.labels[1] = 1;
    float[] grad = new float[arch.numParams()];
    double loss = net.lossSumAndGradient(theta, x, ws, 0.5, grad);
    assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
    int[] touched = new int[4];
    int n = x.distinctColumns(touched);
    assertArrayEquals(new int[] {7, 200_000, d - 1}, Arrays.copyOf(touched, n));
    int nonZeroRows = 0;
    for (int r = 0; r < d; r++) {
      for (int j = 0; j < 4; j++) {
        if (grad[r * 4 + j] != 0f) {
          nonZeroRows++;
          assertTrue(Arrays.binarySearch(touched, 0, n, r) >= 0, "dW0 row " + r + " is not touched");
          break;
        }
      }
    }
    assertEquals(3, nonZeroRows);
  }

  // --------------------------------------------------------------- dense path unchanged

  /**
   * Network's dense pass after the refactor equals, bit for bit, the single loop over layers it
   * replaced (written out here: forward l = 0 … L−1 from ws.x, loss, backward l = L−1 … 0).
   */
  @ParameterizedTest
  @EnumSource(Loss.class)
  void densePassIsTheLoopItReplacedBitForBit(Loss loss) {
    Architecture arch = architecture(Activation.GELU, loss, 3);
    Batch p = Batch.draw(arch, 9);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Kernels<double[]> k = Kernels.F64;
    Workspace<double[]> ws = net.newWorkspace(BATCH, true);
    System.arraycopy(p.densified(), 0, ws.x, 0, BATCH * D0);
    p.fillTargets(k, ws);
    double[] grad = new double[arch.numParams()];
    double lossSum = net.lossSumAndGradient(p.theta, ws, BATCH, 1.0 / BATCH, grad);
    double[] dx = ws.dx().clone();

    Workspace<double[]> ref = net.newWorkspace(BATCH, true);
    System.arraycopy(ws.x, 0, ref.x, 0, BATCH * D0);
    p.fillTargets(k, ref);
    double[] refGrad = new double[arch.numParams()];
    List<DenseLayer> layers = net.layers();
    double[] in = ref.x;
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).forward(k, p.theta, in, 0, BATCH, ref.z(l), ref.y(l));
      in = ref.y(l);
    }
    int last = layers.size() - 1;
    double refLoss = k.lossSumAndGradient(loss, ref.y(last), BATCH, K, ref.labels, ref.targets, null,
        1.0 / BATCH, ref.dy(last));
    for (int l = last; l >= 0; l--) {
      layers.get(l).backward(k, p.theta, l == 0 ? ref.x : ref.y(l - 1), 0, BATCH, ref.z(l),
          ref.y(l), ref.dy(l), ref.dz(l), ref.ones, refGrad, l == 0 ? ref.dx() : ref.dy(l - 1));
    }
    assertEquals(Double.doubleToRawLongBits(refLoss), Double.doubleToRawLongBits(lossSum));
    assertArrayEquals(refGrad, grad, 0.0);
    assertArrayEquals(ref.dx(), dx, 0.0);
  }

  // ------------------------------------------------------------------------ helpers

  private static Architecture architecture(Activation act, Loss loss, int depth) {
    int[] sizes = new int[depth + 1];
    sizes[0] = D0;
    for (int l = 1; l < depth; l++) {
      sizes[l] = HIDDEN[l - 1];
    }
    sizes[depth] = K;
    Activation[] acts = new Activation[depth];
    Arrays.fill(acts, act);
    return new Architecture(sizes, acts, loss);
  }

  private static double checkRel(List<String> bad, String name, double[] a, double[] ref, int off,
      int n, double tol) {
    double rel = FiniteDifference.relativeError(a, off, ref, off, n);
    if (!(rel <= tol)) {
      bad.add(String.format(Locale.ROOT, "%s relative error %.2e > %.0e", name, rel, tol));
    }
    return rel;
  }

  /** ‖a − b‖₂ / ‖b‖₂ over [off, off + n) (0 when both are zero); NaN fails. */
  private static double checkNormwise(List<String> bad, String name, double[] a, double[] b,
      int off, int n, double tol) {
    double diff = 0;
    double ref = 0;
    for (int i = off; i < off + n; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      ref += b[i] * b[i];
    }
    double rel = ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
    if (!(rel <= tol)) {
      bad.add(String.format(Locale.ROOT, "%s normwise %.2e > %.0e", name, rel, tol));
    }
    return rel;
  }

  private static <A> double[] toDoubles(Kernels<A> k, A a) {
    double[] d = new double[k.length(a)];
    k.toDoubles(a, d);
    return d;
  }

  private static void assertRejected(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  /**
   * θ, X in CSR (B = {@link #BATCH} rows of {@link #D0}, row {@link #EMPTY_ROW} empty, columns
   * {@link #UNUSED} never set) and the labels or targets.
   */
  record Batch(double[] theta, int[] rowPtr, int[] colIdx, double[] values, int[] labels,
      double[] targets) {
    /** Like {@link GradientCheckTest.Point#draw}, with each allowed x_bk nonzero w.p. DENSITY. */
    static Batch draw(Architecture arch, long seed) {
      GradientCheckTest.Point p = GradientCheckTest.Point.draw(arch, 0, seed);
      SplittableRandom rng = new SplittableRandom(seed * 7919 + 1);
      int[] rowPtr = new int[BATCH + 1];
      List<Integer> cols = new ArrayList<>();
      List<Double> vals = new ArrayList<>();
      for (int b = 0; b < BATCH; b++) {
        for (int c = 0; c < D0; c++) {
          boolean allowed = b != EMPTY_ROW && Arrays.binarySearch(UNUSED, c) < 0;
          if (allowed && rng.nextDouble() < DENSITY) {
            cols.add(c);
            vals.add(rng.nextGaussian());
          }
        }
        rowPtr[b + 1] = cols.size();
      }
      boolean ce = arch.loss().isClassification();
      int[] labels = new int[ce ? BATCH : 0];
      Arrays.setAll(labels, i -> rng.nextInt(K));
      double[] targets = new double[ce ? 0 : BATCH * K];
      Arrays.setAll(targets, i -> rng.nextGaussian());
      return new Batch(p.theta(), rowPtr, cols.stream().mapToInt(Integer::intValue).toArray(),
          vals.stream().mapToDouble(Double::doubleValue).toArray(), labels, targets);
    }

    /** The first batch (seeds 1, 2, …) whose ReLU-family units all have |z| ≥ KINK_MARGIN. */
    static Batch awayFromKinks(Architecture arch) {
      Network<double[]> net = new Network<>(arch, Kernels.F64);
      for (long seed = 1; seed <= 1000; seed++) {
        Batch p = draw(arch, seed);
        Workspace<double[]> ws = p.sparseWorkspace(net);
        net.forward(p.theta, p.csr(Kernels.F64), ws);
        double min = Double.POSITIVE_INFINITY;
        for (int l = 0; l < arch.numLayers(); l++) {
          Activation a = arch.activation(l);
          if (a == Activation.RELU || a == Activation.LEAKY_RELU) {
            for (int i = 0; i < BATCH * arch.size(l + 1); i++) {
              min = Math.min(min, Math.abs(ws.z(l)[i]));
            }
          }
        }
        if (min >= GradientCheckTest.KINK_MARGIN) {
          return p;
        }
      }
      throw new AssertionError("no sparse test point of 1000 keeps every ReLU unit of " + arch
          + " at least " + GradientCheckTest.KINK_MARGIN + " from 0");
    }

    /** The same batch with θ, values and targets rounded to float32, for a precision-neutral comparison. */
    Batch roundedToFloat() {
      return new Batch(round(theta), rowPtr, colIdx, round(values), labels, round(targets));
    }

    <A> SparseRows<A> csr(Kernels<A> k) {
      return SparseRows.of(k, D0, rowPtr, colIdx, values);
    }

    /** X as a dense row-major (B × D0) array. */
    double[] densified() {
      double[] x = new double[BATCH * D0];
      for (int b = 0; b < BATCH; b++) {
        for (int p = rowPtr[b]; p < rowPtr[b + 1]; p++) {
          x[b * D0 + colIdx[p]] = values[p];
        }
      }
      return x;
    }

    <A> Workspace<A> sparseWorkspace(Network<A> net) {
      Workspace<A> ws = net.newSparseWorkspace(BATCH);
      fillTargets(net.kernels(), ws);
      return ws;
    }

    <A> void fillTargets(Kernels<A> k, Workspace<A> ws) {
      System.arraycopy(labels, 0, ws.labels, 0, labels.length);
      k.copy(k.fromDoubles(targets), 0, ws.targets, 0, targets.length);
    }

    private static double[] round(double[] v) {
      double[] r = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        r[i] = (float) v[i];
      }
      return r;
    }
  }
}
