package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A step whose update runs on several threads, in chunks of θ ({@link ParallelSpans}), gives the
 * bits of the same step on one thread: every rule, with weight-decay ranges that cross the chunk
 * boundaries, dense steps and lazy ones (touched rows of W₀, then the tail in chunks).
 */
class ParallelUpdateTest {
  /** Large enough for 4 chunks (as many as the machine has cores run); W₀ is 600 × 500. */
  private static final int D = 600;
  private static final int H = 500;
  private static final int N = D * H + 4 * ParallelSpans.MIN_CHUNK + 1234;

  @Test
  void everyRuleGivesTheBitsOfOneThread() {
    // decay on W₀ and on a range that straddles where the tail's chunks meet
    DecayRanges decay = DecayRanges.of(N, 0, D * H, D * H + 500, N - 777);
    int[] rows0 = {0, 5, 6, 100, 599};
    for (String name : Optimizers.NAMES) {
      OptimizerConfig cfg = new OptimizerConfig().setWeightDecay(0.01);
      AbstractOptimizer one = ((AbstractOptimizer) Optimizers.create(name, cfg, decay)).withThreads(1);
      AbstractOptimizer four = ((AbstractOptimizer) Optimizers.create(name, cfg, decay)).withThreads(4);
      double[] a = values(new Random(1), 1.0), b = a.clone();
      Random r = new Random(2);
      for (int step = 0; step < 4; step++) {
        double[] g = values(r, 1e-2);
        if (step % 2 == 0) {
          one.step(a, g, 0.05);
          four.step(b, g, 0.05);
        } else {
          one.step(a, g, 0.05, rows0, D, H);
          four.step(b, g, 0.05, rows0, D, H);
        }
      }
      assertArrayEquals(a, b, 0.0, name);
      for (String state : one.snapshot().names()) {
        assertArrayEquals(one.snapshot().array(state), four.snapshot().array(state), 0.0, name + " " + state);
      }
      assertEquals(4, four.stepCount());
    }
  }

  private static double[] values(Random r, double scale) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = r.nextGaussian() * scale;
    }
    return v;
  }
}
