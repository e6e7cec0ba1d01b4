package io.sparkmlp.jobs.bench;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.TrainConfig;

/**
 * The MNIST setup both trainers are benchmarked on: layers 784-300-100-10, and our training
 * config for it (ReLU hidden layers, Adam). MLlib's MLP has sigmoid hidden layers and no choice
 * of activation; each trainer runs with its own defaults.
 */
public final class OurMnistConfig {
  public static final int[] LAYERS = {784, 300, 100, 10};
  public static final int BATCH_SIZE = 128;
  public static final double LEARNING_RATE = 1e-3;
  public static final long WARMUP_STEPS = 0;

  private OurMnistConfig() {}

  /** Our config: TrainConfig's defaults (Adam, ReLU, float32) with the benchmark's batch and η. */
  public static TrainConfig trainConfig(BenchSettings s, String precision) {
    return new TrainConfig()
        .setHiddenLayers(LAYERS[1], LAYERS[2])
        .setBatchSize(s.batchSize)
        .setLearningRate(s.learningRate)
        .setWarmupSteps(s.warmupSteps)
        .setPrecision(precision)
        .setSeed(s.seed)
        .setCheckpointDir(null);
  }

  /** 784-300-100-10 (for d inputs and K classes), ReLU hidden, identity logits, cross-entropy. */
  public static Architecture architecture(int inputs, int classes, TrainConfig cfg) {
    int[] h = cfg.hiddenLayers();
    int[] sizes = new int[h.length + 2];
    sizes[0] = inputs;
    System.arraycopy(h, 0, sizes, 1, h.length);
    sizes[sizes.length - 1] = classes;
    return Architecture.of(sizes, Activation.fromName(cfg.activation()), Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
  }
}
