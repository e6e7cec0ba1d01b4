package io.sparkmlp.nn;

import java.util.SplittableRandom;

/**
 * Seeded initial parameters: He-normal W for the ReLU family (std √(2/in)), Xavier/Glorot-uniform
 * W for the rest (±√(6/(in+out))), zero biases. The same seed gives the same θ, on any JVM.
 */
public final class Init {
  private Init() {}

  /** A new θ (float64, the driver's master copy) for {@code arch}. */
  public static double[] initialize(Architecture arch, long seed) {
    double[] theta = new double[arch.numParams()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l);
      int out = arch.size(l + 1);
      int off = arch.weightOffset(l);
      if (arch.activation(l).usesHeInit()) {
        double std = Math.sqrt(2.0 / in);
        for (int i = 0; i < in * out; i++) {
          theta[off + i] = std * rng.nextGaussian();
        }
      } else {
        double a = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
          theta[off + i] = rng.nextDouble(-a, a);
        }
      }
    }
    return theta;
  }
}
