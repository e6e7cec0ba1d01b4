package io.sparkmlp.it;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * 20M float32 parameters (784-4096-4096-10) train in local[2] within the documented driver
 * heap (4g, the launchers' default; failsafe runs with -Xmx4g).
 */
class LargeModelIT {
  @Test
  void twentyMillionParametersTrainInLocalMode() {
    Dataset<Row> mnist = DataLoader.load(SparkTestSession.get(), "data/mnist", DataFormat.IDX, "label", 2);
    Dataset<Row> subset = mnist.limit(4096);
    Architecture arch = Architecture.of(new int[] {784, 4096, 4096, 10}, Activation.RELU,
        Activation.IDENTITY, Loss.CROSS_ENTROPY);
    assertEquals(20_037_642, arch.numParams());
    PackedData<float[]> data = Packer.pack(subset, "features", "label", Packer.Task.CLASSIFICATION,
        Kernels.F32, 2, "MNIST subset");
    try {
      TrainConfig cfg = new TrainConfig().set(BATCH_SIZE, 256).set(MAX_EPOCHS, 2).set(LEARNING_RATE, 2e-4);
      TrainingResult r = new Trainer<>(SparkTestSession.jsc(), data, null, arch, cfg, null, null).fit();
      EpochRecord first = r.history().get(0), last = r.history().get(1);
      assertTrue(Double.isFinite(last.trainLoss()) && last.trainLoss() < first.trainLoss(),
          "train loss " + first.trainLoss() + " -> " + last.trainLoss());
      assertTrue(last.trainAccuracy() > 0.85, "train accuracy " + last.trainAccuracy());
    } finally {
      data.unpersist();
    }
  }
}
