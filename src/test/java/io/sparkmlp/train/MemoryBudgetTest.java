package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  private static final Architecture BIG = Architecture.of(new int[] {784, 4096, 4096, 10},
      Activation.RELU, Activation.IDENTITY, Loss.CROSS_ENTROPY);
  private static final long GIB = 1L << 30;

  @Test
  void twentyMillionFloat32ParametersFitTheDocumentedLocalSettings() {
    String s = MemoryBudget.check(BIG, new TrainConfig(), 2, new SparkConf().set("spark.master", "local[2]"), 4 * GIB, null);
    assertTrue(s.contains("20,037,642 parameters"), s);
  }

  @Test
  void aModelTooLargeForTheDriverNamesCountBytesAndSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.check(
        BIG, new TrainConfig(), 2, new SparkConf().set("spark.master", "local[2]"), GIB, null));
    String m = e.getMessage();
    assertTrue(m.contains("20,037,642 parameters") && m.contains("GiB") && m.contains("spark.driver.memory")
        && m.contains("heap is 1.00 GiB"), m);
  }

  @Test
  void onAClusterTheExecutorHeapIsCheckedToo() {
    SparkConf conf = new SparkConf().set("spark.master", "spark://127.0.0.1:7077")
        .set("spark.executor.memory", "256m").set("spark.executor.cores", "1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MemoryBudget.check(BIG, new TrainConfig().set(BATCH_SIZE, 1024), 2, conf, 8 * GIB, null));
    assertTrue(e.getMessage().contains("each executor") && e.getMessage().contains("spark.executor.memory"),
        e.getMessage());
  }
}
