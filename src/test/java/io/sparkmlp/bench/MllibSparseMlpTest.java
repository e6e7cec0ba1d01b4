package io.sparkmlp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What MLlib's MLP needs at the text shapes, by hand, and the error line picked from a child's log. */
class MllibSparseMlpTest {
  @Test
  void needsAtTheFortunesShapes() {
    // [2^18, 128, 9]: W0 (262144 × 128) + b0 (128) + W1 (128 × 9) + b1 (9)
    MllibSparseMlp.Needs n = MllibSparseMlp.needs(new int[] {262_144, 128, 9}, new int[] {2642, 2642});
    assertEquals(33_555_721L, n.weights());
    assertEquals(8L * 33_555_721, n.weightBytes());
    // one block: 128 rows × (262144 inputs + 9 one-hot outputs) doubles
    assertEquals(8L * 128 * 262_153, n.blockBytes());
    assertEquals(2 * 21, n.blocks());   // ceil(2642 / 128) = 21 per partition
    assertEquals(2L * 10 * 8 * 33_555_721, n.lbfgsBytes());
  }

  @Test
  void theErrorLineIsTheOutOfMemoryErrorFirstThenAnErrorLogLine() {
    List<String> log = List.of("WARN NativeCodeLoader: no native library", "JOB 1 3.00",
        "ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 5)",
        "java.lang.OutOfMemoryError: Java heap space", "\tat org.apache.spark.ml.ann.DataStacker...");
    assertEquals("java.lang.OutOfMemoryError: Java heap space (ERROR Executor: Exception in task 0.0 in stage 3.0"
        + " (TID 5))", MllibSparseMlp.firstError(log));
    assertEquals("ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 5)",
        MllibSparseMlp.firstError(log.subList(0, 3)));
    assertNull(MllibSparseMlp.firstError(log.subList(0, 2)));
  }
}
