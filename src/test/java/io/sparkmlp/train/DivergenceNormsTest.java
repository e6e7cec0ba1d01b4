package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.optim.GradientClipping;
import io.sparkmlp.optim.TouchedSpans;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The step's one pass over the gradient ({@link Divergence#check}) gives the bits of the loops it
 * replaced: each layer's norm that of its own sum of squares, and the global sum that of one sum
 * over θ in index order, so the clipped gradient is the same too; dense and row-sparse alike.
 */
class DivergenceNormsTest {
  private static final Architecture ARCH = Architecture.of(new int[] {20, 7, 5, 3}, Activation.TANH,
      Activation.IDENTITY, Loss.CROSS_ENTROPY);

  @Test
  void denseNormsHaveTheBitsOfTheSeparateSums() {
    double[] g = gradient(new Random(7), TouchedSpans.all(ARCH.numParams()));
    assertSameBits(g, TouchedSpans.all(g.length));
  }

  @Test
  void rowSparseNormsHaveTheBitsOfTheSeparateSums() {
    TouchedSpans spans = TouchedSpans.of(new int[] {0, 3, 4, 11, 19}, 20, 7, ARCH.numParams());
    double[] g = gradient(new Random(8), spans);
    assertSameBits(g, spans);
  }

  @Test
  void aNonFiniteLayerIsNamed() {
    double[] g = gradient(new Random(9), TouchedSpans.all(ARCH.numParams()));
    g[ARCH.weightOffset(1) + 2] = Double.NaN;
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> Divergence.check(ARCH, g, TouchedSpans.all(g.length), 0.5, 12, 0.4));
    assertEquals(true, e.getMessage().contains("layer 1 (7→5) is NaN"), e.getMessage());
  }

  private static void assertSameBits(double[] g, TouchedSpans spans) {
    Divergence.Norms n = Divergence.check(ARCH, g, spans, 0.5, 1, 0.5);
    for (int l = 0; l < ARCH.numLayers(); l++) {
      double w = spans.sumOfSquares(g, ARCH.weightOffset(l), ARCH.biasOffset(l));
      assertEquals(Double.doubleToLongBits(Math.sqrt(w)), Double.doubleToLongBits(n.layers()[l]), "layer " + l);
    }
    double total = spans.sumOfSquares(g, 0, g.length);
    assertEquals(Double.doubleToLongBits(total), Double.doubleToLongBits(n.sumOfSquares()));
    // clipping from the pass's sum clips as the two-argument form, which sums again
    double[] a = g.clone(), b = g.clone();
    double max = Math.sqrt(total) / 3;
    double na = GradientClipping.clipGlobalNorm(a, max, spans);
    double nb = GradientClipping.clipGlobalNorm(b, max, spans, n.sumOfSquares());
    assertEquals(Double.doubleToLongBits(na), Double.doubleToLongBits(nb));
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
  }

  /** Values of many magnitudes inside the spans, zero outside. */
  private static double[] gradient(Random r, TouchedSpans spans) {
    double[] all = new double[ARCH.numParams()];
    for (int i = 0; i < all.length; i++) {
      all[i] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
    }
    double[] g = new double[all.length];
    double[] marker = new double[all.length];
    java.util.Arrays.fill(marker, 2.0);
    spans.scale(marker, 0.5); // 1.0 inside the spans, 2.0 outside
    for (int i = 0; i < g.length; i++) {
      g[i] = marker[i] == 1.0 ? all[i] : 0.0;
    }
    return g;
  }
}
