package io.sparkmlp.bench;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.SparseRows;
import io.sparkmlp.nn.Workspace;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where CSR input beats dense input: one forward+backward pass of a d-h-10 network at batch B,
 * the same rows given dense (GEMM, eq. 1 and 4) and as CSR (one axpy per nonzero), at a range of
 * densities. The density where the two times cross is the packing threshold
 * ({@code train.Packer.SPARSE_BELOW}).
 *
 * <p>{@code java -cp ... io.sparkmlp.bench.SparseLayoutBench [d [h [B]]]}, default 784 300 1024.
 */
public final class SparseLayoutBench {
  private SparseLayoutBench() {}

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 784;
    int h = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int b = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    System.out.println("BLAS: " + Blas.describe());
    System.out.printf(Locale.ROOT, "float32, %d-%d-10, B=%d, median of 9 passes after 3%n", d, h, b);
    System.out.println("density | dense ms | csr ms | csr/dense");
    for (double density : new double[] {0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.003, 0.001}) {
      double[] t = time(Kernels.F32, d, h, b, density);
      System.out.printf(Locale.ROOT, "%7.3f | %8.2f | %6.2f | %.2f%n", density, t[0], t[1], t[1] / t[0]);
    }
  }

  private static <A> double[] time(Kernels<A> k, int d, int h, int b, double density) {
    Architecture arch = Architecture.of(new int[] {d, h, 10}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    Network<A> net = new Network<>(arch, k);
    A theta = k.fromDoubles(Init.initialize(arch, 1));
    A grad = k.alloc(arch.numParams());
    Workspace<A> dense = net.newWorkspace(b, false);
    Workspace<A> sparse = net.newSparseWorkspace(b);
    SparseRows<A> rows = new SparseRows<>(k, d, b, (int) (b * d * density) + d);
    SplittableRandom rnd = new SplittableRandom(7);
    int[] idx = new int[d];
    double[] val = new double[d];
    for (int r = 0; r < b; r++) {
      int n = 0;
      for (int c = 0; c < d; c++) {
        if (rnd.nextDouble() < density) {
          idx[n] = c;
          val[n] = rnd.nextDouble();
          k.set(dense.x, r * d + c, val[n]);
          n++;
        }
      }
      rows.addRow(idx, val, 0, n);
      dense.labels[r] = sparse.labels[r] = rnd.nextInt(10);
    }
    double[] denseMs = new double[9], csrMs = new double[9];
    for (int rep = -3; rep < 9; rep++) {
      long t0 = System.nanoTime();
      net.zeroGradient(grad);
      net.lossSumAndGradient(theta, dense, b, 1.0, grad);
      long t1 = System.nanoTime();
      net.zeroGradient(grad);
      net.lossSumAndGradient(theta, rows, sparse, 1.0, grad);
      long t2 = System.nanoTime();
      if (rep >= 0) {
        denseMs[rep] = (t1 - t0) / 1e6;
        csrMs[rep] = (t2 - t1) / 1e6;
      }
    }
    Arrays.sort(denseMs);
    Arrays.sort(csrMs);
    return new double[] {denseMs[4], csrMs[4]};
  }
}
