package io.sparkmlp.gradcheck;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link ReferenceCase} through the closed-form engine in float64 and compares every
 * tensor with PyTorch's: the loss, then for each layer i the forward values y{i}, z{i} and the
 * gradients dy{i}, dz{i}, dw{i}, db{i}, then dx. See {@link Comparison} for what each column means.
 */
public final class ReferenceCheck {
  private ReferenceCheck() {}

  /** The table for {@code c}; it passes when every row is approx (allclose, rtol 1e-5, atol 1e-8). */
  public static ComparisonTable run(ReferenceCase c) {
    Architecture arch = c.architecture();
    int batch = c.batch();
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Workspace<double[]> ws = net.newWorkspace(batch, true);
    System.arraycopy(c.x(), 0, ws.x, 0, c.x().length);
    System.arraycopy(c.labels(), 0, ws.labels, 0, c.labels().length);
    System.arraycopy(c.targets(), 0, ws.targets, 0, c.targets().length);
    double[] theta = c.theta();
    double[] grad = new double[arch.numParams()];
    net.zeroGradient(grad);
    // L = (1/B)·Σ_b ℓ_b; grad ← ∂L/∂θ (scale 1/B), every workspace buffer filled for the batch
    double loss = net.lossSumAndGradient(theta, ws, batch, 1.0 / batch, grad) / batch;

    List<Comparison> rows = new ArrayList<>();
    rows.add(Comparison.of("loss", loss, c.loss()));
    for (int l = 0; l < arch.numLayers(); l++) {
      int w0 = arch.weightOffset(l);
      int b0 = arch.biasOffset(l);
      int out = arch.size(l + 1);
      rows.add(Comparison.of("y" + l, ws.y(l), c.y(l)));
      rows.add(Comparison.of("z" + l, ws.z(l), c.z(l)));
      rows.add(Comparison.of("dy" + l, ws.dy(l), c.dy(l)));
      rows.add(Comparison.of("dz" + l, ws.dz(l), c.dz(l)));
      rows.add(Comparison.of("dw" + l, Arrays.copyOfRange(grad, w0, w0 + arch.size(l) * out), c.dw(l)));
      rows.add(Comparison.of("db" + l, Arrays.copyOfRange(grad, b0, b0 + out), c.db(l)));
    }
    rows.add(Comparison.of("dx", ws.dx(), c.dx()));
    return new ComparisonTable(rows);
  }
}
