package io.sparkmlp.ml;

import io.sparkmlp.nn.Architecture;
import java.io.Serializable;

/**
 * Where an estimator's fit starts when it is given an initial model: that model's θ (copied),
 * and its architecture, which the fit's must equal. Optimizer state (momentum, Adam's moments)
 * starts fresh: a saved model holds θ only.
 */
record WarmStart(String model, Architecture arch, double[] theta) implements Serializable {
  WarmStart {
    theta = theta.clone();
  }

  /**
   * θ to start {@code planned} from.
   *
   * @throws IllegalArgumentException naming both shapes when the architectures differ
   */
  double[] thetaFor(String stage, Architecture planned) {
    if (!arch.equals(planned)) {
      throw new IllegalArgumentException(stage + ": the initial model " + model + " is " + arch
          + ", but this fit builds " + planned + " (from the data's widths and the params); the layer"
          + " sizes, activations and loss must match");
    }
    return theta.clone();
  }
}
