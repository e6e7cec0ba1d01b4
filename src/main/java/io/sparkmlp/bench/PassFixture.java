package io.sparkmlp.bench;

import static io.sparkmlp.linalg.Trans.N;
import static io.sparkmlp.linalg.Trans.T;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.nn.Workspace;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One forward+backward pass of an MLP (ReLU hidden layers, identity logits, cross-entropy) over
 * a batch of B rows, and the same pass's GEMMs alone on buffers of the same shapes, for the
 * kernel benchmarks. The pass keeps dX of the first layer, so both do exactly three GEMMs per
 * layer — forward Z = X·W, backward dW += Xᵀ·dZ and dX = dZ·Wᵀ — that is 6·B·Σ in·out FLOPs.
 *
 * @param <A> double[] or float[]
 */
public final class PassFixture<A> {
  private final Kernels<A> k;
  private final Architecture arch;
  private final Network<A> net;
  private final Workspace<A> ws;
  private final A theta;
  private final A grad;
  private final int batch;
  /** Per layer l, for {@link #gemms}: X_l (B×in), Z_l and dZ_l (B×out), dX_l (B×in). */
  private final A[] xs;
  private final A[] zs;
  private final A[] dzs;
  private final A[] dxs;

  private PassFixture(Kernels<A> k, int[] sizes, int batch, long seed) {
    this.k = k;
    this.arch = Architecture.of(sizes, Activation.RELU, Activation.IDENTITY, Loss.CROSS_ENTROPY);
    this.net = new Network<>(arch, k);
    this.ws = net.newWorkspace(batch, true);
    this.batch = batch;
    this.theta = k.fromDoubles(Init.initialize(arch, seed));
    this.grad = k.alloc(arch.numParams());
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < k.length(ws.x); i++) {
      k.set(ws.x, i, rng.nextDouble());
    }
    Arrays.setAll(ws.labels, i -> rng.nextInt(arch.outputSize()));
    int layers = arch.numLayers();
    this.xs = newArray(layers);
    this.zs = newArray(layers);
    this.dzs = newArray(layers);
    this.dxs = newArray(layers);
    for (int l = 0; l < layers; l++) {
      xs[l] = random(rng, batch * arch.size(l));
      zs[l] = k.alloc(batch * arch.size(l + 1));
      dzs[l] = random(rng, batch * arch.size(l + 1));
      dxs[l] = k.alloc(batch * arch.size(l));
    }
  }

  /** A fixture for layer widths like {@code "784-1024-1024-10"} in {@code precision}. */
  public static PassFixture<?> create(String layers, Precision precision, int batch, long seed) {
    int[] sizes = Arrays.stream(layers.split("-")).mapToInt(Integer::parseInt).toArray();
    return precision == Precision.FLOAT32
        ? new PassFixture<>(Kernels.F32, sizes, batch, seed)
        : new PassFixture<>(Kernels.F64, sizes, batch, seed);
  }

  /** One training pass: zero the gradient, forward, loss, backward. Returns Σ_b ℓ_b. */
  public double pass() {
    net.zeroGradient(grad);
    return net.lossSumAndGradient(theta, ws, batch, 1.0 / batch, grad);
  }

  /** The pass's GEMMs alone, same shapes, flags and betas, no element-wise work. */
  public void gemms() {
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l);
      int out = arch.size(l + 1);
      // (1) Z[B×h] = X[B×d] · W[d×h]                     gemm(N, N)
      k.gemm(N, N, batch, out, in, 1.0, xs[l], 0, in, theta, arch.weightOffset(l), out, 0.0, zs[l], 0, out);
      // (4) dW[d×h] += Xᵀ[d×B] · dZ[B×h]                 gemm(T, N)
      k.gemm(T, N, in, out, batch, 1.0, xs[l], 0, in, dzs[l], 0, out, 1.0, grad, arch.weightOffset(l), out);
      // (3) dX[B×d] = dZ[B×h] · Wᵀ[h×d]                  gemm(N, T)
      k.gemm(N, T, batch, in, out, 1.0, dzs[l], 0, out, theta, arch.weightOffset(l), out, 0.0, dxs[l], 0, in);
    }
  }

  /** FLOPs of one pass's GEMMs: 3 GEMMs × 2·B·in·out per layer = 6·B·Σ in·out. */
  public long flops() {
    return 6L * batch * arch.macsPerSample();
  }

  public Architecture architecture() { return arch; }

  public Precision precision() { return k.precision(); }

  private A random(SplittableRandom rng, int n) {
    A a = k.alloc(n);
    for (int i = 0; i < n; i++) {
      k.set(a, i, rng.nextDouble(-1, 1));
    }
    return a;
  }

  @SuppressWarnings("unchecked")
  private A[] newArray(int n) {
    return (A[]) new Object[n];
  }
}
